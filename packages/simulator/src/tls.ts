/**
 * A local certificate authority and the server certificate it issues at start-up.
 *
 * @azure/identity refuses a non-https authority, so the simulator must speak TLS that clients
 * trust. Node reads NODE_EXTRA_CA_CERTS only at process start, hence the CA lives at a stable path
 * (`<dir>/ca.pem`, created once and reused) that a CLI or test runner can point to before it starts;
 * the server certificate is fresh on every start. Keys come from node:crypto (fast), certificates
 * from node-forge.
 */
import { generateKeyPair, generateKeyPairSync, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import forge from "node-forge";

export interface CertificateAuthority {
  /** PEM of the CA certificate, what clients must trust. */
  readonly certPem: string;
  readonly keyPem: string;
  /** Where certPem is stored, for NODE_EXTRA_CA_CERTS. */
  readonly certFile: string;
}

/** A certificate and its private key, PEM. */
export interface CertificateWithKey {
  readonly certPem: string;
  readonly keyPem: string;
}

const CA_CERT = "ca.pem";
const CA_KEY = "ca-key.pem";
const DAY_MS = 86_400_000;

interface RsaKeyPair {
  publicKey: forge.pki.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  keyPem: string;
}

const PEM_KEYS = {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
} as const;

function toForge({ publicKey, privateKey }: { publicKey: string; privateKey: string }): RsaKeyPair {
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
    keyPem: privateKey,
  };
}

const rsaKeyPair = (): RsaKeyPair => toForge(generateKeyPairSync("rsa", PEM_KEYS));
/** Off the main thread: start-up runs several key generations in parallel. */
const rsaKeyPairAsync = async (): Promise<RsaKeyPair> => toForge(await promisify(generateKeyPair)("rsa", PEM_KEYS));

function serialNumber(): string {
  // Positive, non-zero serial (RFC 5280 §4.1.2.2): clear the top bit.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString("hex");
}

/** How long a process that lost the race to create a CA waits for the winner to finish it. */
const CA_WAIT_MS = 10_000;

function readCa(certFile: string, keyFile: string): CertificateAuthority {
  return { certPem: readFileSync(certFile, "utf8"), keyPem: readFileSync(keyFile, "utf8"), certFile };
}

/**
 * Load the CA stored in `dir`, or create and store one. Safe when several processes start at once
 * (a test run and `cync sim`): the key is claimed with an exclusive link, the certificate appears
 * by an atomic rename, and whoever lost the claim waits for the winner's certificate.
 */
export function loadOrCreateCa(caDir: string): CertificateAuthority {
  // Absolute: clients started from another directory read certFile too.
  const dir = resolve(caDir);
  const certFile = join(dir, CA_CERT);
  const keyFile = join(dir, CA_KEY);
  if (existsSync(certFile) && existsSync(keyFile)) return readCa(certFile, keyFile);
  const { publicKey, privateKey, keyPem } = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + 3650 * DAY_MS);
  // A name of its own per CA: OpenSSL picks an issuer from a CA bundle by subject name, so two
  // simulator CAs with one name in NODE_EXTRA_CA_CERTS (the demo's and a test's) would shadow each other.
  const subject = [{ name: "commonName", value: `cync simulator local CA ${cert.serialNumber.slice(0, 12)}` }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  mkdirSync(dir, { recursive: true });
  const tmp = `${keyFile}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(tmp, keyPem, { mode: 0o600 });
  try {
    linkSync(tmp, keyFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    return awaitCa(certFile, keyFile);
  } finally {
    unlinkSync(tmp);
  }
  // The certificate last: a reader that sees ca.pem finds its key too.
  writeFileSync(`${tmp}.cert`, certPem);
  renameSync(`${tmp}.cert`, certFile);
  return { certPem, keyPem, certFile };
}

function awaitCa(certFile: string, keyFile: string): CertificateAuthority {
  const deadline = Date.now() + CA_WAIT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(certFile)) {
    if (Date.now() > deadline) throw new Error(`${keyFile} exists but ${certFile} never appeared: remove both to create a new CA`);
    Atomics.wait(pause, 0, 0, 50);
  }
  return readCa(certFile, keyFile);
}

/** Issue a short-lived server certificate for 127.0.0.1 and localhost. */
export async function issueServerCertificate(ca: CertificateAuthority): Promise<CertificateWithKey> {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const { publicKey, keyPem } = await rsaKeyPairAsync();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + 365 * DAY_MS);
  cert.setSubject([{ name: "commonName", value: "127.0.0.1" }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [
        { type: 7, ip: "127.0.0.1" },
        { type: 2, value: "localhost" },
      ],
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

/**
 * A self-signed client certificate for an app registration (ClientCertificateCredential): the
 * private key stays with the caller, only the certificate is registered.
 */
export async function issueClientCertificate(commonName: string): Promise<CertificateWithKey> {
  const { publicKey, privateKey, keyPem } = await rsaKeyPairAsync();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + 365 * DAY_MS);
  const subject = [{ name: "commonName", value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}
