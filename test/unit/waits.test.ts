/**
 * The reusable wait conditions of entity descriptions: each ends when its condition holds, and an ending without it
 * carries the last state read (for the partial-failure error) and whether the object can still recover.
 */
import { describe, expect, it } from "vitest";
import { awaitCondition, untilStatus, untilVisible, WaitEndedError } from "../../src/resources/waits";

interface Thing {
  status: string;
  access?: string;
}

function reads(...states: Thing[]) {
  let i = 0;
  return async () => states[Math.min(i++, states.length - 1)]!;
}

const ready = untilStatus<Thing>({ field: "status", ready: ["READY"], failed: ["FAILED"] });
const base = { label: "thing t-1", timeoutName: "create", wanted: {} };

describe("untilStatus", () => {
  it("returns the state that reached a ready status", async () => {
    const done = await awaitCondition({
      ...base,
      start: { status: "QUEUED" },
      get: reads({ status: "RUNNING" }, { status: "READY" }),
      condition: ready,
      timeoutS: 30,
    });
    expect(done).toEqual({ status: "READY" });
  });

  it("a failed status ends at once as terminal, with the last state", async () => {
    const error = await awaitCondition({
      ...base,
      start: { status: "QUEUED" },
      get: reads({ status: "FAILED" }),
      condition: ready,
      timeoutS: 30,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitEndedError);
    expect(error).toMatchObject({ terminal: true, last: { status: "FAILED" } });
    expect((error as Error).message).toMatch(/thing t-1 to become READY.*status FAILED.*replaces it/);
  });
});

describe("untilVisible (202, then poll until GET shows the change)", () => {
  const visible = untilVisible<Thing>(
    "to show the new access",
    (thing, wanted) => thing.access === wanted.access,
    (thing) => `access ${thing.access}`,
  );

  it("ends when GET shows the wanted value", async () => {
    const done = await awaitCondition({
      ...base,
      wanted: { access: "admin" },
      start: { status: "x", access: "read" },
      get: reads({ status: "x", access: "read" }, { status: "x", access: "admin" }),
      condition: visible,
      timeoutS: 30,
    });
    expect(done.access).toBe("admin");
  });

  it("a value still unchanged at the deadline is a failure naming it, not terminal (the next up waits again)", async () => {
    const error = await awaitCondition({
      ...base,
      wanted: { access: "admin" },
      start: { status: "x", access: "read" },
      get: reads({ status: "x", access: "read" }),
      condition: visible,
      timeoutS: 0,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ terminal: false, last: { access: "read" } });
    expect((error as Error).message).toMatch(/to show the new access.*access read.*timeouts\.create/);
  });
});
