/**
 * Users' profile photos, as Graph serves them (docs/graph-behaviour.md#user-photo):
 * https://learn.microsoft.com/graph/api/profilephoto-get?view=graph-rest-1.0.
 *
 * A generated tenant needs no photo files: whether a user has a photo, and which, follows from the
 * user's id — about two users in three have one, and about one in ten of those is a large
 * (over 1 MB, 1400×1400) picture of the kind an administrator uploads straight from a camera, the
 * rest 648×648, the largest size Microsoft 365 keeps. The bytes are made on first request and kept.
 * The control API replaces or removes a user's photo (control.ts); such changes are kept with the
 * data directory's state (`--data`, persist.ts), not in the tenant file.
 */
import { createHash } from "node:crypto";
import sharp from "sharp";

export interface UserPhoto {
  readonly bytes: Buffer;
  readonly contentType: string;
  /** Graph's `@odata.mediaEtag`: a quoted token that changes whenever the photo does. */
  readonly etag: string;
  readonly width: number;
  readonly height: number;
}

/** What a user's photo is: none, one made from (id, version), or bytes someone uploaded. */
type PhotoSource =
  | { readonly kind: "none" }
  | { readonly kind: "generated"; readonly version: number; readonly large: boolean }
  | { readonly kind: "uploaded"; readonly bytes: Buffer; readonly contentType: string };

/** The photos changed through the control API, as plain JSON (bytes as base64), by user id. */
export type UserPhotosJSON = Record<
  string,
  { readonly kind: "none" } | { readonly kind: "generated"; readonly version: number; readonly large: boolean } | { readonly kind: "uploaded"; readonly base64: string; readonly contentType: string }
>;

/** Edge of a large generated photo: 1400² of noise encodes to about 1.6 MB of JPEG. */
const LARGE_EDGE = 1400;
/** Edge of an ordinary generated photo: Microsoft 365's largest HD size (profilephoto-get). */
const NORMAL_EDGE = 648;

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/** The photo a generated tenant gives a user nobody changed: decided by the user's id alone. */
function defaultSource(userId: string): PhotoSource {
  const [a = 0, b = 0] = digest(`photo:${userId}`);
  if (a % 3 === 0) return { kind: "none" };
  return { kind: "generated", version: 1, large: b % 10 === 0 };
}

/** Deterministic pixels: noise for a large photo (so JPEG cannot shrink it), a flat colour otherwise. */
function pixels(seed: Buffer, edge: number, noisy: boolean): Buffer {
  const out = Buffer.alloc(edge * edge * 3);
  if (!noisy) {
    for (let i = 0; i < out.length; i += 3) seed.copy(out, i, 0, 3);
    return out;
  }
  // xorshift32 seeded from the digest: fast, reproducible, incompressible enough.
  let x = seed.readUInt32LE(0) | 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

async function render(userId: string, source: PhotoSource): Promise<UserPhoto | undefined> {
  if (source.kind === "none") return undefined;
  let bytes: Buffer;
  let contentType: string;
  if (source.kind === "uploaded") {
    bytes = source.bytes;
    contentType = source.contentType;
  } else {
    const edge = source.large ? LARGE_EDGE : NORMAL_EDGE;
    const seed = digest(`pixels:${userId}:${source.version}`);
    bytes = await sharp(pixels(seed, edge, source.large), { raw: { width: edge, height: edge, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer();
    contentType = "image/jpeg";
  }
  const meta = await sharp(bytes).metadata();
  const etag = `"${createHash("sha256").update(bytes).digest("hex").slice(0, 8).toUpperCase()}"`;
  return { bytes, contentType, etag, width: meta.width, height: meta.height };
}

export class UserPhotos {
  private readonly sources = new Map<string, PhotoSource>();

  static fromJSON(json: UserPhotosJSON | undefined): UserPhotos {
    const photos = new UserPhotos();
    for (const [id, s] of Object.entries(json ?? {})) {
      photos.sources.set(id, s.kind === "uploaded" ? { kind: "uploaded", bytes: Buffer.from(s.base64, "base64"), contentType: s.contentType } : s);
    }
    return photos;
  }

  toJSON(): UserPhotosJSON {
    const out: UserPhotosJSON = {};
    for (const [id, s] of this.sources) out[id] = s.kind === "uploaded" ? { kind: "uploaded", base64: s.bytes.toString("base64"), contentType: s.contentType } : s;
    return out;
  }
  private readonly rendered = new Map<string, { source: PhotoSource; photo: Promise<UserPhoto | undefined> }>();

  /** The user's photo, or undefined when the user has none. */
  get(userId: string): Promise<UserPhoto | undefined> {
    const source = this.sources.get(userId) ?? defaultSource(userId);
    const cached = this.rendered.get(userId);
    if (cached?.source === source) return cached.photo;
    const photo = render(userId, source);
    this.rendered.set(userId, { source, photo });
    return photo;
  }

  /** A new generated photo for the user (a new ETag), large or not. */
  regenerate(userId: string, large: boolean): void {
    const current = this.sources.get(userId) ?? defaultSource(userId);
    const version = current.kind === "generated" ? current.version + 1 : 2;
    this.sources.set(userId, { kind: "generated", version, large });
  }

  /** The user's photo becomes these bytes. */
  upload(userId: string, bytes: Buffer, contentType: string): void {
    this.sources.set(userId, { kind: "uploaded", bytes, contentType });
  }

  /** The user has no photo any more. */
  remove(userId: string): void {
    this.sources.set(userId, { kind: "none" });
  }
}
