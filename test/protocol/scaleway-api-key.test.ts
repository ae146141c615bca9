/**
 * scaleway.ApiKey through the real plugin and the sandbox: the generated secret is a Pulumi secret from the create
 * answer on, survives refresh and update, and the diff replaces exactly when the API cannot change a field.
 */
import * as eurostack from "pulumi-eurostack";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { inFuture } from "../support/dates";
import { DeploymentError, destroy, refresh, up } from "../support/lifecycle";
import type { Plugin } from "../support/plugin";
import { captureRegistrations } from "../support/program";
import { type SandboxStack, startSandboxStack } from "../support/sandbox-stack";
import { findResource, reveal, type StateFile } from "../support/state";

// The same instant written two ways: the offset form the user writes, the UTC form the server answers.
const IN_A_YEAR = inFuture(365);
const APP = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const IN_A_YEAR_PLUS_ONE = inFuture(365, "+01:00");

let stack: SandboxStack;
let sandbox: Sandbox;
let plugin: Plugin;

beforeAll(async () => {
  stack = await startSandboxStack();
  ({ sandbox, plugin } = stack);
});

afterAll(() => stack?.stop());

function keyStack(key: Omit<eurostack.scaleway.ApiKeyArgs, "applicationId">) {
  return () => {
    const app = new eurostack.scaleway.Application("app", { name: "key-holder" });
    new eurostack.scaleway.ApiKey("key", { applicationId: app.id, ...key });
  };
}

it("keeps the secret from the create answer as a secret, through refresh and in-place updates", async () => {
  const engine = stack.engine();
  const state = engine.state as StateFile;
  await up(keyStack({ description: "one", expiresAt: IN_A_YEAR_PLUS_ONE }), engine);
  const [remote] = [...sandbox.state.scaleway.apiKeys.values()];
  const secret = sandbox.state.scaleway.apiKeySecrets.get(remote.access_key)!;
  const stored = findResource(state, "key");
  expect(stored.id).toBe(remote.access_key);
  expect(stored.secretOutputs).toContain("secretKey");
  expect(JSON.stringify(state)).not.toContain(secret);
  expect(reveal(stored.outputs.secretKey)).toBe(secret);
  expect(reveal(stored.outputs)).toMatchObject({ expiresAt: IN_A_YEAR, accessKey: remote.access_key });

  // The offset form the user wrote and the UTC form the server answers are the same instant: no diff.
  expect((await up(keyStack({ description: "one", expiresAt: IN_A_YEAR_PLUS_ONE }), engine)).summary.changes).toBe(0);

  await refresh(engine);
  expect(reveal(findResource(state, "key").outputs.secretKey)).toBe(secret);

  const updated = await up(keyStack({ description: "two", expiresAt: IN_A_YEAR }), engine);
  expect(updated.summary).toMatchObject({ updates: 1, replaces: 0 });
  expect(sandbox.state.scaleway.apiKeys.get(remote.access_key)?.description).toBe("two");
  expect(reveal(findResource(state, "key").outputs.secretKey)).toBe(secret);

  const replaced = await up(keyStack({ description: "two", expiresAt: inFuture(730) }), engine);
  expect(replaced.summary.replaces).toBe(1);
  const keys = [...sandbox.state.scaleway.apiKeys.values()];
  expect(keys).toHaveLength(1);
  expect(keys[0].access_key).not.toBe(remote.access_key);
  expect(reveal(findResource(state, "key").outputs.secretKey)).toBe(
    sandbox.state.scaleway.apiKeySecrets.get(keys[0].access_key),
  );

  await destroy(engine);
  expect(sandbox.state.scaleway.apiKeys.size).toBe(0);
  expect(sandbox.state.scaleway.applications.size).toBe(0);
});

it("rejects adopt, a missing bearer and two bearers in check, before any request", async () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ applicationId: APP, adopt: true }, "adopt", /cannot be adopted/],
    [{ description: "no bearer" }, "applicationId", /exactly one/],
    [{ applicationId: APP, userId: APP }, "userId", /exactly one/],
    [{ applicationId: APP, expiresAt: "next tuesday" }, "expiresAt", /RFC 3339/],
    [{ applicationId: "not-a-uuid" }, "applicationId", /UUID/],
  ];
  const before = sandbox.requests.length;
  for (const [args, property, reason] of cases) {
    const { registrations } = await captureRegistrations(() => {
      new eurostack.scaleway.ApiKey("bad", args as eurostack.scaleway.ApiKeyArgs);
    });
    const reg = registrations.find((r) => r.type === eurostack.scaleway.ApiKey.__pulumiType)!;
    const { failures } = await plugin.check(reg.urn, {}, reg.inputs);
    expect(failures.find((f) => f.property === property)?.reason, JSON.stringify(args)).toMatch(reason);
  }
  const keyOnly = () => {
    new eurostack.scaleway.ApiKey("key", { applicationId: "existing", adopt: true } as eurostack.scaleway.ApiKeyArgs);
  };
  await expect(up(keyOnly, stack.engine())).rejects.toBeInstanceOf(DeploymentError);
  expect(sandbox.requests.length).toBe(before);
});
