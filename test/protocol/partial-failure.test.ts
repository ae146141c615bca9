/**
 * A create that fails after the object exists must leave a state that refresh, replace and destroy can work from
 * (issue 8 item 1): the host rebuilds the provider for Read and Delete from the stored outputs, so the recorded
 * properties must carry `__provider`. Through the real plugin, for each way a Space's wait can end badly.
 */
import * as eurostack from "pulumi-eurostack";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DeploymentError, destroy, refresh, up } from "../support/lifecycle";
import { type SandboxStack, startSandboxStack } from "../support/sandbox-stack";
import { findResource, type StateFile } from "../support/state";

let stack: SandboxStack;
/** The sandbox draws each space's outcome from this: below failureRate (0.5) is FAILED. */
let nextOutcome = 0.9;

beforeAll(async () => {
  stack = await startSandboxStack({
    sandbox: { numspot: { queuedMs: 20, runningMs: 60, failureRate: 0.5, random: () => nextOutcome } },
  });
});

afterAll(() => stack?.stop());

const spaces = () => [...stack.sandbox.state.numspot.spaces.values()];
const program = (name: string, timeouts?: { create: number }) => () => {
  new eurostack.numspot.Space("sp", { name, description: "d", ...(timeouts && { timeouts }) });
};

async function failedUp(run: Promise<unknown>): Promise<StateFile> {
  const error = await run.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DeploymentError);
  return (error as DeploymentError).state;
}

it("a space that ends FAILED is recorded with __provider: refresh works, the next up replaces it, destroy empties all", async () => {
  nextOutcome = 0;
  const state = await failedUp(up(program("failing"), stack.engine()));
  const recorded = findResource(state, "sp");
  expect(recorded.initErrors?.join("\n")).toMatch(/FAILED/);
  expect(recorded.outputs.__provider).toEqual(expect.any(String));
  const failedId = recorded.id;

  await refresh(stack.engine(state));
  expect(findResource(state, "sp").id).toBe(failedId);

  nextOutcome = 0.9;
  const replaced = await up(program("failing"), stack.engine(state));
  expect(replaced.summary.replaces).toBe(1);
  expect(spaces().map((s) => s.id)).not.toContain(failedId);
  expect(findResource(state, "sp").outputs.status).toBe("READY");

  await destroy(stack.engine(state));
  expect(spaces()).toHaveLength(0);
  expect(state.resources).toHaveLength(0);
});

it("a create timeout is recorded with __provider: destroy deletes the space", async () => {
  nextOutcome = 0.9;
  const run = up(program("slow", { create: 0.5 }), stack.engine());
  for (let i = 0; i < 200 && !spaces().some((s) => s.name === "slow"); i++) await new Promise((r) => setTimeout(r, 5));
  spaces().find((s) => s.name === "slow")!.lifecycle.pinned = "RUNNING";
  const state = await failedUp(run);
  expect(findResource(state, "sp").outputs.__provider).toEqual(expect.any(String));
  await destroy(stack.engine(state));
  expect(spaces()).toHaveLength(0);
});

it("a space deleted behind our back during the wait: refresh drops it, destroy has nothing left to do", async () => {
  nextOutcome = 0.9;
  const run = up(program("vanishing", { create: 5 }), stack.engine());
  for (let i = 0; i < 200 && !spaces().some((s) => s.name === "vanishing"); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const space = spaces().find((s) => s.name === "vanishing")!;
  stack.sandbox.state.numspot.spaces.delete(space.id);
  const state = await failedUp(run);
  expect(findResource(state, "sp").outputs.__provider).toEqual(expect.any(String));
  await refresh(stack.engine(state));
  expect(state.resources).toHaveLength(0);
  await destroy(stack.engine(state));
});
