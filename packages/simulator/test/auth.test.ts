/**
 * Transport and identity: the unmodified @azure/identity credentials authenticate against the
 * simulator's authority over HTTPS, and Graph refuses bad tokens with 401 and missing permissions
 * with 403.
 */
import { ClientAssertionCredential, ClientCertificateCredential, ClientSecretCredential } from "@azure/identity";
import { describe, expect, it } from "vitest";
import { withSimulator } from "../src/testing";

const sim = withSimulator({ users: 20 });
const SCOPE = "https://graph.microsoft.com/.default";

async function graph(path: string, token: string | undefined, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.graphUrl}/v1.0${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string> | undefined) },
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe("authority", () => {
  it.each(["applier", "planner"] as const)("ClientSecretCredential of the %s gets a token Graph accepts", async (app) => {
    const token = await sim.credential(app).getToken(SCOPE);
    expect(token?.token).toMatch(/^ey/);
    expect((await graph("/users?$top=1", token!.token)).status).toBe(200);
  });

  it.each([
    ["Graph's app id URI", () => "https://graph.microsoft.com/.default", true],
    ["Graph's app id", () => "00000003-0000-0000-c000-000000000000/.default", true],
    ["the simulator's own Graph URL", () => `${sim.graphUrl}/.default`, true],
    ["another resource", () => "https://management.azure.com/.default", false],
  ])("scope for %s: token issued = %s", async (_name, scope, issued) => {
    const token = sim.credential("planner").getToken(scope());
    if (issued) expect((await token)?.token).toMatch(/^ey/);
    else await expect(token).rejects.toThrow(/AADSTS1002012/);
  });

  it("ClientAssertionCredential signs in with a GitHub-style federated assertion", async () => {
    const { clientId, federatedSubject } = sim.apps.applier;
    const credential = new ClientAssertionCredential(sim.tenantId, clientId, () => sim.handle.mintAssertion(federatedSubject), {
      authorityHost: sim.authorityHost,
      disableInstanceDiscovery: true,
    });
    const token = await credential.getToken(SCOPE);
    expect((await graph("/users?$top=1", token!.token)).status).toBe(200);
  });

  it.each([
    ["a wrong secret", (s: typeof sim) => new ClientSecretCredential(s.tenantId, s.apps.planner.clientId, "wrong", { authorityHost: s.authorityHost, disableInstanceDiscovery: true }), /AADSTS7000215/],
    ["an assertion for another subject", (s: typeof sim) => new ClientAssertionCredential(s.tenantId, s.apps.applier.clientId, () => s.handle.mintAssertion("repo:evil/fork:pull_request"), { authorityHost: s.authorityHost, disableInstanceDiscovery: true }), /AADSTS70021/],
    ["an unknown client", (s: typeof sim) => new ClientSecretCredential(s.tenantId, "00000000-0000-0000-0000-000000000001", "x", { authorityHost: s.authorityHost, disableInstanceDiscovery: true }), /AADSTS700016/],
  ])("refuses %s", async (_name, make, message) => {
    await expect(make(sim).getToken(SCOPE)).rejects.toThrow(message);
  });
});

describe("federated assertions", () => {
  it("refuses an assertion that expired before it was presented (AADSTS700024)", async () => {
    const { clientId, federatedSubject } = sim.apps.applier;
    const assertion = await sim.handle.mintAssertion(federatedSubject);
    sim.handle.clock.advance(10 * 60_000);
    const credential = new ClientAssertionCredential(sim.tenantId, clientId, async () => assertion, { authorityHost: sim.authorityHost, disableInstanceDiscovery: true });
    await expect(credential.getToken(SCOPE)).rejects.toThrow(/AADSTS700024/);
  });

  it("refuses an assertion for another audience (AADSTS70021)", async () => {
    const { clientId, federatedSubject } = sim.apps.applier;
    const credential = new ClientAssertionCredential(sim.tenantId, clientId, () => sim.handle.mintAssertion(federatedSubject, "api://SomethingElse"), {
      authorityHost: sim.authorityHost,
      disableInstanceDiscovery: true,
    });
    await expect(credential.getToken(SCOPE)).rejects.toThrow(/AADSTS70021/);
  });
});

describe("Graph token validation", () => {
  it.each([
    ["missing", async () => undefined, "Access token is empty."],
    ["malformed", async () => "not-a-jwt", "IDX14100: JWT is not well formed."],
    ["expired", () => sim.handle.issueToken("applier", { exp: Math.floor(Date.now() / 1000) - 60 }), "Lifetime validation failed, the token is expired."],
    ["for another audience", () => sim.handle.issueToken("applier", { aud: "https://management.azure.com" }), "Access token validation failure. Invalid audience."],
    ["for another tenant", () => sim.handle.issueToken("applier", { tid: "11111111-2222-3333-4444-555555555555" }), "Access token validation failure. Invalid issuer or tenant."],
  ])("answers a %s token with 401 InvalidAuthenticationToken", async (_name, token, message) => {
    const res = await graph("/users", await token());
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: "InvalidAuthenticationToken", message } });
  });

  it("answers a forged token (signed by another key) with 401", async () => {
    const real = await sim.handle.issueToken("applier");
    const [header, payload] = real.split(".");
    const forged = `${header}.${payload}.${Buffer.from("forged-signature").toString("base64url")}`;
    expect((await graph("/users", forged)).status).toBe(401);
  });

  it("expires a token when the simulated clock passes its lifetime", async () => {
    const token = await sim.handle.issueToken("planner");
    expect((await graph("/users?$top=1", token)).status).toBe(200);
    sim.handle.clock.advance(3600_000);
    expect((await graph("/users?$top=1", token)).body).toMatchObject({ error: { code: "InvalidAuthenticationToken" } });
  });
});

describe("permissions", () => {
  it("lets the read-only planner read and refuses it a contact write with 403", async () => {
    const planner = (await sim.credential("planner").getToken(SCOPE))!.token;
    const user = sim.handle.directory.toFile().users.find((u) => u.mailbox === "user")!;
    expect((await graph(`/users/${user.id}/contacts`, planner)).status).toBe(200);
    const write = await graph(`/users/${user.id}/contacts`, planner, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ givenName: "X" }),
    });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ error: { code: "ErrorAccessDenied" } });
  });
});

describe("time scale", () => {
  const fast = withSimulator({ users: 20, timeScale: 3600, tokenLifetimeSec: 7200 });

  it("tells clients a token's lifetime in real seconds, so they renew it in time", async () => {
    const token = await fast.credential("planner").getToken(SCOPE);
    // Two simulated hours at 3,600 simulated seconds per real second: two real seconds (msal
    // counts whole seconds from when it sent the request), not two hours.
    expect(token!.expiresOnTimestamp - Date.now()).toBeLessThan(4_000);
  });
});

describe("certificate credentials", () => {
  it("ClientCertificateCredential signs in with a certificate registered through the control API", async () => {
    const issued = await sim.control("POST", `/apps/${sim.apps.planner.clientId}/certificates`);
    expect(issued.status).toBe(201);
    const credential = new ClientCertificateCredential(sim.tenantId, sim.apps.planner.clientId, { certificate: issued.body.pem }, {
      authorityHost: sim.authorityHost,
      disableInstanceDiscovery: true,
    });
    const token = await credential.getToken(SCOPE);
    expect((await graph("/users?$top=1", token!.token)).status).toBe(200);
  });

  it("refuses a certificate the app does not have (AADSTS700027)", async () => {
    const other = await sim.control("POST", `/apps/${sim.apps.applier.clientId}/certificates`);
    const credential = new ClientCertificateCredential(sim.tenantId, sim.apps.planner.clientId, { certificate: other.body.pem }, {
      authorityHost: sim.authorityHost,
      disableInstanceDiscovery: true,
    });
    await expect(credential.getToken(SCOPE)).rejects.toThrow(/AADSTS700027/);
  });
});
