/**
 * The requester's Transport over Microsoft's Graph client (client.ts: no RetryHandler). Responses
 * are taken RAW so every status reaches the requester's retry policy instead of becoming a thrown
 * GraphError with the body's message (which may hold personal data) in it.
 *
 * The SDK wraps any failure in a GraphError whose `code` is the error's class name, losing Node's
 * error code (ECONNRESET vs ECONNREFUSED) that decides whether a create may be re-sent. A
 * per-request FailureProbe (a middleware option read by client.ts's two probe middlewares) keeps
 * the original error and whether the request reached the network at all.
 *
 * Why Microsoft's client and not bare fetch: it costs little. With fetch stubbed, so that only
 * client-side cost counts, `npm run bench:writer` measured the requester plus this transport at a
 * median of 83 µs per create against 66 µs over a bare-fetch transport (3 runs on a shared 2-core
 * machine; docs/architecture.md#performance-model) — 17 µs more per request, a quarter of a second
 * of CPU per 16,000 writes, while Exchange admits 16.7 requests/s per mailbox and each spends tens
 * of ms on the network. The bare-fetch transport was removed after that measurement.
 */
import { ResponseType, type Client } from "@microsoft/microsoft-graph-client";
import { FailureProbe } from "./client";
import { AuthenticationError } from "./errors/authentication-error";
import { abandonedBeforeSending } from "./network-failure";
import type { Transport, TransportRequest, TransportResponse } from "./transport";

export function graphClientTransport(client: Client, graphUrl: string): Transport {
  return {
    baseUrl: `${graphUrl}/v1.0`,
    async send(req: TransportRequest): Promise<TransportResponse> {
      const probe = new FailureProbe();
      const request = client
        .api(req.path)
        .headers({ ...req.headers })
        .option("signal", req.signal)
        .middlewareOptions([probe])
        .responseType(ResponseType.RAW);
      let response: Response;
      try {
        response = (await call(request, req)) as Response;
      } catch (err) {
        if (probe.abortedBeforeSending) throw abandonedBeforeSending(probe.error ?? err);
        if (!probe.reachedNetwork) throw new AuthenticationError(probe.error ?? err);
        throw probe.error ?? err;
      }
      const body = await readBody(response);
      return { status: response.status, header: (name) => response.headers.get(name), body };
    },
  };
}

function call(request: ReturnType<Client["api"]>, req: TransportRequest): Promise<unknown> {
  switch (req.method) {
    case "GET":
      return request.get();
    case "POST":
      return request.post(req.body);
    case "PATCH":
      return request.patch(req.body);
    case "PUT":
      return request.put(req.body);
    case "DELETE":
      return request.delete();
    default:
      throw new Error(`unsupported method ${req.method}`);
  }
}

/**
 * Reads a fetch Response's body: bytes for an image (a photo's `$value`), JSON when it says it is
 * JSON, text otherwise.
 */
async function readBody(response: Response): Promise<unknown> {
  const type = response.headers.get("content-type") ?? "";
  if (type.startsWith("image/")) return Buffer.from(await response.arrayBuffer());
  const text = await response.text();
  if (text === "") return undefined;
  if (!type.includes("json")) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
