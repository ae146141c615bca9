/**
 * scaleway.ApiKey under the real Pulumi engine, and secrets: in `pulumi stack export` the API secret key and every
 * credential (stack config or a resource's `connection`) appear only as ciphertext, and in no output of the CLI.
 */
import * as eurostack from "pulumi-eurostack";
import { expect, it } from "vitest";
import { describeEngine, opsByName, useEngineStack } from "./support";

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");

let declared = { description: "first", expiresAt: inDays(200) };
let connection: Record<string, string> | undefined;

function program() {
  const app = new eurostack.scaleway.Application("app", { name: "engine-keys" });
  const key = new eurostack.scaleway.ApiKey("key", { applicationId: app.id, ...declared });
  // A second application whose credentials come from its own `connection` input, given as plain values: the
  // resource class must keep them secret by itself.
  if (connection) new eurostack.scaleway.Application("own-credentials", { name: "engine-own", connection });
  return { accessKey: key.accessKey, secretKey: key.secretKey };
}

describeEngine("scaleway.ApiKey and secrets under the real engine", () => {
  const env = useEngineStack("engine-api-key", program);
  const keys = () => [...env().sandbox.state.scaleway.apiKeys.values()];

  it("creates a key whose secret is a Pulumi secret, and updates its description in place", {
    timeout: 180_000,
  }, async () => {
    const up = await env().up();
    expect(opsByName(up.ops)).toEqual({ app: ["create"], key: ["create"] });
    expect(up.outputs.secretKey.secret).toBe(true);
    expect(up.outputs.secretKey.value).toBe(env().sandbox.state.scaleway.apiKeySecrets.get(keys()[0]!.access_key));

    declared = { ...declared, description: "second" };
    const updated = await env().up();
    expect(opsByName(updated.ops)).toEqual({ app: ["same"], key: ["update"] });
    expect(keys().map((k) => k.description)).toEqual(["second"]);
    // The drift check of an untouched stack passes: reading back what the server filled in is no change.
    await env().preview({ refresh: true, expectNoChanges: true });
  });

  it("replaces the key when its expiry changes, the new one created before the old is deleted", {
    timeout: 120_000,
  }, async () => {
    const old = keys()[0]!.access_key;
    const before = env().sandbox.requests.length;
    declared = { ...declared, expiresAt: inDays(300) };
    const up = await env().up();
    expect(opsByName(up.ops).key).toEqual(["create-replacement", "replace", "delete-replaced"]);
    const requests = env().sandbox.requests.slice(before);
    const created = requests.findIndex((r) => r.method === "POST" && r.path.endsWith("/api-keys"));
    const deleted = requests.findIndex((r) => r.method === "DELETE" && r.path.endsWith(`/api-keys/${old}`));
    expect(created).toBeGreaterThanOrEqual(0);
    expect(created).toBeLessThan(deleted);
    expect(keys().map((k) => k.access_key)).not.toContain(old);
    expect(keys()).toHaveLength(1);
  });

  it("stores secrets and credentials only as ciphertext and prints none of them", { timeout: 180_000 }, async () => {
    const { sandbox } = env();
    connection = { secretKey: sandbox.credentials.scalewaySecretKey, apiUrl: sandbox.urls.scaleway };
    await env().up();
    const { text, resources } = await env().exportState();
    const key = resources.find((r) => r.type === "pulumi-nodejs:dynamic/scaleway:ApiKey");
    expect(key?.outputs?.secretKey).toMatchObject({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    });
    expect(key?.outputs?.secretKey).toHaveProperty("ciphertext");
    const own = resources.find((r) => r.urn.endsWith("::own-credentials"));
    expect(own?.inputs?.connection).toHaveProperty("ciphertext");
    expect(own?.outputs?.connection).toHaveProperty("ciphertext");

    const secrets = [
      ...sandbox.state.scaleway.apiKeySecrets.values(),
      sandbox.credentials.scalewaySecretKey,
      sandbox.credentials.numspotClientSecret,
    ];
    const printed = env().outputs.join("\n");
    for (const secret of secrets) {
      expect(text.includes(secret), "a secret in plaintext in the stack export").toBe(false);
      const at = printed.indexOf(secret);
      expect(at, `a secret in the CLI's output after: ${printed.slice(Math.max(0, at - 300), at)}`).toBe(-1);
    }

    const destroyed = await env().destroy();
    expect(Object.values(opsByName(destroyed.ops)).flat()).toEqual(["delete", "delete", "delete"]);
    expect(sandbox.state.scaleway.applications.size + sandbox.state.scaleway.apiKeys.size).toBe(0);
  });
});
