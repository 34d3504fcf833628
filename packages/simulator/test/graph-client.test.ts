/**
 * Microsoft's own @microsoft/microsoft-graph-client, pointed at the simulator with its `baseUrl`
 * and `customHosts` options and authenticated by an unmodified ClientSecretCredential, pages users
 * with its PageIterator and runs a users delta round.
 */
import { Client, PageIterator, type PageCollection } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { beforeAll, describe, expect, it } from "vitest";
import { withSimulator } from "../src/testing";

const sim = withSimulator({ users: 60, seed: 5 });
let client: Client;

beforeAll(() => {
  client = Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(sim.credential("planner"), { scopes: ["https://graph.microsoft.com/.default"] }),
    baseUrl: sim.graphUrl,
    customHosts: new Set([new URL(sim.graphUrl).hostname]),
  });
});

const liveUserIds = (): string[] => sim.handle.directory.userIds.filter((id) => sim.handle.directory.liveUser(id));

describe("@microsoft/microsoft-graph-client against the simulator", () => {
  it("pages every live user with PageIterator ($top=7)", async () => {
    const seen: string[] = [];
    const first = (await client.api("/users").select("id,displayName").top(7).get()) as PageCollection;
    const iterator = new PageIterator(client, first, (user: { id: string }) => {
      seen.push(user.id);
      return true;
    });
    await iterator.iterate();
    expect(seen).toEqual(liveUserIds());
  });

  it("runs a users delta round, then sees a single change in the next one", async () => {
    const ids: string[] = [];
    let page = (await client.api("/users/delta").select("displayName,mobilePhone").get()) as Record<string, unknown>;
    for (;;) {
      for (const u of page["value"] as { id: string; "@removed"?: unknown }[]) if (!u["@removed"]) ids.push(u.id);
      const next = page["@odata.nextLink"] as string | undefined;
      if (!next) break;
      page = (await client.api(next).get()) as Record<string, unknown>;
    }
    expect(ids.sort()).toEqual(liveUserIds().sort());
    const deltaLink = page["@odata.deltaLink"] as string;
    expect(deltaLink).toContain("$deltatoken=");

    const changed = liveUserIds()[3]!;
    await sim.control("PATCH", `/users/${changed}`, { mobilePhone: "+1 425 555 0199" });
    const next = (await client.api(deltaLink).get()) as { value: unknown[] };
    expect(next.value).toEqual([expect.objectContaining({ id: changed, mobilePhone: "+1 425 555 0199" })]);
  });
});
