/**
 * numspot.Space through the real plugin: create waits for READY; a space that fails or outlasts its timeout is
 * recorded in the state (created-but-failed), never orphaned; the next up finishes the wait.
 */
import * as eurostack from "pulumi-eurostack";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { DeploymentError, destroy, preview, up } from "../support/lifecycle";
import { unknown } from "../support/program";
import { type SandboxStack, startSandboxStack } from "../support/sandbox-stack";
import { findResource, type StateFile } from "../support/state";

let stack: SandboxStack;
let sandbox: Sandbox;

beforeAll(async () => {
  stack = await startSandboxStack({ sandbox: { numspot: { queuedMs: 100, runningMs: 400 } } });
  ({ sandbox } = stack);
});

afterAll(() => stack?.stop());

const spaces = () => [...sandbox.state.numspot.spaces.values()];

it("up waits until the space is READY; a timeout records the space, and the next up finishes the wait", async () => {
  const engine = stack.engine();
  const state = engine.state as StateFile;
  const first = await up(() => {
    new eurostack.numspot.Space("dev", { name: "dev", description: "Development" });
  }, engine);
  expect(first.summary.creates).toBe(1);
  expect(findResource(state, "dev").outputs.status).toBe("READY");
  expect(spaces().map((s) => s.name)).toEqual(["dev"]);

  // Pinned in RUNNING: the 1 s create timeout passes while the space exists remotely.
  const slow = () => {
    new eurostack.numspot.Space("slow", { name: "slow", description: "Slow", timeouts: { create: 1 } });
  };
  const started = up(slow, stack.engine());
  const timedOut = await waitForSpace("slow").then((space) => {
    space.lifecycle.pinned = "RUNNING";
    return started.catch((error: unknown) => error);
  });
  expect(timedOut).toBeInstanceOf(DeploymentError);
  expect(String((timedOut as Error).message)).toMatch(/READY[\s\S]*RUNNING|RUNNING[\s\S]*READY/);
  const failedState = (timedOut as DeploymentError).state;
  const recorded = failedState.resources.find((r) => r.name === "slow")!;
  expect(recorded.id).toBe(spaces().find((s) => s.name === "slow")!.id);
  expect(recorded.initErrors?.length).toBeGreaterThan(0);

  const slowSpace = spaces().find((s) => s.name === "slow")!;
  delete slowSpace.lifecycle.pinned;
  const healed = await up(slow, stack.engine(failedState));
  expect(healed.summary.creates).toBe(0);
  expect(findResource(failedState, "slow").outputs.status).toBe("READY");
  expect(spaces().filter((s) => s.name === "slow")).toHaveLength(1);

  await destroy(stack.engine(failedState));
  await destroy(engine);
  expect(spaces()).toHaveLength(0);
});

it("preview with a name not known yet passes check and plans a create without touching the API", async () => {
  const before = sandbox.requests.length;
  const plan = await preview(() => {
    new eurostack.numspot.Space("later", { name: unknown<string>("later"), description: "Later" });
  }, stack.engine());
  expect(plan.steps.find((s) => s.name === "later")).toMatchObject({ op: "create", failures: [] });
  expect(sandbox.requests.length).toBe(before);
});

async function waitForSpace(name: string) {
  for (let i = 0; i < 200; i++) {
    const space = spaces().find((s) => s.name === name);
    if (space) return space;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`space ${name} never appeared`);
}
