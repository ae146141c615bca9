/**
 * scaleway.Application through the real dynamic-provider plugin, the engine stand-in and the sandbox: the whole
 * chain a user's `pulumi up` exercises, with the resource class from the built package.
 */
import { randomUUID } from "node:crypto";
import * as eurostack from "pulumi-eurostack";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { DeploymentError, destroy, preview, refresh, up } from "../support/lifecycle";
import { type Plugin, startPlugin } from "../support/plugin";
import { captureRegistrations, unknown } from "../support/program";
import { emptyState, type SandboxStack, SECRET_CONFIG_KEYS, startSandboxStack } from "../support/sandbox-stack";
import { findResource, type StateFile } from "../support/state";

let stack: SandboxStack;
let sandbox: Sandbox;
let plugin: Plugin;
let config: Record<string, string>;

beforeAll(async () => {
  stack = await startSandboxStack();
  ({ sandbox, plugin, config } = stack);
});

afterAll(() => stack?.stop());

let state: StateFile;
beforeEach(() => {
  state = emptyState();
  sandbox.faults.clear();
});

const engine = () => stack.engine(state);
const applications = () => [...sandbox.state.scaleway.applications.values()];
const appNamed = (name: string) => applications().filter((a) => a.name === name);

function program(args: Partial<eurostack.scaleway.ApplicationArgs> & { name: string }) {
  return () => {
    new eurostack.scaleway.Application("app", args);
  };
}

describe("scaleway.Application lifecycle", () => {
  it("up creates, a second up changes nothing, a description change updates in place", async () => {
    const name = `proto-${randomUUID().slice(0, 8)}`;
    const first = await up(program({ name, description: "one", tags: ["b", "a"] }), engine());
    expect(first.summary.creates).toBe(1);
    const created = appNamed(name);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ description: "one", organization_id: config["scaleway:organizationId"] });
    const stored = findResource(first.state, "app");
    expect(stored.id).toBe(created[0].id);
    expect(stored.outputs).toMatchObject({ name, nbApiKeys: 0, editable: true, adopted: false });

    const second = await up(program({ name, description: "one", tags: ["a", "b"] }), engine());
    expect(second.summary.changes).toBe(0);

    const before = sandbox.requests.length;
    const third = await up(program({ name, description: "two", tags: ["a", "b"] }), engine());
    expect(third.summary).toMatchObject({ updates: 1, replaces: 0, creates: 0 });
    expect(appNamed(name)[0].id).toBe(created[0].id);
    expect(appNamed(name)[0].description).toBe("two");
    expect(sandbox.requests.slice(before).filter((r) => r.method === "PATCH")).toHaveLength(1);

    await destroy(engine());
    expect(appNamed(name)).toHaveLength(0);
    expect(state.resources).toHaveLength(0);
  });

  it("a changed organizationId replaces the application", async () => {
    const name = `proto-${randomUUID().slice(0, 8)}`;
    await up(program({ name }), engine());
    const oldId = appNamed(name)[0].id;
    const otherOrganization = randomUUID();
    sandbox.state.scaleway.organizationIds.add(otherOrganization);
    const result = await up(program({ name, organizationId: otherOrganization }), engine());
    expect(result.summary.replaces).toBe(1);
    const now = appNamed(name);
    expect(now).toHaveLength(1);
    expect(now[0].id).not.toBe(oldId);
    expect(now[0].organization_id).toBe(otherOrganization);
    await destroy(engine());
  });

  it("refresh sees an out-of-band rename and the next up reverts it", async () => {
    const name = `proto-${randomUUID().slice(0, 8)}`;
    await up(program({ name }), engine());
    const app = appNamed(name)[0];
    app.name = `${name}-by-hand`;
    const refreshed = await refresh(engine());
    expect(findResource(refreshed.state, "app").outputs.name).toBe(`${name}-by-hand`);
    const restored = await up(program({ name }), engine());
    expect(restored.summary.updates).toBe(1);
    expect(sandbox.state.scaleway.applications.get(app.id)?.name).toBe(name);
    await destroy(engine());
  });

  it("refresh drops an application deleted out of band, and up creates it again", async () => {
    const name = `proto-${randomUUID().slice(0, 8)}`;
    await up(program({ name }), engine());
    sandbox.state.scaleway.applications.delete(appNamed(name)[0].id);
    const refreshed = await refresh(engine());
    expect(refreshed.state.resources.filter((r) => r.type.endsWith("scaleway:Application"))).toHaveLength(0);
    const again = await up(program({ name }), engine());
    expect(again.summary.creates).toBe(1);
    expect(appNamed(name)).toHaveLength(1);
    await destroy(engine());
  });

  it("preview with a name not known yet passes check and plans a create", async () => {
    const plan = await preview(() => {
      new eurostack.scaleway.Application("app", { name: unknown<string>("later") });
    }, engine());
    const step = plan.steps.find((s) => s.type === eurostack.scaleway.Application.__pulumiType)!;
    expect(step).toMatchObject({ op: "create", failures: [] });
  });
});

describe("scaleway.Application input checks", () => {
  const bad: Array<[string, Record<string, unknown>, string]> = [
    ["empty name", { name: "" }, "name"],
    ["65 characters", { name: "a".repeat(65) }, "name"],
    ["forbidden characters", { name: "no/slashes!" }, "name"],
    ["leading space", { name: " padded" }, "name"],
    ["name not a string", { name: 42 }, "name"],
    ["tags not an array", { name: "ok", tags: "a,b" }, "tags"],
    ["description too long", { name: "ok", description: "d".repeat(201) }, "description"],
    ["unknown property", { name: "ok", colour: "blue" }, "colour"],
  ];
  it.each(bad)("%s fails check on the property and sends no request", async (_label, args, property) => {
    const before = sandbox.requests.length;
    const { registrations } = await captureRegistrations(() => {
      new eurostack.scaleway.Application("bad", args as unknown as eurostack.scaleway.ApplicationArgs);
    });
    const reg = registrations.find((r) => r.type === eurostack.scaleway.Application.__pulumiType)!;
    const { failures } = await plugin.check(reg.urn, {}, reg.inputs);
    expect(failures.map((f) => f.property)).toContain(property);
    // The host shows "<property>: <reason>": a reason that repeated its property would read "name: name: …".
    const reason = failures.find((f) => f.property === property)?.reason ?? "";
    expect(reason).not.toBe("");
    expect(reason.startsWith(`${property}:`)).toBe(false);
    await expect(up(program(args as { name: string }), engine())).rejects.toBeInstanceOf(DeploymentError);
    expect(sandbox.requests.length).toBe(before);
  });
});

describe("scaleway.Application adopt, faults and credentials", () => {
  it("adopt: true takes over an existing application with the same name", async () => {
    const name = `proto-${randomUUID().slice(0, 8)}`;
    const response = await fetch(`${sandbox.urls.scaleway}/iam/v1alpha1/applications`, {
      method: "POST",
      headers: { "X-Auth-Token": sandbox.credentials.scalewaySecretKey, "Content-Type": "application/json" },
      body: JSON.stringify({ name, organization_id: sandbox.credentials.scalewayOrganizationId, description: "old" }),
    });
    const existing = (await response.json()) as { id: string };
    const result = await up(program({ name, description: "managed now", adopt: true }), engine());
    expect(result.summary.creates).toBe(1);
    expect(findResource(result.state, "app")).toMatchObject({ id: existing.id, outputs: { adopted: true } });
    expect(appNamed(name)).toHaveLength(1);
    expect(appNamed(name)[0].description).toBe("managed now");
    await destroy(engine());
  });

  it("without adopt, an existing namesake is left alone and a new application is created", async () => {
    const name = `proto-${randomUUID().slice(0, 8)}`;
    await up(program({ name }), engine());
    const other = emptyState();
    await up(program({ name }), { ...engine(), state: other });
    expect(appNamed(name)).toHaveLength(2);
    await destroy({ ...engine(), state: other });
    await destroy(engine());
  });

  it("a 500 then success on create makes exactly one application", async () => {
    const name = `proto-${randomUUID().slice(0, 8)}`;
    sandbox.faults.add({
      system: "scaleway",
      method: "POST",
      path: "/iam/v1alpha1/applications",
      status: 500,
      times: 1,
    });
    await up(program({ name }), engine());
    expect(appNamed(name)).toHaveLength(1);
    await destroy(engine());
  });

  it("a reset after the server created it: up fails naming the application, takes nothing; adopt then takes it", async () => {
    const name = `proto-${randomUUID().slice(0, 8)}`;
    sandbox.faults.add({
      system: "scaleway",
      method: "POST",
      path: "/iam/v1alpha1/applications",
      reset: "after",
      times: 1,
    });
    const failed = await up(program({ name }), engine()).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(DeploymentError);
    expect(appNamed(name)).toHaveLength(1);
    const made = appNamed(name)[0].id;
    expect(String((failed as Error).message)).toContain(made);
    expect(String((failed as Error).message)).toContain("adopt: true");
    const result = await up(program({ name, adopt: true }), engine());
    expect(appNamed(name)).toHaveLength(1);
    expect(findResource(result.state, "app").id).toBe(made);
    await destroy(engine());
  });

  it("wrong credentials give a clear 401 error that does not contain the key", async () => {
    const wrongKey = randomUUID();
    const wrongPlugin = await startPlugin({ inheritEnv: false });
    try {
      const wrongConfig = { ...config, "scaleway:secretKey": wrongKey };
      await wrongPlugin.configure(wrongConfig, { secretKeys: SECRET_CONFIG_KEYS });
      const failure = await up(program({ name: "never-created" }), {
        plugin: wrongPlugin,
        state: emptyState(),
        config: wrongConfig,
        secretKeys: SECRET_CONFIG_KEYS,
      }).catch((error: unknown) => error as Error);
      expect(failure).toBeInstanceOf(DeploymentError);
      expect(String((failure as Error).message)).toMatch(/401|denied/);
      expect(String((failure as Error).message)).not.toContain(wrongKey);
      expect(wrongPlugin.logs()).not.toContain(wrongKey);
      expect(appNamed("never-created")).toHaveLength(0);
    } finally {
      await wrongPlugin.stop();
    }
  });

  it("keeps __provider small and free of credentials", async () => {
    const { registrations } = await captureRegistrations(program({ name: "size" }), { config });
    const provider = registrations.find((r) => r.type === eurostack.scaleway.Application.__pulumiType)!.inputs
      .__provider as string;
    expect(Buffer.byteLength(provider)).toBeLessThanOrEqual(1024);
    expect(provider).toContain('require("pulumi-eurostack/runtime")');
    expect(provider).not.toContain(config["scaleway:secretKey"]);
  });
});
