import { describe, expect, it } from "vitest";
import { Gate } from "../../src/graph/gate";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("Gate", () => {
  it("admits up to its limit and queues the rest in arrival order", async () => {
    const gate = new Gate(2);
    const admitted: number[] = [];
    for (let i = 0; i < 5; i++) void gate.acquire().then(() => admitted.push(i));
    await tick();
    expect(admitted).toEqual([0, 1]);
    expect(gate.waiting).toBe(3);
    gate.release();
    await tick();
    expect(admitted).toEqual([0, 1, 2]);
    gate.release();
    gate.release();
    await tick();
    expect(admitted).toEqual([0, 1, 2, 3, 4]);
    expect(gate.active).toBe(2);
  });

  it("a lowered limit lets running holders finish and admits no one until below it", async () => {
    const gate = new Gate(4);
    for (let i = 0; i < 4; i++) await gate.acquire();
    gate.limit = 1;
    let admitted = false;
    void gate.acquire().then(() => (admitted = true));
    for (let i = 0; i < 3; i++) gate.release();
    await tick();
    expect(admitted).toBe(false);
    gate.release();
    await tick();
    expect(admitted).toBe(true);
  });

  it("a raised limit admits waiters at once", async () => {
    const gate = new Gate(1);
    await gate.acquire();
    let admitted = 0;
    for (let i = 0; i < 3; i++) void gate.acquire().then(() => admitted++);
    gate.limit = 3;
    await tick();
    expect(admitted).toBe(2);
    expect(gate.active).toBe(3);
  });
});
