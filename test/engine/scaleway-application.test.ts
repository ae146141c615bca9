/**
 * scaleway.Application under the real Pulumi engine: up, no-change preview, in-place update, replacement in both
 * orders, refresh after an out-of-band change and delete, preview with unknowns, ignoreChanges, protect, destroy.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as eurostack from "pulumi-eurostack";
import { expect, it } from "vitest";
import { uuid } from "../../src/sandbox/ids";
import { describeEngine, engineFailure, opsByName, useEngineStack } from "./support";

const TYPE = "pulumi-nodejs:dynamic/scaleway:Application";

// What the program declares; tests change it between runs.
let declared: { description: string; organizationId?: string; tags?: string[] } = { description: "first" };
let options: pulumi.CustomResourceOptions = {};
let withKey = false;

function program() {
  const app = new eurostack.scaleway.Application("app", { name: "engine-app", ...declared }, options);
  // A key on the app: in a preview of a fresh stack, its applicationId is not known yet.
  if (withKey) new eurostack.scaleway.ApiKey("key", { applicationId: app.id, description: "on app" });
  return { id: app.id, description: app.description };
}

describeEngine("scaleway.Application under the real engine", () => {
  const env = useEngineStack("engine-application", program);
  const apps = () => [...env().sandbox.state.scaleway.applications.values()];
  const calls = (method: string, pathPart: string) =>
    env()
      .sandbox.requests.filter((r) => r.method === method && r.path.includes(pathPart) && r.status < 300)
      .map((r) => env().sandbox.requests.indexOf(r));

  it("previews with unknowns, then creates, then previews no change", { timeout: 240_000 }, async () => {
    withKey = true;
    const planned = await env().preview();
    expect(opsByName(planned.ops)).toEqual({ app: ["create"], key: ["create"] });
    expect(apps()).toHaveLength(0); // a preview creates nothing

    const up = await env().up();
    expect(opsByName(up.ops)).toEqual({ app: ["create"], key: ["create"] });
    expect(apps().map((a) => [a.name, a.description])).toEqual([["engine-app", "first"]]);
    expect(up.outputs.id.value).toBe(apps()[0]!.id);

    const quiet = await env().preview({ expectNoChanges: true });
    expect(opsByName(quiet.ops)).toEqual({ app: ["same"], key: ["same"] });
    withKey = false;
    await env().up(); // removes the key again
    expect(env().sandbox.state.scaleway.apiKeys.size).toBe(0);
  });

  it("updates the description in place, keeping the id", { timeout: 120_000 }, async () => {
    const id = apps()[0]!.id;
    declared = { description: "second" };
    const up = await env().up();
    expect(opsByName(up.ops)).toEqual({ app: ["update"] });
    expect(apps().map((a) => [a.id, a.description])).toEqual([[id, "second"]]);
  });

  it("ignores a change listed in ignoreChanges", { timeout: 120_000 }, async () => {
    options = { ignoreChanges: ["description"] };
    declared = { description: "ignored" };
    const planned = await env().preview();
    expect(opsByName(planned.ops)).toEqual({ app: ["same"] });
    options = {};
    declared = { description: "second" };
  });

  it("replaces on an organization change, creating the new one before deleting the old", {
    timeout: 120_000,
  }, async () => {
    const other = uuid();
    env().sandbox.state.scaleway.organizationIds.add(other);
    const oldId = apps()[0]!.id;
    const before = env().sandbox.requests.length;
    declared = { description: "second", organizationId: other };
    const up = await env().up();
    expect(opsByName(up.ops).app).toEqual(["create-replacement", "replace", "delete-replaced"]);
    const [created] = calls("POST", "/applications").filter((i) => i >= before);
    const [deleted] = calls("DELETE", `/applications/${oldId}`).filter((i) => i >= before);
    expect(created).toBeLessThan(deleted!);
    expect(apps().map((a) => a.organization_id)).toEqual([other]);
  });

  it("replaces with deleteBeforeReplace in the other order", { timeout: 120_000 }, async () => {
    const oldId = apps()[0]!.id;
    const before = env().sandbox.requests.length;
    options = { deleteBeforeReplace: true };
    declared = { description: "second" }; // back to the default organization
    const up = await env().up();
    expect(opsByName(up.ops).app).toEqual(["delete-replaced", "replace", "create-replacement"]);
    const [deleted] = calls("DELETE", `/applications/${oldId}`).filter((i) => i >= before);
    const [created] = calls("POST", "/applications").filter((i) => i >= before);
    expect(deleted).toBeLessThan(created!);
    expect(apps()).toHaveLength(1);
    options = {};
  });

  it("refresh picks up an out-of-band change, and up restores it", { timeout: 120_000 }, async () => {
    apps()[0]!.description = "changed by hand";
    await engineFailure(env().preview({ refresh: true, expectNoChanges: true }));
    const refreshed = await env().refresh();
    expect(opsByName(refreshed.ops).app).toEqual(["refresh"]);
    const { resources } = await env().exportState();
    expect(resources.find((r) => r.type === TYPE)?.outputs?.description).toBe("changed by hand");
    const up = await env().up();
    expect(opsByName(up.ops)).toEqual({ app: ["update"] });
    expect(apps()[0]!.description).toBe("second");
  });

  it("refresh drops an application deleted behind Pulumi's back, and up recreates it", {
    timeout: 120_000,
  }, async () => {
    const goneId = apps()[0]!.id;
    env().sandbox.state.scaleway.applications.delete(goneId);
    await env().refresh();
    const { resources } = await env().exportState();
    expect(resources.filter((r) => r.type === TYPE)).toHaveLength(0);
    const up = await env().up();
    expect(opsByName(up.ops)).toEqual({ app: ["create"] });
    expect(apps().map((a) => a.id)).not.toContain(goneId);
  });

  it("protect refuses destroy; unprotected, destroy empties the sandbox", { timeout: 180_000 }, async () => {
    options = { protect: true };
    await env().up();
    const refused = await engineFailure(env().destroy());
    expect(refused.output).toMatch(/protected/i);
    expect(apps()).toHaveLength(1);
    options = {};
    await env().up();
    const destroyed = await env().destroy();
    expect(opsByName(destroyed.ops)).toEqual({ app: ["delete"] });
    expect(apps()).toHaveLength(0);
  });
});
