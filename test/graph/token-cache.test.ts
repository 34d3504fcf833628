import type { AccessToken, TokenCredential } from "@azure/identity";
import { describe, expect, it } from "vitest";
import { cachingCredential } from "../../src/graph/token-cache";

const MINUTE = 60_000;

/** A credential that issues token-1, token-2, … each valid for `lifetimeMs`, counting its calls. */
function issuer(lifetimeMs: number, clock: { now: number }, refreshAfterMs?: number): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    getToken(): Promise<AccessToken> {
      credential.calls++;
      const token: AccessToken = { token: `token-${credential.calls}`, expiresOnTimestamp: clock.now + lifetimeMs };
      return Promise.resolve(refreshAfterMs === undefined ? token : { ...token, refreshAfterTimestamp: clock.now + refreshAfterMs });
    },
  };
  return credential;
}

describe("cachingCredential", () => {
  it.each<[string, number, number | undefined, number, string, number]>([
    ["reuses the token while it is fresh", 60 * MINUTE, undefined, 30 * MINUTE, "token-1", 1],
    ["asks again two minutes before it expires", 60 * MINUTE, undefined, 58 * MINUTE + 1, "token-2", 2],
    ["asks again after the service's refresh time", 60 * MINUTE, 10 * MINUTE, 10 * MINUTE, "token-2", 2],
  ])("%s", async (_name, lifetime, refreshAfter, later, token, calls) => {
    const clock = { now: 0 };
    const inner = issuer(lifetime, clock, refreshAfter);
    const cached = cachingCredential(inner, () => clock.now);
    expect((await cached.getToken("scope"))?.token).toBe("token-1");
    clock.now = later;
    expect((await cached.getToken("scope"))?.token).toBe(token);
    expect(inner.calls).toBe(calls);
  });

  it("shares one acquisition between concurrent requests", async () => {
    const clock = { now: 0 };
    const inner = issuer(60 * MINUTE, clock);
    const cached = cachingCredential(inner, () => clock.now);
    const tokens = await Promise.all([cached.getToken("scope"), cached.getToken("scope"), cached.getToken("scope")]);
    expect(tokens.map((t) => t?.token)).toEqual(["token-1", "token-1", "token-1"]);
    expect(inner.calls).toBe(1);
  });

  it("does not remember a failure: the next request asks again", async () => {
    let fail = true;
    const inner: TokenCredential = {
      getToken: () => (fail ? Promise.reject(new Error("sign-in refused")) : Promise.resolve({ token: "t", expiresOnTimestamp: Date.now() + 60 * MINUTE })),
    };
    const cached = cachingCredential(inner);
    await expect(cached.getToken("scope")).rejects.toThrow("sign-in refused");
    fail = false;
    expect((await cached.getToken("scope"))?.token).toBe("t");
  });
});
