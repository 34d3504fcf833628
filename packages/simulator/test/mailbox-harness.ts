/**
 * In-process harness for the mailbox routes' unit tests: a fake directory, a manual clock, and a
 * tiny first-match router over the routes' patterns. The HTTPS path is covered by the
 * faithfulness tests; here handlers are called directly to keep the specification fast.
 */
import { mailboxControlRoutes, mailboxRoutes, MailboxStore, type ContactLimits } from "../src/mailbox";
import type { DirectoryView, MailboxKind, Permission, Route, SimRequest, SimResponse, Stage } from "../src/types";

const BASE = "https://127.0.0.1:8443/v1.0";
const TENANT = "11111111-1111-1111-1111-111111111111";
export const APP = "22222222-2222-2222-2222-222222222222";

/** Named users: a user mailbox, a shared one, and one without a mailbox. */
export const USERS: Record<string, { id: string; upn: string; kind: MailboxKind | undefined }> = {
  adele: { id: "aaaaaaaa-0000-0000-0000-000000000001", upn: "adele@contoso.test", kind: "user" },
  shared: { id: "aaaaaaaa-0000-0000-0000-000000000002", upn: "info@contoso.test", kind: "shared" },
  guest: { id: "aaaaaaaa-0000-0000-0000-000000000003", upn: "guest@fabrikam.test", kind: undefined },
};

const directory: DirectoryView = {
  resolveUser(idOrUpn) {
    const u = Object.values(USERS).find((x) => x.id === idOrUpn || x.upn.toLowerCase() === idOrUpn.toLowerCase());
    return u && { id: u.id, mailboxKind: u.kind };
  },
};

function compile(routes: Route[]): Array<{ route: Route; re: RegExp; names: string[] }> {
  return routes.map((route) => {
    const names: string[] = [];
    const re = new RegExp(
      "^" +
        route.pattern.replace(/[.$]/g, "\\$&").replace(/\{(\w+)\}/g, (_m, n: string) => {
          names.push(n);
          return "([^/]+)";
        }) +
        "$",
    );
    return { route, re, names };
  });
}

export interface Harness {
  store: MailboxStore;
  /** A request as the transport would hand it over. */
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): SimRequest;
  /** Stages around the router, as the tenant composes them (extra routes, e.g. `$batch`, first). */
  pipeline(stages: Stage[], extra?: Route[]): (req: SimRequest) => Promise<SimResponse>;
  clock: { now(): number; advance(ms: number): void };
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<SimResponse & { json: Record<string, unknown> }>;
  control(method: string, url: string, body?: unknown): Promise<SimResponse & { json: Record<string, unknown> }>;
}

export function harness(roles: Permission[] = ["Contacts.ReadWrite"], appId = APP, contactLimits?: ContactLimits): Harness {
  let t = Date.parse("2026-01-01T00:00:00Z");
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) };
  const store = new MailboxStore();
  const graph = compile(mailboxRoutes(directory, store, clock, contactLimits));
  const ctl = compile(mailboxControlRoutes(directory, store, clock));
  const request = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}): SimRequest => {
    const u = new URL(url, "https://x");
    return {
      method,
      path: decodeURIComponent(u.pathname),
      query: u.searchParams,
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
      body,
      principal: { appId, tenantId: TENANT, roles },
      baseUrl: BASE,
      requestId: "req-1",
      inBatch: false,
    };
  };
  const match = (table: typeof graph, req: SimRequest) => {
    for (const { route, re, names } of table) {
      const m = route.method === req.method ? re.exec(req.path) : null;
      if (m) return { route, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])) };
    }
    return undefined;
  };
  const pipeline = (stages: Stage[], extra: Route[] = []) => {
    const table = [...compile(extra), ...graph];
    return async (req: SimRequest): Promise<SimResponse> => {
      const found = match(table, req);
      const mailboxParam = found?.route.mailboxParam;
      const mailboxId = mailboxParam ? directory.resolveUser(found.params[mailboxParam] ?? "")?.id : undefined;
      const ctx = { req, route: found?.route, params: found?.params ?? {}, mailboxId };
      const run = (i: number): Promise<SimResponse> =>
        i < stages.length
          ? stages[i]!.handle(ctx, () => run(i + 1))
          : found
            ? Promise.resolve(found.route.handler(req, found.params))
            : Promise.resolve({ status: 404, body: { error: { code: "ResourceNotFound" } } });
      return run(0);
    };
  };
  const dispatch = (table: typeof graph) => async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const req = request(method, url, body, headers);
    const found = match(table, req);
    if (!found) throw new Error(`no route for ${method} ${req.path}`);
    const { route, params } = found;
    if (route.anyOf.length > 0 && !route.anyOf.some((p) => roles.includes(p))) throw new Error(`test lacks permission for ${route.pattern}`);
    const res = await route.handler(req, params);
    const json = (res.body && !Buffer.isBuffer(res.body) ? res.body : {}) as Record<string, unknown>;
    return { ...res, json };
  };
  return { store, clock, request, pipeline, call: dispatch(graph), control: dispatch(ctl) };
}

/** A URL (absolute link from a response) reduced to the path+query the harness routes. */
export const relative = (link: unknown): string => String(link).slice(BASE.length);

export const errorCode = (res: { json: Record<string, unknown> }): unknown => (res.json["error"] as { code?: unknown } | undefined)?.code;
