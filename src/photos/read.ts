/**
 * Source users' photos, read once per person — not once per contact — and cached in the state
 * directory (docs/architecture.md#photos):
 *
 * - Users delta does not report photo changes (the photo is no property of the user resource), so a
 *   user's photo is looked at again only once its record is older than the refresh interval
 *   (default a day): `GET /users/{id}/photo`, the metadata, whose `@odata.mediaEtag` changes with
 *   the photo (docs/graph-behaviour.md#user-photo).
 * - The bytes (`GET /users/{id}/photo/$value`) are read only when that ETag differs from the
 *   cached one, then scaled for phones once (scale.ts) and cached with their hash, which is what
 *   the plan and the ownership marker carry; the applier takes the bytes from the cache.
 * - A user without a photo answers 404 `ImageNotFound`; the documented 200 with an empty
 *   `@odata.mediaEtag` (a 1×1 placeholder) means the same.
 *
 * A photo that cannot be read (throttled for good, refused, unreadable image) is reported and
 * counts as unknown — the last known photo if the cache has one, else no opinion at all — never
 * as "no photo", which would plan removals.
 */
import pLimit from "p-limit";
import type { DirectoryGraph } from "../directory/graph";
import { graphFailure } from "../graph/failure";
import { isRecord } from "../json/record";
import { photoHash } from "../registry/hash";
import { userPhotoKey, type StateStore } from "../state";
import { phonePhoto } from "./scale";

/** How long a checked photo is trusted before its metadata is read again. */
export const DEFAULT_PHOTO_REFRESH_MS = 24 * 60 * 60 * 1000;
/** Photo reads in flight at once: directory-side reads under the requester's global ceiling. */
const PARALLEL = 8;
const RECORD_VERSION = 1;

/** One user's photo as last checked. Holds the scaled bytes: the state directory is 0700. */
interface PhotoRecord {
  /** When the metadata was last read (ms since epoch). */
  readonly checkedAt: number;
  /** The photo's `@odata.mediaEtag` then; null when the user had none. */
  readonly etag: string | null;
  /** photoHash of the scaled bytes; null when the user had none. */
  readonly hash: string | null;
  /** The scaled JPEG, base64. */
  readonly jpeg?: string;
}

export interface PhotoReadOptions {
  /** @default DEFAULT_PHOTO_REFRESH_MS */
  readonly refreshMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Requests the read made and what it concluded, for the run's statistics and the benchmark. */
export interface PhotoReadStats {
  readonly metadataReads: number;
  readonly byteReads: number;
  /** Users whose photo could not be read this time (see module doc). */
  readonly failed: number;
}

export interface PhotoRead {
  /** User id → photoHash of their photo, or null for none; users whose photo is unknown are absent. */
  readonly photos: ReadonlyMap<string, string | null>;
  readonly stats: PhotoReadStats;
}

const isNotFound = (err: unknown): boolean => graphFailure(err)?.status === 404;

/** Reads (or recalls) the photo of every user in `userIds` (see module doc). */
export async function readUserPhotos(graph: DirectoryGraph, state: StateStore, userIds: Iterable<string>, options: PhotoReadOptions = {}): Promise<PhotoRead> {
  const refreshMs = options.refreshMs ?? DEFAULT_PHOTO_REFRESH_MS;
  const now = options.now ?? Date.now;
  const photos = new Map<string, string | null>();
  let metadataReads = 0;
  let byteReads = 0;
  let failed = 0;
  const limit = pLimit(PARALLEL);

  const check = async (userId: string): Promise<void> => {
    const key = userPhotoKey(userId);
    const cached = await state.read<PhotoRecord>(key, RECORD_VERSION);
    const usable = cached !== undefined && (cached.hash === null || cached.jpeg !== undefined);
    const age = now() - (cached?.checkedAt ?? -Infinity);
    if (usable && age >= 0 && age < refreshMs) {
      photos.set(userId, cached.hash);
      return;
    }
    const path = `/users/${encodeURIComponent(userId)}/photo`;
    try {
      metadataReads++;
      const etag = await mediaEtag(graph, path);
      if (etag === null) {
        await state.write(key, { checkedAt: now(), etag: null, hash: null } satisfies PhotoRecord, RECORD_VERSION);
        photos.set(userId, null);
        return;
      }
      if (usable && cached.etag === etag) {
        await state.write(key, { ...cached, checkedAt: now() } satisfies PhotoRecord, RECORD_VERSION);
        photos.set(userId, cached.hash);
        return;
      }
      byteReads++;
      const original = await bytesAt(graph, `${path}/$value`);
      if (original === undefined) {
        // Removed between the two reads.
        await state.write(key, { checkedAt: now(), etag: null, hash: null } satisfies PhotoRecord, RECORD_VERSION);
        photos.set(userId, null);
        return;
      }
      const scaled = await phonePhoto(original);
      const hash = photoHash(scaled);
      await state.write(key, { checkedAt: now(), etag, hash, jpeg: scaled.toString("base64") } satisfies PhotoRecord, RECORD_VERSION);
      photos.set(userId, hash);
    } catch {
      failed++;
      if (usable) photos.set(userId, cached.hash);
    }
  };

  await Promise.all([...new Set(userIds)].map((id) => limit(() => check(id))));
  return { photos, stats: { metadataReads, byteReads, failed } };
}

/** The photo's ETag, or null when the user has none. */
async function mediaEtag(graph: DirectoryGraph, path: string): Promise<string | null> {
  let body: unknown;
  try {
    body = await graph.get(path);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
  const etag = isRecord(body) ? body["@odata.mediaEtag"] : undefined;
  return typeof etag === "string" && etag !== "" ? etag : null;
}

/** The photo's bytes; undefined on 404. */
async function bytesAt(graph: DirectoryGraph, path: string): Promise<Uint8Array | undefined> {
  try {
    const body = await graph.get(path);
    if (body instanceof Uint8Array) return body;
    throw new Error("the photo came back without image bytes");
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The scaled bytes of `userId`'s photo whose hash is `hash`, from the cache; undefined when it no longer holds them. */
export async function cachedPhoto(state: StateStore, userId: string, hash: string): Promise<Buffer | undefined> {
  const record = await state.read<PhotoRecord>(userPhotoKey(userId), RECORD_VERSION);
  return record?.hash === hash && record.jpeg !== undefined ? Buffer.from(record.jpeg, "base64") : undefined;
}
