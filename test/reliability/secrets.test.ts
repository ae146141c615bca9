/**
 * Secret scan through the real plugin: a whole lifecycle (up, update, refresh, destroy) of an Application (with its
 * own `connection`, passed as a secret), an ApiKey and a Numspot Space, plus failing operations (wrong credentials;
 * refused updates and 500s until the retries run out, whose bodies echo credentials). Every secret must stay out of every
 * `__provider`, every version of the JSON state file (where the driver encrypts what the engine would), every error
 * message and the plugin's logs: the Scaleway secret key, every API key secret the sandbox generated, the Numspot
 * client secret (and its Basic form), every Numspot access token the sandbox issued, and the wrong credentials too.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as eurostack from "pulumi-eurostack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { DeploymentError, destroy, refresh, up } from "../support/lifecycle";
import { startPlugin } from "../support/plugin";
import { type SandboxStack, SECRET_CONFIG_KEYS, startSandboxStack } from "../support/sandbox-stack";
import { findResource, reveal, type StateFile } from "../support/state";
import { errorText, unique } from "./support";

let stack: SandboxStack;
let sandbox: Sandbox;
let tmp: string;
/** Every API key secret and access token the sandbox ever handed out, even ones deleted since. */
const generated = { apiKeySecrets: new Set<string>(), accessTokens: new Set<string>() };
/** Everything a user, a log collector or a state backend could see. */
const seen: { where: string; text: string }[] = [];
const see = (where: string, text: string) => seen.push({ where, text });

beforeAll(async () => {
  stack = await startSandboxStack({ sandbox: { numspot: { queuedMs: 20, runningMs: 50 } } });
  sandbox = stack.sandbox;
  const secrets = sandbox.state.scaleway.apiKeySecrets;
  const setSecret = secrets.set.bind(secrets);
  secrets.set = (key, value) => {
    generated.apiKeySecrets.add(value);
    return setSecret(key, value);
  };
  const tokens = sandbox.state.numspot.tokens;
  const setToken = tokens.set.bind(tokens);
  tokens.set = (token, record) => {
    generated.accessTokens.add(token);
    return setToken(token, record);
  };
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "eurostack-secrets-"));
});

afterAll(async () => {
  await stack?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const appName = unique("secret-scan");
const spaceName = unique("secret-scan");

/** An application with its own connection (a secret input), a key for it, a space; the key's secret exported. */
function program(description: string) {
  return () => {
    const connection = pulumi.secret({
      secretKey: sandbox.credentials.scalewaySecretKey,
      apiUrl: sandbox.urls.scaleway,
    });
    const app = new eurostack.scaleway.Application("app", { name: appName, description, connection });
    const key = new eurostack.scaleway.ApiKey("key", { applicationId: app.id, description });
    new eurostack.numspot.Space("space", { name: spaceName, description });
    return { secretKey: key.secretKey, accessKey: key.accessKey };
  };
}

/** Runs a deployment step, recording the state file after it and the error it threw, if any. */
async function step<T>(where: string, statePath: string, run: () => Promise<T>): Promise<T | DeploymentError> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DeploymentError)) throw error;
    see(`${where}: error`, errorText(error));
    return error;
  } finally {
    if (fs.existsSync(statePath)) see(`${where}: state file`, fs.readFileSync(statePath, "utf8"));
  }
}

describe("secrets never appear in plain text", () => {
  it("across a lifecycle with failures, in __provider, the state file, errors and the plugin's logs", async () => {
    const statePath = path.join(tmp, "state.json");
    const engine = { plugin: stack.plugin, state: statePath, config: stack.config, secretKeys: SECRET_CONFIG_KEYS };

    const created = await step("up", statePath, () => up(program("v1"), engine));
    if (created instanceof DeploymentError) throw created;
    expect(created.summary.creates).toBe(3);
    expect(created.secretExports).toEqual(["secretKey"]);
    for (const registration of created.registrations) {
      if (typeof registration.inputs.__provider === "string") see("__provider", registration.inputs.__provider);
    }

    // The key's secret is in the state, but only encrypted, and the application's connection likewise.
    const state = JSON.parse(fs.readFileSync(statePath, "utf8")) as StateFile;
    const key = findResource(state, "key");
    const secret = sandbox.state.scaleway.apiKeySecrets.get(key.id)!;
    expect(secret).toMatch(/\S{20,}/);
    expect(key.secretOutputs).toContain("secretKey");
    expect(key.outputs.secretKey).toMatchObject({ ciphertext: expect.stringMatching(/^v1:/) });
    expect(reveal(key.outputs.secretKey)).toBe(secret);
    const app = findResource(state, "app");
    expect(app.secretInputs).toContain("connection");
    expect(app.secretOutputs).toContain("connection");
    expect(reveal(app.outputs.connection)).toMatchObject({ secretKey: sandbox.credentials.scalewaySecretKey });
    for (const resource of state.resources) {
      for (const props of [resource.inputs, resource.outputs]) {
        if (typeof props.__provider === "string") see(`state __provider of ${resource.name}`, props.__provider);
      }
    }

    const updated = await step("update", statePath, () => up(program("v2"), engine));
    if (updated instanceof DeploymentError) throw updated;
    expect(updated.summary.updates).toBe(3);
    await step("refresh", statePath, () => refresh(engine));

    // Errors whose bodies echo the credentials the request carried, as a misconfigured proxy might: refused updates
    // (not retried), then a refresh answered 500 until the retries run out.
    const token = [...sandbox.state.numspot.tokens.keys()].at(-1)!;
    const echoScaleway = `upstream rejected X-Auth-Token: ${sandbox.credentials.scalewaySecretKey}`;
    const echoNumspot = `Authorization: Bearer ${token} for client secret ${sandbox.credentials.numspotClientSecret}`;
    sandbox.faults.add({
      system: "scaleway",
      method: "PATCH",
      status: 400,
      times: Infinity,
      body: { type: "invalid_arguments", message: echoScaleway },
    });
    sandbox.faults.add({
      system: "numspot",
      method: "PATCH",
      status: 400,
      times: Infinity,
      body: { type: "about:blank", title: "Bad Request", status: 400, detail: echoNumspot },
    });
    const refused = await step("refused update", statePath, () => up(program("v3"), engine));
    expect(refused).toBeInstanceOf(DeploymentError);
    expect((refused as DeploymentError).message).toMatch(/400/);
    sandbox.faults.clear();
    sandbox.faults.add({
      system: "scaleway",
      method: "GET",
      status: 500,
      times: Infinity,
      body: { type: "internal_error", message: `{"X-Auth-Token": "${sandbox.credentials.scalewaySecretKey}"}` },
    });
    sandbox.faults.add({
      system: "numspot",
      method: "GET",
      status: 500,
      times: Infinity,
      body: { title: "Internal", detail: `token=${token}&client_secret=${sandbox.credentials.numspotClientSecret}` },
    });
    const unavailable = await step("failing refresh", statePath, () => refresh(engine));
    expect(unavailable).toBeInstanceOf(DeploymentError);
    expect((unavailable as DeploymentError).message).toMatch(/500/);
    sandbox.faults.clear();
    // The echoes did reach the messages, masked: the scan below is not vacuous.
    for (const error of [refused, unavailable]) expect((error as Error).message).toContain("[REDACTED]");

    // Wrong credentials, given as stack config the way a user would, to a fresh plugin.
    const wrong = {
      ...stack.config,
      "scaleway:secretKey": "0b7c3f5e-wrong-4f3a-9c1d-5e8a7b6c5d4e",
      "numspot:clientSecret": "wrong-numspot-client-secret-0123456789",
    };
    const wrongPlugin = await startPlugin({ inheritEnv: false });
    try {
      await wrongPlugin.configure(wrong, { secretKeys: SECRET_CONFIG_KEYS });
      const denied = await step("wrong credentials", path.join(tmp, "other.json"), () =>
        up(
          () => {
            new eurostack.scaleway.Application("app", { name: unique("never") });
            new eurostack.numspot.Space("space", { name: unique("never"), description: "never" });
          },
          { plugin: wrongPlugin, state: path.join(tmp, "other.json"), config: wrong, secretKeys: SECRET_CONFIG_KEYS },
        ),
      );
      expect(denied).toBeInstanceOf(DeploymentError);
      expect((denied as DeploymentError).message).toMatch(/401/);
    } finally {
      await wrongPlugin.stop();
      see("wrong-credentials plugin logs", wrongPlugin.logs());
    }

    const destroyed = await step("destroy", statePath, () => destroy(engine));
    expect(destroyed).not.toBeInstanceOf(DeploymentError);
    expect(sandbox.state.scaleway.applications.size + sandbox.state.numspot.spaces.size).toBe(0);
    see("plugin logs", stack.plugin.logs());

    // The scan.
    const secrets: Record<string, string> = {
      "Scaleway secret key": sandbox.credentials.scalewaySecretKey,
      "Numspot client secret": sandbox.credentials.numspotClientSecret,
      "Numspot Basic credentials": Buffer.from(
        `${sandbox.credentials.numspotClientId}:${sandbox.credentials.numspotClientSecret}`,
      ).toString("base64"),
      "wrong Scaleway secret key": wrong["scaleway:secretKey"],
      "wrong Numspot client secret": wrong["numspot:clientSecret"],
    };
    for (const value of generated.apiKeySecrets) secrets[`API key secret ${value.slice(0, 4)}…`] = value;
    for (const value of generated.accessTokens) secrets[`access token ${value.slice(-6)}`] = value;
    expect(generated.apiKeySecrets.size).toBeGreaterThanOrEqual(1);
    expect(generated.accessTokens.size).toBeGreaterThanOrEqual(1);
    expect(seen.filter((s) => s.where.endsWith("error")).length).toBe(3);
    expect(seen.filter((s) => s.where.includes("__provider")).length).toBeGreaterThanOrEqual(6);

    const leaks: string[] = [];
    for (const { where, text } of seen) {
      for (const [name, value] of Object.entries(secrets)) if (text.includes(value)) leaks.push(`${name} in ${where}`);
    }
    expect(leaks).toEqual([]);
  }, 45_000);
});
