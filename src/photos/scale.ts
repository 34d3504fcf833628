/**
 * A person's photo made the size a phone needs, once per person and photo (src/photos/read.ts):
 * at most {@link PHONE_PHOTO_EDGE} pixels a side, JPEG — the one type Graph documents for a contact
 * photo upload (docs/graph-behaviour.md#contact-photo).
 *
 * Why 432 px: Microsoft 365 keeps photos from 48×48 up to 648×648
 * (https://learn.microsoft.com/graph/api/profilephoto-get?view=graph-rest-1.0); a phone's call
 * screen and contact card show the photo in a circle well under 432 device pixels across, so
 * 648 px would only add bytes — and the photo is uploaded once per contact, into every mailbox
 * (users × mailboxes uploads on a first load), so its size multiplies. Quality 80 keeps a face
 * clean at that size at a few tens of kilobytes. (Our reading of the sizes, not a platform rule.)
 *
 * Every photo is re-encoded, small ones too: that also drops EXIF metadata (camera, place) the
 * original may carry, which has no business in a mailbox.
 *
 * Library: sharp (libvips), https://sharp.pixelplumbing.com — its prebuilt binaries are npm
 * packages of their own (`@img/sharp-<platform>`), installed from the registry like any other,
 * with nothing downloaded at install time; pure-JavaScript jimp was measured 60× slower here
 * (docs/architecture.md#photos).
 */
import sharp from "sharp";

/** Longest side of a contact photo, in pixels (see module doc). */
export const PHONE_PHOTO_EDGE = 432;
const JPEG_QUALITY = 80;

/** Thrown when the bytes are no image sharp can read. */
class UnreadablePhotoError extends Error {
  constructor(cause: unknown) {
    super("the photo is no image cync can read", { cause });
    this.name = "UnreadablePhotoError";
  }
}

/** The photo as a JPEG of at most PHONE_PHOTO_EDGE a side, upright (EXIF orientation applied), without metadata. */
export async function phonePhoto(bytes: Uint8Array): Promise<Buffer> {
  try {
    return await sharp(bytes)
      .rotate()
      .resize(PHONE_PHOTO_EDGE, PHONE_PHOTO_EDGE, { fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer();
  } catch (err) {
    throw new UnreadablePhotoError(err);
  }
}
