/** The local CA and the server certificate it issues (packages/simulator/src/tls.ts). */
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { issueServerCertificate, loadOrCreateCa } from "../src/tls";

const dir = mkdtempSync(join(tmpdir(), "cync-ca-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadOrCreateCa", () => {
  it("creates a CA once and reuses it, the key readable by its owner only", () => {
    const first = loadOrCreateCa(dir);
    const again = loadOrCreateCa(dir);
    expect(again).toEqual(first);
    expect(first.certFile).toBe(join(dir, "ca.pem"));
    expect(isAbsolute(loadOrCreateCa(relative(process.cwd(), dir)).certFile)).toBe(true);
    expect(new X509Certificate(first.certPem).ca).toBe(true);
    expect(statSync(join(dir, "ca-key.pem")).mode & 0o077).toBe(0);
  });
});

describe("issueServerCertificate", () => {
  it.each([
    ["127.0.0.1", (c: X509Certificate) => c.checkIP("127.0.0.1")],
    ["localhost", (c: X509Certificate) => c.checkHost("localhost")],
  ])("issues a certificate for %s, signed by the CA", async (_name, check) => {
    const ca = loadOrCreateCa(dir);
    const server = new X509Certificate((await issueServerCertificate(ca)).certPem);
    expect(server.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(check(server)).toBeDefined();
  });
});
