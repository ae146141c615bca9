/**
 * Per-resource credentials through the real plugin (issue 8 items 2, 3, 12): the classes make `connection` secret
 * in the state's inputs and outputs; a changed or dropped connection is taken into use by the next up, so rotating a
 * key never strands a resource; read and delete fall back to the newest credentials when the stored ones are
 * refused; and an application needs no organization when none is configured (the server takes the key's).
 */
import * as eurostack from "pulumi-eurostack";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiKey, deleteApiKey } from "../../src/client/scaleway/api-key";
import { createApplication } from "../../src/client/scaleway/application";
import { scalewayClient } from "../../src/client/scaleway/client";
import { destroy, refresh, up } from "../support/lifecycle";
import { type SandboxStack, startSandboxStack } from "../support/sandbox-stack";
import { findResource, reveal, type StateFile } from "../support/state";

let stack: SandboxStack;

beforeAll(async () => {
  stack = await startSandboxStack();
});

afterAll(() => stack?.stop());

const admin = () =>
  scalewayClient({ secretKey: stack.sandbox.credentials.scalewaySecretKey, apiUrl: stack.sandbox.urls.scaleway });
const apps = () => [...stack.sandbox.state.scaleway.applications.values()];

/** A second working secret key (an API key's secret is a valid X-Auth-Token), and how to revoke it. */
async function rotatingKey() {
  const owner = await createApplication(admin(), {
    name: `owner-${Date.now()}`,
    organization_id: stack.sandbox.credentials.scalewayOrganizationId,
  });
  const key = await createApiKey(admin(), { application_id: owner.id });
  return { secretKey: key.secret_key!, revoke: () => deleteApiKey(admin(), key.access_key) };
}

const program = (name: string, secretKey?: string) => () => {
  const connection = secretKey ? { secretKey, apiUrl: stack.sandbox.urls.scaleway } : undefined;
  new eurostack.scaleway.Application("app", { name, ...(connection && { connection }) });
};

it("a connection given in plain text is stored as a secret, in inputs and in outputs", async () => {
  const { secretKey, revoke } = await rotatingKey();
  const engine = stack.engine();
  await up(program("plain-connection", secretKey), engine);
  const entry = findResource(engine.state as StateFile, "app");
  expect(entry.secretInputs).toContain("connection");
  expect(entry.secretOutputs).toContain("connection");
  expect(JSON.stringify(engine.state)).not.toContain(secretKey);
  expect(reveal(entry.inputs.connection)).toMatchObject({ secretKey });
  await destroy(engine);
  await revoke();
});

it("a new key in connection is taken into use by the next up; after the old one is revoked, refresh and destroy work", async () => {
  const old = await rotatingKey();
  const next = await rotatingKey();
  const engine = stack.engine();
  await up(program("rotated", old.secretKey), engine);
  const rotated = await up(program("rotated", next.secretKey), engine);
  expect(rotated.summary.updates).toBe(1);
  expect(reveal(findResource(engine.state as StateFile, "app").outputs.connection)).toMatchObject({
    secretKey: next.secretKey,
  });
  await old.revoke();
  await refresh(engine);
  expect(findResource(engine.state as StateFile, "app").id).toBeTruthy();
  await destroy(engine);
  expect(apps().some((a) => a.name === "rotated")).toBe(false);
  await next.revoke();
});

it("dropping connection for stack config is taken into use; a revoked stored key falls back to stack config", async () => {
  const dropped = await rotatingKey();
  const engine = stack.engine();
  await up(program("dropped", dropped.secretKey), engine);
  expect((await up(program("dropped"), engine)).summary.updates).toBe(1);
  expect(findResource(engine.state as StateFile, "app").outputs.connection).toBeUndefined();

  // Revoked with no up in between: the stored key is refused, the stack config's key is the newest one available.
  const stale = await rotatingKey();
  await up(program("stale", stale.secretKey), engine);
  await stale.revoke();
  await refresh(engine);
  expect(findResource(engine.state as StateFile, "app").outputs.name).toBe("stale");
  await destroy(engine);
  expect(apps().some((a) => a.name === "stale" || a.name === "dropped")).toBe(false);
  await dropped.revoke();
});

it("an application needs no organizationId when none is configured: the server takes the key's organization", async () => {
  const bare = await startSandboxStack({ config: { "scaleway:organizationId": "" } });
  try {
    const engine = bare.engine();
    await up(() => {
      new eurostack.scaleway.Application("app", { name: "no-org" });
    }, engine);
    const entry = findResource(engine.state as StateFile, "app");
    expect(entry.outputs.organizationId).toBe(bare.sandbox.credentials.scalewayOrganizationId);
    expect(bare.sandbox.requests.find((r) => r.method === "POST")?.body).not.toHaveProperty("organization_id");
    await destroy(engine);
  } finally {
    await bare.stop();
  }
});
