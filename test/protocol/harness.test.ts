/**
 * The protocol harness itself, proven on a self-contained fixture resource (test/support/fixtures/file-store.js)
 * before the real resources exist: the real plugin process, the SDK's serializer, and the lifecycle driver.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileObject, readStore } from "../support/fixtures/file-store.js";
import { DeploymentError, destroy, preview, refresh, up } from "../support/lifecycle";
import { type Plugin, PluginError, startPlugin, UNKNOWN } from "../support/plugin";
import { captureRegistrations, unknown } from "../support/program";
import { findResource, loadState, reveal } from "../support/state";

const TYPE = "pulumi-nodejs:dynamic/fixtures:FileObject";
const CONFIG = { "fixtures:defaultZone": "nl-ams-1", "fixtures:apiKey": "config-secret-4c1d" };
const SECRET_KEYS = ["fixtures:apiKey"];
const PASSWORD = "pw-secret-8e2a";

let plugin: Plugin;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-"));
  plugin = await startPlugin();
  await plugin.configure(CONFIG, { secretKeys: SECRET_KEYS });
});

afterAll(async () => {
  await plugin?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function engineOptions(stateFile: string) {
  return { plugin, state: stateFile, config: CONFIG, secretKeys: SECRET_KEYS };
}

describe("program capture", () => {
  it("serializes the provider with the SDK's own serializer, from natively loaded code", async () => {
    const store = path.join(dir, "capture.json");
    const { registrations } = await captureRegistrations(() => {
      new FileObject("a", { store, name: "alpha", password: pulumi.secret(PASSWORD) });
    });
    const reg = registrations.find((r) => r.type === TYPE)!;
    expect(reg.urn).toBe(`urn:pulumi:test::pulumi-eurostack::${TYPE}::a`);
    const provider = reg.inputs.__provider as string;
    expect(typeof provider).toBe("string");
    expect(provider).toContain("exports.handler");
    expect(provider).not.toContain("__vite");
    expect(provider.length).toBeLessThan(16 * 1024);
    expect(reg.additionalSecretOutputs).toEqual(["token"]);
    expect(reg.secretInputs).toEqual(["password"]);
    expect(reg.inputs.password).toBe(PASSWORD);
    expect(JSON.stringify(reg.wireInputs.password)).not.toBe(JSON.stringify(PASSWORD));
  });
});

describe("plugin RPCs", () => {
  it("answers GetPluginInfo with the SDK's version", async () => {
    const sdk = JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as {
      version: string;
    };
    expect((await plugin.getPluginInfo()).version).toBe(sdk.version);
    expect(plugin.startupMs).toBeGreaterThan(0);
  });

  it("configures first (secret config unwrapped), then answers check with property-level failures and config-driven defaults", async () => {
    const store = path.join(dir, "rpc.json");
    const { registrations } = await captureRegistrations(() => {
      new FileObject("rpc", { store, name: "" });
    });
    const reg = registrations.find((r) => r.type === TYPE)!;
    const failing = await plugin.check(reg.urn, {}, reg.inputs);
    expect(failing.failures).toEqual([{ property: "name", reason: "name must be a non-empty string" }]);

    const passing = await plugin.check(reg.urn, {}, { ...reg.inputs, name: "ok" });
    expect(passing.failures).toEqual([]);
    expect(passing.inputs.zone).toBe("nl-ams-1");
    expect(passing.inputs.__provider).toBe(reg.inputs.__provider);

    const unknownName = await plugin.check(reg.urn, {}, { ...reg.inputs, name: UNKNOWN });
    expect(unknownName.failures).toEqual([]);
    expect(fs.existsSync(store)).toBe(false);
  });

  it("reports a create that failed after making the object as an init failure with id, properties, reasons", async () => {
    const store = path.join(dir, "rpc-init.json");
    const { registrations } = await captureRegistrations(() => {
      new FileObject("init", { store, name: "half", failInit: true });
    });
    const reg = registrations.find((r) => r.type === TYPE)!;
    const { inputs } = await plugin.check(reg.urn, {}, reg.inputs);
    const error = await plugin.create(reg.urn, inputs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginError);
    const failure = error as PluginError;
    expect(failure.message).toMatch(/was created but never became ready/);
    expect(failure.initFailed?.id).toMatch(/^obj-/);
    expect(failure.initFailed?.properties).toMatchObject({ name: "half", zone: "nl-ams-1" });
    expect(failure.initFailed?.reasons).toEqual(["timed out waiting for ready"]);
    expect(Object.keys(readStore(store).objects)).toEqual([failure.initFailed?.id]);
  });
});

describe("lifecycle", () => {
  const stateFile = () => path.join(dir, "state.json");
  const storeA = () => path.join(dir, "store-a.json");
  const storeB = () => path.join(dir, "store-b.json");

  function program(a: { zone?: string; value?: string; store?: string } = {}, withB = true) {
    return () => {
      const alpha = new FileObject("a", {
        store: a.store ?? storeA(),
        name: "alpha",
        zone: a.zone,
        value: a.value ?? "one",
        password: pulumi.secret(PASSWORD),
      });
      if (withB) new FileObject("b", { store: storeA(), name: "beta", value: alpha.id });
      return { alphaId: alpha.id, alphaToken: alpha.token };
    };
  }

  it("up creates, hands real outputs to dependents, and keeps secrets out of the state", async () => {
    const result = await up(program(), engineOptions(stateFile()));
    expect(result.summary).toMatchObject({ creates: 2, updates: 0, replaces: 0, deletes: 0, changes: 2 });

    const state = loadState(stateFile());
    const a = findResource(state, "a");
    const b = findResource(state, "b");
    expect(a.id).toMatch(/^obj-/);
    expect(b.dependencies).toContain(a.urn);
    expect(reveal(b.outputs).value).toBe(a.id);
    expect(readStore(storeA()).objects[b.id]?.value).toBe(a.id);

    expect(a.secretOutputs.sort()).toEqual(["password", "token"]);
    const token = reveal(a.outputs).token as string;
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const stateText = fs.readFileSync(stateFile(), "utf8");
    expect(stateText).not.toContain(token);
    expect(stateText).not.toContain(PASSWORD);
    expect(stateText).not.toContain(CONFIG["fixtures:apiKey"]);

    expect(result.exports).toEqual({ alphaId: a.id, alphaToken: token });
    expect(result.secretExports).toEqual(["alphaToken"]);
  });

  it("a second up of the same program reports no changes and calls no write", async () => {
    const before = readStore(storeA()).log.length;
    const result = await up(program(), engineOptions(stateFile()));
    expect(result.summary).toMatchObject({ sames: 2, changes: 0 });
    expect(readStore(storeA()).log.length).toBe(before);
  });

  it("updates in place", async () => {
    const id = findResource(loadState(stateFile()), "a").id;
    const result = await up(program({ value: "two" }), engineOptions(stateFile()));
    expect(result.summary).toMatchObject({ updates: 1, sames: 1, changes: 1 });
    expect(findResource(result.state, "a").id).toBe(id);
    expect(readStore(storeA()).objects[id]?.value).toBe("two");
    expect(readStore(storeA()).log.at(-1)).toBe(`update ${id}`);
  });

  it("replaces delete-before-replace when the diff asks for it, and updates dependents with the new id", async () => {
    const oldId = findResource(loadState(stateFile()), "a").id;
    const result = await up(program({ value: "two", zone: "fr-par-2" }), engineOptions(stateFile()));
    expect(result.summary).toMatchObject({ replaces: 1, updates: 1, changes: 2 });
    const newId = findResource(result.state, "a").id;
    expect(newId).not.toBe(oldId);
    const ops = result.summary.steps.filter((s) => s.urn.endsWith("::a")).map((s) => `${s.op} ${s.id}`);
    expect(ops).toEqual([`delete-replaced ${oldId}`, `create-replacement ${newId}`]);
    const log = readStore(storeA()).log;
    expect(log.indexOf(`delete ${oldId}`)).toBeLessThan(log.indexOf(`create ${newId}`));
    expect(readStore(storeA()).objects[findResource(result.state, "b").id]?.value).toBe(newId);
  });

  it("replaces create-before-delete otherwise, deleting the old object after the program", async () => {
    const oldId = findResource(loadState(stateFile()), "a").id;
    const result = await up(program({ value: "two", zone: "fr-par-2", store: storeB() }), engineOptions(stateFile()));
    const newId = findResource(result.state, "a").id;
    const ops = result.summary.steps.filter((s) => s.urn.endsWith("::a")).map((s) => s.op);
    expect(ops).toEqual(["create-replacement", "delete-replaced"]);
    expect(readStore(storeB()).objects[newId]).toBeDefined();
    expect(readStore(storeA()).objects[oldId]).toBeUndefined();
    expect(result.state.resources.filter((r) => r.pendingDelete)).toEqual([]);
  });

  it("refresh drops an object deleted behind Pulumi's back and records drift", async () => {
    const state = loadState(stateFile());
    const a = findResource(state, "a");
    const b = findResource(state, "b");
    const storeAData = readStore(storeA());
    delete storeAData.objects[b.id];
    fs.writeFileSync(storeA(), JSON.stringify(storeAData));
    const storeBData = readStore(storeB());
    storeBData.objects[a.id]!.value = "changed outside";
    fs.writeFileSync(storeB(), JSON.stringify(storeBData));

    const result = await refresh(engineOptions(stateFile()));
    expect(result.summary).toMatchObject({ deletes: 1, updates: 1, sames: 0 });
    expect(result.state.resources.map((r) => r.name)).toEqual(["a"]);
    const refreshed = findResource(result.state, "a");
    expect(reveal(refreshed.outputs).value).toBe("changed outside");
    expect(reveal(refreshed.inputs).value).toBe("changed outside");
    expect(refreshed.secretOutputs.sort()).toEqual(["password", "token"]);
  });

  it("preview sends unknowns, passes check, plans, and changes nothing", async () => {
    const stateBefore = fs.readFileSync(stateFile(), "utf8");
    const logBefore = readStore(storeB()).log.length;
    const result = await preview(() => {
      const alpha = new FileObject("a", {
        store: storeB(),
        name: "alpha",
        zone: "fr-par-2",
        value: "previewed",
        password: pulumi.secret(PASSWORD),
      });
      new FileObject("c", { store: storeB(), name: unknown<string>("gamma"), value: alpha.token });
    }, engineOptions(stateFile()));

    const byName = Object.fromEntries(result.steps.map((s) => [s.name, s]));
    expect(byName.a).toMatchObject({ op: "update", failures: [] });
    expect(byName.c).toMatchObject({ op: "create", failures: [] });
    const c = result.registrations.find((r) => r.name === "c")!;
    expect(c.inputs.name).toBe(UNKNOWN);
    expect(result.summary).toMatchObject({ creates: 1, updates: 1, changes: 2, failures: 0 });
    expect(fs.readFileSync(stateFile(), "utf8")).toBe(stateBefore);
    expect(readStore(storeB()).log.length).toBe(logBefore);
  });

  it("up re-creates what refresh dropped, then deletes what the program no longer declares", async () => {
    const options = engineOptions(stateFile());
    const again = await up(program({ value: "two", zone: "fr-par-2", store: storeB() }), options);
    expect(again.summary).toMatchObject({ creates: 1, updates: 1 });
    const bId = findResource(again.state, "b").id;
    const dropped = await up(program({ value: "two", zone: "fr-par-2", store: storeB() }, false), options);
    expect(dropped.summary).toMatchObject({ deletes: 1, sames: 1, changes: 1 });
    expect(dropped.state.resources.map((r) => r.name)).toEqual(["a"]);
    expect(readStore(storeA()).objects[bId]).toBeUndefined();
  });

  it("destroy deletes everything, dependents first, and empties the state", async () => {
    const options = engineOptions(stateFile());
    await up(program({ value: "two", zone: "fr-par-2", store: storeB() }), options);
    const before = loadState(stateFile());
    const result = await destroy(options);
    expect(result.summary.deletes).toBe(2);
    expect(result.summary.steps.map((s) => s.urn.split("::").pop())).toEqual(["b", "a"]);
    expect(loadState(stateFile()).resources).toEqual([]);
    for (const r of before.resources) {
      expect(readStore(storeA()).objects[r.id]).toBeUndefined();
      expect(readStore(storeB()).objects[r.id]).toBeUndefined();
    }
  });
});

describe("failures", () => {
  it("a check failure fails up before anything is created, naming the property", async () => {
    const stateFile = path.join(dir, "check-failure.json");
    const store = path.join(dir, "check-failure-store.json");
    const error = await up(() => {
      new FileObject("bad", { store, name: "  " });
    }, engineOptions(stateFile)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentError);
    expect((error as Error).message).toContain("::bad: check failed: name: name must be a non-empty string");
    expect(fs.existsSync(store)).toBe(false);
    expect(loadState(stateFile).resources).toEqual([]);
  });

  it("records a created-but-failed resource with its init errors, and updates it on the next up", async () => {
    const stateFile = path.join(dir, "init-failure.json");
    const store = path.join(dir, "init-failure-store.json");
    const error = await up(() => {
      new FileObject("half", { store, name: "half", failInit: true });
    }, engineOptions(stateFile)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentError);
    expect((error as Error).message).toContain("never became ready");

    const entry = findResource(loadState(stateFile), "half");
    expect(entry.id).toMatch(/^obj-/);
    expect(entry.initErrors).toEqual(["timed out waiting for ready"]);
    expect(reveal(entry.outputs)).toMatchObject({ name: "half", store });
    expect(entry.secretOutputs).toEqual(["token"]);
    expect(Object.keys(readStore(store).objects)).toEqual([entry.id]);

    const retried = await up(() => {
      new FileObject("half", { store, name: "half" });
    }, engineOptions(stateFile));
    expect(retried.summary).toMatchObject({ updates: 1, creates: 0 });
    const healed = findResource(retried.state, "half");
    expect(healed.id).toBe(entry.id);
    expect(healed.initErrors).toBeUndefined();
  });

  it("keeps secrets out of the plugin's output", () => {
    const logs = plugin.logs();
    expect(logs).not.toContain(PASSWORD);
    expect(logs).not.toContain(CONFIG["fixtures:apiKey"]);
  });
});

describe("resource options and program errors", () => {
  it("ignoreChanges keeps the old input; protect refuses deletion", async () => {
    const stateFile = path.join(dir, "options.json");
    const store = path.join(dir, "options-store.json");
    const options = engineOptions(stateFile);
    await up(() => {
      new FileObject("kept", { store, name: "kept", value: "v1" }, { protect: true });
    }, options);
    const ignored = await up(() => {
      new FileObject("kept", { store, name: "kept", value: "v2" }, { protect: true, ignoreChanges: ["value"] });
    }, options);
    expect(ignored.summary).toMatchObject({ sames: 1, changes: 0 });

    const refused = await up(() => {}, options).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DeploymentError);
    expect((refused as Error).message).toContain("protected");
    expect(Object.keys(readStore(store).objects)).toHaveLength(1);

    await up(() => {
      new FileObject("kept", { store, name: "kept", value: "v1" });
    }, options);
    expect((await destroy(options)).summary.deletes).toBe(1);
    expect(readStore(store).objects).toEqual({});
  });

  it("a program that throws fails the up and leaves the state alone", async () => {
    const stateFile = path.join(dir, "throws.json");
    const error = await up(() => {
      throw new Error("program bug");
    }, engineOptions(stateFile)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentError);
    expect((error as Error).message).toContain("program bug");
    expect(loadState(stateFile).resources).toEqual([]);
  });
});
