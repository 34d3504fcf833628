import { describe, expect, it } from "vitest";
import { isSoftError } from "../../src/errors/sync-error";
import { AuthenticationError } from "../../src/graph/errors/authentication-error";
import { GraphHttpError } from "../../src/graph/errors/graph-http-error";
import { NetworkError } from "../../src/graph/errors/network-error";
import { ThrottledError } from "../../src/graph/errors/throttled-error";

const request = {
  operation: "create contact",
  method: "POST",
  url: "https://graph.microsoft.com/v1.0/users/u1/contacts?$filter=emailAddresses/any(a:a/address eq 'alice@contoso.com')",
};

describe("Graph errors", () => {
  it.each([
    [
      "GraphHttpError: operation, status, code, method, URL without its query",
      new GraphHttpError({ ...request, status: 404, code: "ErrorItemNotFound", requestId: "r1" }),
      "create contact failed with status 404 ErrorItemNotFound: POST https://graph.microsoft.com/v1.0/users/u1/contacts",
      false,
    ],
    [
      "GraphHttpError without a code",
      new GraphHttpError({ ...request, status: 500, code: undefined, requestId: undefined }),
      "create contact failed with status 500: POST https://graph.microsoft.com/v1.0/users/u1/contacts",
      false,
    ],
    [
      "GraphHttpError 503 after retries is transient",
      new GraphHttpError({ ...request, status: 503, code: "serviceNotAvailable", requestId: undefined }),
      "create contact failed with status 503 serviceNotAvailable: POST https://graph.microsoft.com/v1.0/users/u1/contacts",
      true,
    ],
    [
      "ThrottledError",
      new ThrottledError({ ...request, code: "ApplicationThrottled", requestId: undefined }, 8, 2_128),
      "create contact still throttled (429 ApplicationThrottled) after 8 retries, server asked to wait 2128 ms: POST https://graph.microsoft.com/v1.0/users/u1/contacts",
      true,
    ],
    [
      "NetworkError",
      new NetworkError(request, "ECONNRESET", 3, new Error("socket hang up https://graph.microsoft.com/…alice@contoso.com")),
      "create contact failed without a response (ECONNRESET) after 3 retries: POST https://graph.microsoft.com/v1.0/users/u1/contacts",
      true,
    ],
    [
      "NetworkError on an untrusted certificate hints at the CA",
      new NetworkError(request, "SELF_SIGNED_CERT_IN_CHAIN", 0, undefined),
      "create contact failed without a response (SELF_SIGNED_CERT_IN_CHAIN) after 0 retries: POST https://graph.microsoft.com/v1.0/users/u1/contacts — is the server's CA trusted (NODE_EXTRA_CA_CERTS, set before Node starts)?",
      true,
    ],
  ])("%s", (_name, error, message, transient) => {
    expect(error.message).toBe(message);
    expect(error.message).not.toContain("alice");
    expect(isSoftError(error)).toBe(transient);
    expect(error.name).toBe(error.constructor.name);
  });

  it.each([
    ["keeps Entra's code and first line", new Error("ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided.\nTrace ID: x"), /failed: ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided\.$/],
    ["explains msal's unreachable-authority message", new Error("endpoints_resolution_error: Endpoints cannot be resolved"), /could not be reached or its certificate is not trusted; .*NODE_EXTRA_CA_CERTS/],
  ])("AuthenticationError %s", (_name, cause, message) => {
    const error = new AuthenticationError(cause);
    expect(error.message).toMatch(message);
    expect(isSoftError(error)).toBe(false);
  });
});
