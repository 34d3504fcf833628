import { describe, expect, it } from "vitest";
import { isDeltaTokenExpired } from "../../src/graph/delta-token";
import { GraphHttpError } from "../../src/graph/errors/graph-http-error";
import { loadFixture } from "@cync/simulator/testing";

/** The error the writer raises for a recorded error response (src/graph/attempt.ts). */
function writerError(status: number, code: string | undefined): GraphHttpError {
  return new GraphHttpError({ operation: "read delta", method: "GET", url: "https://graph.microsoft.com/v1.0/users/delta", status, code, requestId: undefined });
}

/** The same answer as Microsoft's Graph client rejects with (`statusCode`, `code`). */
const sdkError = (statusCode: number, code: string): unknown => Object.assign(new Error("GraphError"), { statusCode, code });

const outlookExpired = loadFixture("error-delta-token-expired-outlook-410");
const outlookCode = (outlookExpired.response.body as { error: { code: string } }).error.code;

describe("isDeltaTokenExpired: one rule for directory and contacts delta (docs/graph-behaviour.md#delta-token-expiry)", () => {
  it.each<[string, unknown, boolean]>([
    // Recorded and documented answers that mean "start over".
    ["Outlook contacts delta, expired token (fixture: 410 SyncStateNotFound)", writerError(outlookExpired.response.status, outlookCode), true],
    ["the same through Microsoft's Graph client", sdkError(outlookExpired.response.status, outlookCode), true],
    ["directory delta older than 7 days: 400 syncStateNotFound", writerError(400, "syncStateNotFound"), true],
    ["synchronization reset: 410 Gone whatever the code", writerError(410, undefined), true],
    ["410 Gone with resyncRequired", writerError(410, "resyncRequired"), true],
    ["another 40X with resyncRequired", writerError(400, "resyncRequired"), true],
    ["Outlook's syncStateInvalid", writerError(400, "SyncStateInvalid"), true],
    // Anything else is a failure the caller must see.
    ["a server error that names the sync state", writerError(500, "SyncStateNotFound"), false],
    ["503 service unavailable", writerError(503, "serviceNotAvailable"), false],
    ["400 with another code", writerError(400, "BadRequest"), false],
    ["404 item not found", writerError(404, "ErrorItemNotFound"), false],
    ["a network failure (no status)", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), false],
    ["not an error at all", undefined, false],
  ])("%s → %s", (_name, err, expected) => {
    expect(isDeltaTokenExpired(err)).toBe(expected);
  });
});
