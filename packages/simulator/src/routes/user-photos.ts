/**
 * A user's profile photo (docs/graph-behaviour.md#user-photo,
 * https://learn.microsoft.com/graph/api/profilephoto-get?view=graph-rest-1.0):
 *
 *   GET /users/{id | upn}/photo          the photo's metadata: @odata.mediaContentType, @odata.mediaEtag,
 *                                        id ("{w}x{h}"), width, height (fixtures/graph/profilephoto-get-metadata.json)
 *   GET /users/{id | upn}/photo/$value   the bytes, with the photo's Content-Type and ETag
 *
 * A user without a photo — or no such user — answers 404 `ImageNotFound`, as Graph does (observed,
 * docs/graph-behaviour.md#user-photo). Application permission: User.Read.All.
 */
import { graphError } from "../errors";
import { json } from "../mailbox/context";
import type { UserPhoto, UserPhotos } from "../tenant/photos";
import type { Route, SimRequest, SimResponse } from "../types";
import type { DirectoryRouteContext } from "./context";

/** The message Graph sends with `ImageNotFound` (a .NET exception name, reported verbatim in public threads). */
const IMAGE_NOT_FOUND = "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.";

async function photoOf(ctx: DirectoryRouteContext, photos: UserPhotos, req: SimRequest, idOrUpn: string): Promise<{ id: string; photo: UserPhoto } | SimResponse> {
  const user = ctx.directory.liveUser(idOrUpn);
  const photo = user === undefined ? undefined : await photos.get(user.id);
  if (user === undefined || photo === undefined) return graphError(req, 404, "ImageNotFound", IMAGE_NOT_FOUND);
  return { id: user.id, photo };
}

const isFound = (x: { id: string; photo: UserPhoto } | SimResponse): x is { id: string; photo: UserPhoto } => "photo" in x;

export function userPhotoRoutes(ctx: DirectoryRouteContext, photos: UserPhotos): Route[] {
  return [
    {
      method: "GET",
      pattern: "/users/{userId}/photo",
      anyOf: ["User.Read.All"],
      resourceUnits: 1,
      handler: async (req, p): Promise<SimResponse> => {
        const found = await photoOf(ctx, photos, req, p["userId"]!);
        if (!isFound(found)) return found;
        const { id, photo } = found;
        return json(200, {
          "@odata.context": `${req.baseUrl}/$metadata#users('${id}')/photo/$entity`,
          "@odata.id": `${req.baseUrl}/users('${id}')/photo`,
          "@odata.mediaContentType": photo.contentType,
          "@odata.mediaEtag": photo.etag,
          id: `${photo.width}x${photo.height}`,
          width: photo.width,
          height: photo.height,
        });
      },
    },
    {
      method: "GET",
      pattern: "/users/{userId}/photo/$value",
      anyOf: ["User.Read.All"],
      resourceUnits: 1,
      handler: async (req, p): Promise<SimResponse> => {
        const found = await photoOf(ctx, photos, req, p["userId"]!);
        if (!isFound(found)) return found;
        return { status: 200, headers: { "content-type": found.photo.contentType, etag: found.photo.etag }, body: found.photo.bytes };
      },
    },
  ];
}
