/**
 * The quickstart program (examples/quickstart, what `npm run demo` runs with the Pulumi CLI) end to end through the
 * real plugin and the engine stand-in: up, no-change up, drift made in the sandbox, refresh, restoring up, destroy.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import quickstart from "../../examples/quickstart";
import type { Sandbox } from "../../src/sandbox";
import { destroy, preview, refresh, up } from "../support/lifecycle";
import { emptyState, type SandboxStack, startSandboxStack } from "../support/sandbox-stack";

let stack: SandboxStack;
let sandbox: Sandbox;
const state = emptyState();

beforeAll(async () => {
  stack = await startSandboxStack({
    sandbox: { numspot: { queuedMs: 100, runningMs: 300 } },
    project: "eurostack-quickstart",
    config: { "eurostack-quickstart:prefix": "qs" },
  });
  ({ sandbox } = stack);
});

afterAll(() => stack?.stop());

const engine = () => stack.engine(state);

it("runs up, detects and restores drift, and destroys everything", async () => {
  const first = await up(quickstart, engine());
  expect(first.summary.creates).toBe(3);
  const app = [...sandbox.state.scaleway.applications.values()];
  const keys = [...sandbox.state.scaleway.apiKeys.values()];
  const spaces = [...sandbox.state.numspot.spaces.values()];
  expect(app.map((a) => a.name)).toEqual(["qs-ci-deployer"]);
  expect(keys.map((k) => k.application_id)).toEqual([app[0].id]);
  expect(spaces.map((s) => s.name)).toEqual(["qs-dev"]);
  expect(first.exports).toMatchObject({ applicationId: app[0].id, spaceId: spaces[0].id, spaceStatus: "READY" });
  expect(first.secretExports).toContain("secretKey");

  expect((await up(quickstart, engine())).summary.changes).toBe(0);
  const quiet = await preview(quickstart, engine());
  expect(quiet.steps.filter((s) => s.op !== "same")).toEqual([]);

  app[0].name = "renamed-by-hand";
  await refresh(engine());
  const drift = await preview(quickstart, engine());
  expect(drift.steps.filter((s) => s.op !== "same").map((s) => [s.type, s.op])).toEqual([
    ["pulumi-nodejs:dynamic/scaleway:Application", "update"],
  ]);
  const restored = await up(quickstart, engine());
  expect(restored.summary).toMatchObject({ updates: 1, creates: 0, replaces: 0 });
  expect(sandbox.state.scaleway.applications.get(app[0].id)?.name).toBe("qs-ci-deployer");

  await destroy(engine());
  expect(sandbox.state.scaleway.applications.size).toBe(0);
  expect(sandbox.state.scaleway.apiKeys.size).toBe(0);
  expect(sandbox.state.numspot.spaces.size).toBe(0);
  expect(state.resources).toHaveLength(0);
});
