/**
 * Source users' photos (src/photos/read.ts): read once per person per refresh interval, bytes only
 * when the ETag changed, scaled for phones once, and never "no photo" when it could not be read.
 */
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { DirectoryGraph } from "../../src/directory/graph";
import { cachedPhoto, readUserPhotos } from "../../src/photos/read";
import { PHONE_PHOTO_EDGE } from "../../src/photos/scale";
import { photoHash } from "../../src/registry/hash";
import { createMemoryStateStore } from "../../src/state";

const DAY = 86_400_000;

class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/** A directory with photos by user id: {etag, bytes} or none; every GET logged. */
class FakePhotos implements DirectoryGraph {
  readonly log: string[] = [];
  readonly photos = new Map<string, { etag: string; bytes: Buffer }>();
  failing = false;

  async get(path: string): Promise<unknown> {
    this.log.push(path);
    if (this.failing) throw new GraphError(503, "ServiceUnavailable");
    const [, , id, , value] = path.split("/");
    const photo = this.photos.get(decodeURIComponent(id!));
    if (photo === undefined) throw new GraphError(404, "ImageNotFound");
    return value === "$value" ? photo.bytes : { "@odata.mediaContentType": "image/jpeg", "@odata.mediaEtag": photo.etag, id: "648x648", width: 648, height: 648 };
  }
}

let small: Buffer;
let large: Buffer;
beforeAll(async () => {
  small = await sharp({ create: { width: 96, height: 96, channels: 3, background: "#204080" } }).jpeg().toBuffer();
  large = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: "#802040" } }).png().toBuffer();
});

function setup() {
  const graph = new FakePhotos();
  const state = createMemoryStateStore();
  let now = 1_000 * DAY;
  const read = (ids: string[], refreshMs?: number) => readUserPhotos(graph, state, ids, { now: () => now, ...(refreshMs === undefined ? {} : { refreshMs }) });
  return { graph, state, read, advance: (ms: number) => (now += ms) };
}

describe("readUserPhotos", () => {
  it("reads metadata and bytes once, then nothing while the refresh interval lasts", async () => {
    const { graph, read } = setup();
    graph.photos.set("u-a", { etag: '"A1"', bytes: small });
    const first = await read(["u-a", "u-b", "u-a"]);
    expect(first.stats).toEqual({ metadataReads: 2, byteReads: 1, failed: 0 });
    expect(first.photos.get("u-b")).toBeNull();
    expect(typeof first.photos.get("u-a")).toBe("string");
    const second = await read(["u-a", "u-b"]);
    expect(second.stats).toEqual({ metadataReads: 0, byteReads: 0, failed: 0 });
    expect(second.photos).toEqual(first.photos);
  });

  it.each<[string, (g: FakePhotos) => void, { metadataReads: number; byteReads: number }, "same" | "other" | "none"]>([
    ["same ETag after the interval: metadata only", () => {}, { metadataReads: 1, byteReads: 0 }, "same"],
    ["new ETag: the bytes again", (g) => g.photos.set("u-a", { etag: '"A2"', bytes: large }), { metadataReads: 1, byteReads: 1 }, "other"],
    ["photo removed: none", (g) => g.photos.delete("u-a"), { metadataReads: 1, byteReads: 0 }, "none"],
  ])("%s", async (_name, change, requests, outcome) => {
    const { graph, read, advance } = setup();
    graph.photos.set("u-a", { etag: '"A1"', bytes: small });
    const before = (await read(["u-a"])).photos.get("u-a");
    change(graph);
    advance(DAY);
    const after = await read(["u-a"]);
    expect(after.stats).toEqual({ ...requests, failed: 0 });
    const hash = after.photos.get("u-a");
    if (outcome === "same") expect(hash).toBe(before);
    if (outcome === "other") expect(hash).not.toBe(before);
    if (outcome === "none") expect(hash).toBeNull();
  });

  it("an empty mediaEtag (Graph's 1×1 placeholder) means no photo", async () => {
    const { graph, read } = setup();
    graph.get = async (path) => (graph.log.push(path), { "@odata.mediaContentType": "image/gif", "@odata.mediaEtag": "", id: "1x1", width: 1, height: 1 });
    const r = await read(["u-a"]);
    expect([r.photos.get("u-a"), r.stats.byteReads]).toEqual([null, 0]);
  });

  it("a photo that cannot be read keeps its last known hash, or stays unknown — never 'no photo'", async () => {
    const { graph, read, advance } = setup();
    graph.photos.set("u-a", { etag: '"A1"', bytes: small });
    const known = (await read(["u-a"])).photos.get("u-a");
    graph.failing = true;
    advance(DAY);
    const r = await read(["u-a", "u-new"]);
    expect(r.stats.failed).toBe(2);
    expect(r.photos.get("u-a")).toBe(known);
    expect(r.photos.has("u-new")).toBe(false);
  });

  it("scales a large photo to a JPEG of at most PHONE_PHOTO_EDGE a side, cached for the applier by hash", async () => {
    const { graph, state, read } = setup();
    graph.photos.set("u-a", { etag: '"A1"', bytes: large });
    const hash = (await read(["u-a"])).photos.get("u-a")!;
    const bytes = (await cachedPhoto(state, "u-a", hash))!;
    expect(photoHash(bytes)).toBe(hash);
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", PHONE_PHOTO_EDGE, (PHONE_PHOTO_EDGE * 1200) / 1600]);
    expect(await cachedPhoto(state, "u-a", "another-hash")).toBeUndefined();
  });
});
