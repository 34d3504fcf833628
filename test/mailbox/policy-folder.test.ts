import { beforeEach, describe, expect, it } from "vitest";
import { readPolicyFolder } from "../../src/mailbox/policy-folder";
import { createMemoryStateStore } from "../../src/state";
import { FakeMailbox } from "./fake-mailbox";

describe("readPolicyFolder", () => {
  let graph: FakeMailbox;
  let state: ReturnType<typeof createMemoryStateStore>;
  const read = async () => {
    const before = graph.calls.length;
    const result = await readPolicyFolder(graph, state, "m1", { name: "CYNC" }, "staff");
    return { ...result, requests: graph.calls.length - before };
  };

  beforeEach(() => {
    graph = new FakeMailbox();
    state = createMemoryStateStore();
  });

  it("plans against an empty folder when the mailbox has none, without creating it", async () => {
    expect(await read()).toEqual({ folder: undefined, contacts: [], full: true, version: undefined, unchanged: false, ignoredDuplicates: [], requests: 1 });
    expect(graph.folders).toEqual([]);
  });

  it("remembers the folder so an unchanged folder costs one request", async () => {
    const id = graph.addFolder("CYNC");
    graph.put(id, { displayName: "Bob" }, { policy: "staff", sourceUserId: "bob" });
    const first = await read();
    const second = await read();
    expect([first.requests, second.requests]).toEqual([3, 1]);
    expect(second.contacts).toEqual(first.contacts);
  });

  it("looks the folder up again when the remembered one is gone", async () => {
    const old = graph.addFolder("CYNC");
    await read();
    graph.folders.splice(0, 1);
    graph.dropFolder(old);
    const fresh = graph.addFolder("CYNC");
    graph.put(fresh, { displayName: "Bob" }, { policy: "staff", sourceUserId: "bob" });
    const { folder, contacts } = await read();
    expect(folder?.id).toBe(fresh);
    expect(contacts.map((c) => c.fields.displayName)).toEqual(["Bob"]);
  });
});
