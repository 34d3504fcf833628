/**
 * The tenant's other Graph clients, for the owners scenario (owners.test.ts): registered as apps of
 * their own beside cync's applier and planner, signed in with client credentials at the tenant's
 * token endpoint and writing through Graph over HTTPS like any other client. The embedded tenant
 * issues no delegated tokens, so the mailbox owner's own client (Outlook, a phone) is an app with
 * `Contacts.ReadWrite` too; what only Outlook's UI can do (edit, delete, create as the owner) goes
 * through the control API (`/_sim/mailboxes/…`, packages/simulator/src/mailbox/control.ts).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { APPLIER_ROLES, PLANNER_ROLES, generateTenant, type SimulatorHandle, type TenantFile } from "@cync/simulator";

type App = NonNullable<TenantFile["apps"]>[number];

const app = (displayName: string, roles: App["roles"]): App => ({
  clientId: randomUUID(),
  displayName,
  clientSecret: randomBytes(30).toString("base64url"),
  federatedCredentials: [],
  roles,
});

export interface OtherApps {
  /** The mailbox owner's own client (Outlook, a phone): moves, copies, folder renames and deletes. */
  readonly owner: App;
  /** Another tool (a CRM) that keeps its own contacts, tagged with its own open extension. */
  readonly tool: App;
}

/** A generated tenant whose apps are cync's two (applier first, planner second) and the other clients. */
export function tenantWithOtherApps(options: { users: number; mailboxes: number; seed: number }): { tenant: TenantFile; apps: OtherApps } {
  const apps = { owner: app("Outlook (the mailbox owner's client)", APPLIER_ROLES), tool: app("Contoso CRM", APPLIER_ROLES) };
  const tenant = { ...generateTenant(options), apps: [app("cync applier", APPLIER_ROLES), app("cync planner", PLANNER_ROLES), apps.owner, apps.tool] };
  return { tenant, apps };
}

export interface GraphClient {
  /** One Graph v1.0 request; the parsed answer, or undefined for 204. Throws on any other status. */
  call(method: string, p: string, body?: unknown): Promise<Record<string, unknown> | undefined>;
}

/** A client signed in as `app` with client credentials (the token endpoint of the tenant's authority). */
export function graphClient(handle: SimulatorHandle, app: App): GraphClient {
  let token: string | undefined;
  const signIn = async (): Promise<string> => {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: app.clientId,
      client_secret: app.clientSecret ?? "",
      scope: "https://graph.microsoft.com/.default",
    });
    const res = await fetch(`${handle.authorityHost}/${handle.tenantId}/oauth2/v2.0/token`, { method: "POST", body: form });
    if (!res.ok) throw new Error(`${app.displayName}: sign-in answered ${res.status}`);
    return ((await res.json()) as { access_token: string }).access_token;
  };
  return {
    async call(method, p, body) {
      token ??= await signIn();
      const res = await fetch(`${handle.graphUrl}/v1.0${p}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${app.displayName}: ${method} ${p} answered ${res.status} ${text}`);
      return text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>);
    },
  };
}
