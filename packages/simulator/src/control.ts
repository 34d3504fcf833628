/**
 * The control API, on a path no Graph client uses (`/_sim/…`, no authentication: the simulator is
 * a local test tenant). Tests and the demo use it to read statistics and to change the tenant the
 * way life does — hire, leave, disable, rename, new phone, new department, group changes:
 *
 *   GET    /_sim/stats                       requests.{total,batches,toMailboxes,byMethod,byStatus,succeededByMethod,photos},
 *                                            throttled, peakConcurrency, faults (injected, by kind)
 *   POST   /_sim/stats/reset                 zero the counters (and the throttle's)
 *   GET    /_sim/tenant                      export the tenant (the --tenant file format, tenant/model.ts)
 *   POST   /_sim/users                       hire: a user (Graph properties + "mailbox") → 201
 *   GET    /_sim/users/{id|upn}              a user with its mailbox kind, deleted ones included
 *   PATCH  /_sim/users/{id|upn}              change properties (rename, phone, department,
 *                                            accountEnabled:false to disable; "mailbox" to change it)
 *   DELETE /_sim/users/{id|upn}[?hard=true]  leave: soft delete (restorable), or permanent
 *   POST   /_sim/users/{id|upn}/restore      restore a soft-deleted user
 *   PUT    /_sim/users/{id|upn}/photo        a new profile photo: image bytes (Content-Type image/*), or
 *                                            JSON {"large"?: true} for a new generated one → 204
 *   DELETE /_sim/users/{id|upn}/photo        the user has no photo any more → 204
 *   POST   /_sim/groups                      a group (properties + "members": [ids]) → 201
 *   PATCH  /_sim/groups/{id}                 rename: {"displayName"?, "description"?, …}
 *   DELETE /_sim/groups/{id}                 delete the group (groups delta: @removed deleted)
 *   POST   /_sim/groups/{id}/members         {"id": "<user or group id>"} → 204
 *   DELETE /_sim/groups/{id}/members/{id}    → 204
 *   PATCH  /_sim/apps/{clientId}             {"roles": [permissions]}: an app's application permissions
 *                                            (tokens issued afterwards carry them, as after admin consent)
 *   POST   /_sim/apps/{clientId}/certificates  → {"pem"}: a new certificate registered on the app, and
 *                                            its key (PEM, for AZURE_CLIENT_CERTIFICATE_PATH)
 *   POST   /_sim/oidc/token                  {"subject", "audience"?} → {"token"}: a federation assertion
 *   GET    /_sim/clock                       {"now", "timeScale"};  POST /_sim/clock/advance {"ms"}
 *
 * The mailbox side adds `/_sim/mailboxes/…` and `/_sim/apps/{appId}/mailboxScope` (mailbox/control.ts).
 * Directory expiries and outages are `/_sim/directory/…` (routes/directory-faults.ts).
 */
import type { Clock } from "./clock";
import { graphError } from "./errors";
import { json, noContent } from "./mailbox/context";
import type { Stats } from "./stats";
import { issueClientCertificate } from "./tls";
import { DirectoryError, type Directory } from "./tenant/directory";
import type { UserPhotos } from "./tenant/photos";
import { MAILBOX_KINDS, type TenantFile, type TenantUser } from "./tenant/model";
import { certificateCredential, type AppRegistration } from "./auth/apps";
import type { MailboxKind, Permission, Route, SimRequest, SimResponse } from "./types";

export interface ControlDeps {
  readonly directory: Directory;
  readonly photos: UserPhotos;
  /** The tenant's app registrations, changed in place. */
  readonly apps: AppRegistration[];
  readonly stats: Stats;
  readonly clock: Clock;
  readonly exportTenant: () => TenantFile;
  readonly mintAssertion: (subject: string, audience?: string) => Promise<string>;
}

const PERMISSIONS: ReadonlySet<string> = new Set<Permission>(["User.Read.All", "GroupMember.Read.All", "Contacts.Read", "Contacts.ReadWrite", "MailboxSettings.Read"]);


/** The JSON object body a mutation needs, or the 400 to answer. */
function objectBody(req: SimRequest): { ok: true; body: Record<string, unknown> } | { ok: false; response: SimResponse } {
  const b = req.body;
  if (typeof b !== "object" || b === null || Array.isArray(b) || Buffer.isBuffer(b)) {
    return { ok: false, response: graphError(req, 400, "BadRequest", "The body must be a JSON object.") };
  }
  return { ok: true, body: b as Record<string, unknown> };
}

function mailboxOf(body: Record<string, unknown>): MailboxKind | null | undefined | "invalid" {
  if (!("mailbox" in body)) return undefined;
  const m = body["mailbox"];
  if (m === null) return null;
  return typeof m === "string" && MAILBOX_KINDS.has(m) ? (m as MailboxKind) : "invalid";
}

/** Run a directory mutation; its refusals become Graph-shaped errors. */
function guarded(req: SimRequest, fn: () => SimResponse): SimResponse {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DirectoryError) {
      const code = err.status === 404 ? "Request_ResourceNotFound" : "Request_BadRequest";
      return graphError(req, err.status, code, err.message);
    }
    throw err;
  }
}

function userView(dir: Directory, idOrUpn: string): Record<string, unknown> | undefined {
  const rec = dir.userRecord(idOrUpn);
  return rec?.user ? { ...rec.user, mailbox: rec.mailbox ?? null } : undefined;
}

export function controlRoutes(deps: ControlDeps): Route[] {
  const dir = deps.directory;
  const route = (method: string, pattern: string, handler: Route["handler"]): Route => ({ method, pattern: `/_sim${pattern}`, anyOf: [], handler });
  return [
    route("GET", "/stats", () => json(200, deps.stats.snapshot())),
    route("POST", "/stats/reset", () => {
      deps.stats.reset();
      return noContent();
    }),
    route("GET", "/tenant", () => json(200, deps.exportTenant())),
    route("POST", "/users", (req) => {
      const parsed = objectBody(req);
      if (!parsed.ok) return parsed.response;
      const body = parsed.body;
      const mailbox = mailboxOf(body);
      if (mailbox === "invalid") return graphError(req, 400, "BadRequest", "mailbox must be one of user, shared, room, equipment or null.");
      if (typeof body["userPrincipalName"] !== "string") return graphError(req, 400, "BadRequest", "userPrincipalName is required.");
      return guarded(req, () => {
        const user = dir.addUser({ ...(body as unknown as TenantUser), mailbox: mailbox ?? null });
        return json(201, userView(dir, user.id));
      });
    }),
    route("GET", "/users/{userId}", (req, p) => {
      const view = userView(dir, p["userId"]!);
      return view ? json(200, view) : graphError(req, 404, "Request_ResourceNotFound", `Resource '${p["userId"]!}' does not exist.`);
    }),
    route("PATCH", "/users/{userId}", (req, p) => {
      const parsed = objectBody(req);
      if (!parsed.ok) return parsed.response;
      const body = parsed.body;
      const mailbox = mailboxOf(body);
      if (mailbox === "invalid") return graphError(req, 400, "BadRequest", "mailbox must be one of user, shared, room, equipment or null.");
      return guarded(req, () => {
        const { mailbox: _m, id: _id, ...props } = body;
        dir.updateUser(p["userId"]!, props);
        if (mailbox !== undefined) dir.setMailbox(p["userId"]!, mailbox);
        return json(200, userView(dir, p["userId"]!));
      });
    }),
    route("DELETE", "/users/{userId}", (req, p) =>
      guarded(req, () => {
        if (req.query.get("hard") === "true") dir.hardDelete(p["userId"]!);
        else dir.softDelete(p["userId"]!);
        return noContent();
      }),
    ),
    route("POST", "/users/{userId}/restore", (req, p) =>
      guarded(req, () => {
        dir.restore(p["userId"]!);
        return noContent();
      }),
    ),
    route("PUT", "/users/{userId}/photo", (req, p) => {
      const user = dir.liveUser(p["userId"]!);
      if (!user) return graphError(req, 404, "Request_ResourceNotFound", `Resource '${p["userId"]!}' does not exist.`);
      const type = req.headers["content-type"] ?? "";
      if (Buffer.isBuffer(req.body) && type.startsWith("image/")) deps.photos.upload(user.id, req.body, type);
      else deps.photos.regenerate(user.id, (req.body as { large?: unknown } | undefined)?.large === true);
      return noContent();
    }),
    route("DELETE", "/users/{userId}/photo", (req, p) => {
      const user = dir.liveUser(p["userId"]!);
      if (!user) return graphError(req, 404, "Request_ResourceNotFound", `Resource '${p["userId"]!}' does not exist.`);
      deps.photos.remove(user.id);
      return noContent();
    }),
    route("POST", "/groups", (req) => {
      const parsed = objectBody(req);
      if (!parsed.ok) return parsed.response;
      const body = parsed.body;
      if (typeof body["displayName"] !== "string") return graphError(req, 400, "BadRequest", "displayName is required.");
      const members = Array.isArray(body["members"]) ? body["members"].filter((m): m is string => typeof m === "string") : [];
      return guarded(req, () => {
        const group = dir.addGroup({ ...(body as { displayName: string }), members: [] });
        for (const m of members) dir.addMember(group.id, m);
        return json(201, { ...group, members: dir.members(group.id) });
      });
    }),
    route("PATCH", "/groups/{groupId}", (req, p) => {
      const parsed = objectBody(req);
      if (!parsed.ok) return parsed.response;
      return guarded(req, () => {
        const { id: _id, members: _members, ...props } = parsed.body;
        dir.updateGroup(p["groupId"]!, props);
        return json(200, { ...dir.liveGroup(p["groupId"]!), members: dir.members(p["groupId"]!) });
      });
    }),
    route("DELETE", "/groups/{groupId}", (req, p) =>
      guarded(req, () => {
        dir.deleteGroup(p["groupId"]!);
        return noContent();
      }),
    ),
    route("POST", "/groups/{groupId}/members", (req, p) => {
      const parsed = objectBody(req);
      if (!parsed.ok) return parsed.response;
      const body = parsed.body;
      if (typeof body["id"] !== "string") return graphError(req, 400, "BadRequest", 'Body must be {"id": "<member id>"}.');
      const member = body["id"];
      return guarded(req, () => {
        dir.addMember(p["groupId"]!, member);
        return noContent();
      });
    }),
    route("DELETE", "/groups/{groupId}/members/{memberId}", (req, p) =>
      guarded(req, () => {
        dir.removeMember(p["groupId"]!, p["memberId"]!);
        return noContent();
      }),
    ),
    route("PATCH", "/apps/{clientId}", (req, p) => {
      const i = deps.apps.findIndex((a) => a.clientId === p["clientId"]!.toLowerCase());
      if (i < 0) return graphError(req, 404, "Request_ResourceNotFound", `Application '${p["clientId"]!}' does not exist.`);
      const roles = (req.body as { roles?: unknown } | undefined)?.roles;
      if (!Array.isArray(roles) || !roles.every((r) => typeof r === "string" && PERMISSIONS.has(r))) {
        return graphError(req, 400, "BadRequest", `Body must be {"roles": [${[...PERMISSIONS].join(", ")}]}.`);
      }
      deps.apps[i] = { ...deps.apps[i]!, roles: roles as Permission[] };
      const { clientSecret: _secret, ...shown } = deps.apps[i]!;
      return json(200, shown);
    }),
    route("POST", "/apps/{clientId}/certificates", async (req, p) => {
      const i = deps.apps.findIndex((a) => a.clientId === p["clientId"]!.toLowerCase());
      if (i < 0) return graphError(req, 404, "Request_ResourceNotFound", `Application '${p["clientId"]!}' does not exist.`);
      const app = deps.apps[i]!;
      const { certPem, keyPem } = await issueClientCertificate(app.displayName);
      const registered = certificateCredential(certPem);
      deps.apps[i] = { ...app, certificates: [...(app.certificates ?? []), registered] };
      return json(201, { pem: `${certPem}${keyPem}`, thumbprintSha256: registered.x5tS256 });
    }),
    route("POST", "/oidc/token", async (req) => {
      const parsed = objectBody(req);
      if (!parsed.ok) return parsed.response;
      const body = parsed.body;
      if (typeof body["subject"] !== "string") return graphError(req, 400, "BadRequest", 'Body must be {"subject": "…", "audience"?: "…"}.');
      const audience = typeof body["audience"] === "string" ? body["audience"] : undefined;
      return json(200, { token: await deps.mintAssertion(body["subject"], audience) });
    }),
    route("GET", "/clock", () => json(200, { now: new Date(deps.clock.now()).toISOString(), timeScale: deps.clock.timeScale })),
    route("POST", "/clock/advance", (req) => {
      const ms = (req.body as { ms?: unknown } | undefined)?.ms;
      if (typeof ms !== "number" || !(ms >= 0)) return graphError(req, 400, "BadRequest", 'Body must be {"ms": <non-negative number>}.');
      deps.clock.advance(ms);
      return json(200, { now: new Date(deps.clock.now()).toISOString(), timeScale: deps.clock.timeScale });
    }),
  ];
}
