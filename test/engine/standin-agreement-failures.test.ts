/**
 * The stand-in against the real engine where they are likeliest to differ: a create that fails after the object
 * exists (recorded with init errors), a refresh of it, the up that finishes it, and an object deleted behind
 * Pulumi's back. Same steps per resource, same init errors left in the state after each run.
 */
import * as eurostack from "pulumi-eurostack";
import { afterAll, beforeAll, expect, it } from "vitest";
import { refresh, up } from "../support/lifecycle";
import { emptyState, type SandboxStack, startSandboxStack } from "../support/sandbox-stack";
import type { StateFile } from "../support/state";
import { describeEngine, type EngineStack, engineFailure, nameOf, opsByName, useEngineStack } from "./support";

let createTimeout = 1;
function program() {
  const space = new eurostack.numspot.Space("space", {
    name: "agree-failing",
    description: "d",
    timeouts: { create: createTimeout, update: 60 },
  });
  const app = new eurostack.scaleway.Application("app", { name: "agree-gone" });
  return { status: space.status, app: app.name };
}

/** Collapses a resource's ops to one word, as in standin-agreement.test.ts. */
const word = (ops: string[]) => (ops.some((op) => op.includes("replace")) ? "replace" : (ops[0] ?? "none"));
const realSteps = (ops: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(opsByName(ops)).map(([name, list]) => [name, word(list)]));
function standSteps(steps: Array<{ urn: string; op: string }>) {
  const grouped: Record<string, string[]> = {};
  for (const { urn, op } of steps) {
    if (!urn.includes("::pulumi:")) grouped[nameOf(urn)] = [...(grouped[nameOf(urn)] ?? []), op];
  }
  return Object.fromEntries(Object.entries(grouped).map(([name, list]) => [name, word(list)]));
}

async function realInitErrors(env: EngineStack): Promise<Record<string, number>> {
  const { resources } = await env.exportState();
  return Object.fromEntries(
    resources
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))
      .map((r) => [nameOf(r.urn), r.initErrors?.length ?? 0]),
  );
}
const standInitErrors = (state: StateFile) =>
  Object.fromEntries(
    state.resources
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))
      .map((r) => [nameOf(r.urn), r.initErrors?.length ?? 0]),
  );

describeEngine("the engine stand-in agrees with the real engine on failures and refresh", () => {
  // Spaces take 3 s to become READY, so a 1 s create timeout runs out in both.
  const sandbox = { numspot: { queuedMs: 100, runningMs: 3000 } };
  const env = useEngineStack("agree-failures", program, { sandbox });
  let standIn: SandboxStack;
  const state = emptyState();
  beforeAll(async () => {
    standIn = await startSandboxStack({ sandbox, project: "agree-failures" });
  });
  afterAll(() => standIn?.stop());

  it("records the failed create, refreshes it, finishes it, and forgets a deleted object alike", {
    timeout: 300_000,
  }, async () => {
    const engine = () => standIn.engine(state);
    const failedReal = await engineFailure(env().up());
    const failedStand = await up(program, engine()).then(
      () => undefined,
      (error: { summary: { steps: Array<{ urn: string; op: string }> } }) => error,
    );
    expect(failedStand, "the stand-in's up must fail too").toBeDefined();
    // The engine reports the failed step as begun; the stand-in lists finished steps: compare what was recorded.
    expect(realSteps(failedReal.ops)).toEqual({ app: "create", space: "create" });
    expect(standInitErrors(state)).toEqual(await realInitErrors(env()));
    expect(standInitErrors(state)).toEqual({ app: 0, space: 1 });

    // A refresh of a resource with init errors: what the state keeps must agree.
    await env().refresh();
    await refresh({ ...engine() });
    expect(standInitErrors(state)).toEqual(await realInitErrors(env()));

    createTimeout = 60;
    const finishedReal = await env().up();
    const finishedStand = await up(program, engine());
    expect(standSteps(finishedStand.summary.steps)).toEqual(realSteps(finishedReal.ops));
    expect(realSteps(finishedReal.ops).space).toBe("update");

    // The application deleted behind Pulumi's back in both sandboxes: refresh forgets it, up makes it again.
    for (const sb of [env().sandbox, standIn.sandbox]) sb.state.scaleway.applications.clear();
    await env().refresh();
    await refresh({ ...engine() });
    const againReal = await env().up();
    const againStand = await up(program, engine());
    expect(standSteps(againStand.summary.steps)).toEqual(realSteps(againReal.ops));
    expect(realSteps(againReal.ops).app).toBe("create");
  });
});
