/**
 * The transport: HTTPS on 127.0.0.1 with keep-alive, request bodies read whole, and the connection
 * drops fault injection asks for (`SimResponse.drop`). Latency is a pipeline stage (latency.ts), so
 * that it is spent inside a request's mailbox concurrency slot.
 */
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { CertificateWithKey } from "./tls";
import type { SimResponse } from "./types";

export interface RawRequest {
  readonly method: string;
  readonly url: URL;
  /** Lower-case header names (Node's), single values. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

export interface TransportOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly certificate: CertificateWithKey;
  readonly handle: (req: RawRequest) => Promise<SimResponse>;
}

export interface Transport {
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

const JSON_TYPE = "application/json";

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function write(res: ServerResponse, out: SimResponse): void {
  const headers: Record<string, string> = { ...out.headers };
  let payload: Buffer | string | undefined;
  if (Buffer.isBuffer(out.body)) payload = out.body;
  else if (out.body !== undefined) {
    payload = JSON.stringify(out.body);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) headers["content-type"] = JSON_TYPE;
  }
  if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(out.status, headers);
  res.end(payload);
}

export function startTransport(options: TransportOptions): Promise<Transport> {
  const sockets = new Set<Socket>();
  let origin = "";
  const server: Server = createServer({ cert: options.certificate.certPem, key: options.certificate.keyPem, keepAlive: true }, (req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        const out = await options.handle({
          method: (req.method ?? "GET").toUpperCase(),
          url: new URL(req.url ?? "/", origin),
          headers: flatHeaders(req),
          body,
        });
        if (out.drop) {
          // Fault injection: the client sees a reset connection, never an answer.
          req.socket.destroy();
          return;
        }
        write(res, out);
      } catch (err) {
        if (!res.headersSent) write(res, { status: 500, body: { error: { code: "InternalServerError", message: err instanceof Error ? err.message : String(err) } } });
      }
    })();
  });
  server.keepAliveTimeout = 30_000;
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("secureConnection", (s) => s.setNoDelay(true));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      origin = `https://${options.host}:${port}`;
      resolve({
        origin,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const s of sockets) s.destroy();
          }),
      });
    });
  });
}
