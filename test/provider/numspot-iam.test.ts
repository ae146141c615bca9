import { randomUUID as uuid } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeAllPools } from "../../src/client/http";
import { resetStackConfig } from "../../src/resources/config";
import { aclBindingProvider } from "../../src/resources/numspot/acl-binding";
import { iamPolicyBindingProvider } from "../../src/resources/numspot/iam-policy-binding";
import { getPermission, getPermissions, getRole } from "../../src/resources/numspot/lookups";
import { roleProvider } from "../../src/resources/numspot/role";
import { serviceAccountProvider } from "../../src/resources/numspot/service-account";
import { userProvider } from "../../src/resources/numspot/user";
import type { EntityProvider } from "../../src/resources/provider";
import { ResourceInitError } from "../../src/resources/provider";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { failure } from "../support/loopback";

/**
 * The Numspot IAM entities against the sandbox, in process: the hard cases of ownership (a binding beside a foreign
 * grant, ACLs beside foreign ones), bulk chunking, differences only on update, and readable permission names.
 */

let sandbox: Sandbox;
const savedEnv = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox({ numspot: { queuedMs: 10, runningMs: 10 } });
});

afterAll(async () => {
  process.env = { ...savedEnv };
  await closeAllPools();
  await sandbox?.stop();
});

beforeEach(() => {
  resetStackConfig();
  process.env = { ...savedEnv };
  for (const [key, value] of Object.entries(sandbox.env)) if (key.startsWith("NUMSPOT_")) process.env[key] = value;
});

const org = () => sandbox.credentials.numspotOrganisationId;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Date.now() % 100_000}`;

async function up(provider: EntityProvider, news: Record<string, unknown>) {
  const checked = await provider.check({}, news);
  expect(checked.failures).toEqual([]);
  return { inputs: checked.inputs!, ...(await provider.create(checked.inputs!)) };
}

const permissionId = (name: string) =>
  [...sandbox.state.numspot.permissions.values()].find((p) => p.name === name.replaceAll("/", "."))!.uuid;
const policy = (type: string, id: string) => sandbox.state.numspot.policies.get(`organisation:${org()}:${type}:${id}`);
const since = (mark: number) => sandbox.requests.slice(mark).filter((r) => r.system === "numspot");

describe("numspot.Role", () => {
  it("resolves readable names and UUIDs to one set; changes only the difference; PATCHes name and description", async () => {
    const list = permissionId("openshift/clusters/list");
    const { id, outs, inputs } = await up(roleProvider, {
      name: unique("ops"),
      description: "Operators",
      permissions: ["openshift/clusters/nodepools/create", list, "openshift/clusters/get"],
    });
    expect(new Set(outs!.permissionIds)).toEqual(
      new Set([permissionId("openshift/clusters/nodepools/create"), list, permissionId("openshift/clusters/get")]),
    );
    expect(new Set(outs!.permissions)).toEqual(new Set(inputs.permissions));
    // The same set in another order and spelling is no change.
    const same = {
      ...inputs,
      permissions: [
        permissionId("openshift/clusters/get"),
        "openshift/clusters/list",
        permissionId("openshift/clusters/nodepools/create"),
      ],
    };
    const read = await roleProvider.read(id, outs!);
    expect((await roleProvider.diff(id, read.props!, inputs)).changes).toBe(false);

    const mark = sandbox.requests.length;
    const news = {
      ...same,
      description: "Cluster operators",
      permissions: ["openshift/clusters/get", "openshift/clusters/delete"],
    };
    const { outs: after } = await roleProvider.update(id, outs!, news);
    const writes = since(mark).filter((r) => r.method !== "GET");
    expect(writes.map((r) => [r.method, r.path.endsWith("/permissions"), r.body])).toEqual([
      ["PATCH", false, { description: "Cluster operators" }],
      ["POST", true, { permissions: [permissionId("openshift/clusters/delete")] }],
      [
        "DELETE",
        true,
        { permissions: expect.arrayContaining([list, permissionId("openshift/clusters/nodepools/create")]) },
      ],
    ]);
    expect(new Set(sandbox.state.numspot.roles.get(id)!.permissionIds)).toEqual(
      new Set([permissionId("openshift/clusters/get"), permissionId("openshift/clusters/delete")]),
    );
    expect(after).toMatchObject({ description: "Cluster operators", custom: true });
    await roleProvider.delete(id, after!);
    expect(sandbox.state.numspot.roles.has(id)).toBe(false);
  });

  it("an unknown permission name fails before the role is created", async () => {
    const name = unique("bad");
    const checked = await roleProvider.check({}, { name, description: "d", permissions: ["openshift/clusters/fly"] });
    const mark = sandbox.requests.length;
    const error = await failure(roleProvider.create(checked.inputs!));
    expect(error.message).toContain('unknown Numspot permission "openshift/clusters/fly"');
    expect(since(mark).filter((r) => r.method !== "GET")).toEqual([]);
    expect([...sandbox.state.numspot.roles.values()].some((r) => r.name === name)).toBe(false);
  });
});

describe("a create whose later step fails records what it made", () => {
  it("Role: permissions refused after the POST → recorded without them (one role, no orphan); the next up adds them", async () => {
    const name = unique("half");
    const checked = await roleProvider.check({}, { name, description: "d", permissions: ["openshift/clusters/get"] });
    sandbox.faults.add({ system: "numspot", method: "POST", path: /\/roles\/[^/]+\/permissions$/, status: 403 });
    const error = await failure(roleProvider.create(checked.inputs!));
    const roles = [...sandbox.state.numspot.roles.values()].filter((r) => r.name === name);
    expect(roles).toHaveLength(1);
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error.id).toBe(roles[0]!.uuid);
    expect(error.message).toMatch(
      /role .* was created, but the rest of its create failed \(.*403.*\); .*the next up finishes it/,
    );
    expect(error.properties).toMatchObject({ name, permissions: [] });

    // The next up: the engine updates a resource recorded with an init error.
    const { changes } = await roleProvider.diff(error.id, error.properties, checked.inputs!);
    expect(changes).toBe(true);
    const { outs } = await roleProvider.update!(error.id, error.properties, checked.inputs!);
    expect(outs!.permissionIds).toEqual([permissionId("openshift/clusters/get")]);
    expect([...sandbox.state.numspot.roles.values()].filter((r) => r.name === name)).toHaveLength(1);
  });

  it("Role with permissions whose create answer was lost: the look-up finds it (named), no second POST", async () => {
    const name = unique("lost");
    const checked = await roleProvider.check({}, { name, description: "d", permissions: ["openshift/clusters/get"] });
    const path = `/iam/organisations/${org()}/roles`;
    sandbox.faults.add({ system: "numspot", method: "POST", path, reset: "after" });
    const mark = sandbox.requests.length;
    const error = await failure(roleProvider.create(checked.inputs!));
    const [role] = [...sandbox.state.numspot.roles.values()].filter((r) => r.name === name);
    expect(error.message).toContain("the create request's answer was lost");
    expect(error.message).toContain(role!.uuid);
    expect(since(mark).filter((r) => r.method === "POST" && r.path === path)).toHaveLength(1);
  });

  it("ServiceAccount: a space assignment refused after the POST → recorded with its one-time secret", async () => {
    const space = uuid();
    const now = new Date().toISOString();
    sandbox.state.numspot.spaces.set(space, {
      id: space,
      organisationId: org(),
      name: `space-${space.slice(0, 8)}`,
      description: "assign",
      createdOn: now,
      updatedOn: now,
      lifecycle: { startedAt: Date.now(), queuedMs: 0, runningMs: 0, outcome: "READY" },
    });
    const name = unique("robot");
    const checked = await serviceAccountProvider.check({}, { name, spaceIds: [space] });
    sandbox.faults.add({
      system: "numspot",
      method: "POST",
      path: new RegExp(`/spaces/${space}/serviceAccounts/`),
      status: 403,
    });
    const error = await failure(serviceAccountProvider.create(checked.inputs!));
    expect(error).toBeInstanceOf(ResourceInitError);
    const accounts = [...sandbox.state.numspot.serviceAccounts.values()].filter((a) => a.name === name);
    expect(accounts).toHaveLength(1);
    expect(error.id).toBe(accounts[0]!.id);
    expect(error.properties).toMatchObject({ name, spaceIds: [], secret: expect.any(String) });
    expect(error.properties.secret.length).toBeGreaterThan(0);
    expect(error.message).not.toContain(error.properties.secret);
  });
});

describe("numspot.IamPolicyBinding", () => {
  it("owns only what it declares: a foreign grant is never shown, touched or removed; a removed declared grant is restored", async () => {
    const account = await up(serviceAccountProvider, { name: unique("bound") });
    const ours = await up(roleProvider, { name: unique("ours"), description: "ours" });
    const foreignRole = "6f1a0c1e-5b1f-4d0e-9a51-0d6b1c000003";
    const shared = permissionId("openshift/clusters/get");
    // Someone else granted a role and a permission before the binding existed.
    sandbox.state.numspot.policies.set(`organisation:${org()}:serviceAccounts:${account.id}`, {
      roles: new Set([foreignRole]),
      permissions: new Set([shared]),
    });
    const mark = sandbox.requests.length;
    const binding = await up(iamPolicyBindingProvider, {
      serviceAccountId: account.id,
      roles: [ours.id],
      permissions: ["openshift/clusters/get", "openshift/clusters/list"],
    });
    const patches = since(mark).filter((r) => r.method === "PATCH");
    expect(patches.map((r) => r.body)).toEqual([
      { add: { roles: [ours.id], permissions: [permissionId("openshift/clusters/list")] } },
    ]);
    expect(binding.outs).toMatchObject({
      roles: [ours.id],
      permissions: ["openshift/clusters/get", "openshift/clusters/list"],
      addedRoles: [ours.id],
      addedPermissionIds: [permissionId("openshift/clusters/list")],
    });
    // Refresh: the foreign role is not reported, so there is no drift.
    const read = await iamPolicyBindingProvider.read(binding.id, binding.outs!);
    expect(read.props!.roles).toEqual([ours.id]);
    expect((await iamPolicyBindingProvider.diff(binding.id, read.props!, binding.inputs)).changes).toBe(false);

    // A declared grant removed behind its back is drift, restored by the next update.
    policy("serviceAccounts", account.id)!.roles.delete(ours.id);
    const drifted = await iamPolicyBindingProvider.read(binding.id, read.props!);
    expect(drifted.props!.roles).toEqual([]);
    expect((await iamPolicyBindingProvider.diff(binding.id, drifted.props!, binding.inputs)).changes).toBe(true);
    const restored = await iamPolicyBindingProvider.update(binding.id, drifted.props!, binding.inputs);
    expect(policy("serviceAccounts", account.id)!.roles.has(ours.id)).toBe(true);

    // Dropping the pre-existing permission from the declaration does not remove it: the binding did not add it.
    const fewer = { ...binding.inputs, permissions: ["openshift/clusters/list"] };
    const updated = await iamPolicyBindingProvider.update(binding.id, restored.outs!, fewer);
    expect(policy("serviceAccounts", account.id)!.permissions.has(shared)).toBe(true);

    await iamPolicyBindingProvider.delete(binding.id, updated.outs!);
    const left = policy("serviceAccounts", account.id)!;
    expect([...left.roles]).toEqual([foreignRole]);
    expect([...left.permissions]).toEqual([shared]);
  });
});

describe("numspot.AclBinding", () => {
  const entries = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => ({
      service: "openshift",
      resource: "clusters",
      resourceId: `cluster-${from + i}`,
      permission: "openshift/clusters/get",
    }));

  it("250 entries → 3 bulk calls; read pages per (service, resource); update touches only the difference", async () => {
    const user = await up(userProvider, { email: `${unique("acl")}@example.com`, firstname: "A", lastname: "L" });
    const key = `organisation:${org()}:users:${user.id}`;
    const foreign = {
      service: "openshift",
      resource: "clusters",
      resourceId: "someone-elses",
      permissionId: permissionId("openshift/clusters/delete"),
    };
    sandbox.state.numspot.acls.set(key, [foreign]);

    let mark = sandbox.requests.length;
    const binding = await up(aclBindingProvider, { userId: user.id, entries: entries(0, 250) });
    const posts = since(mark).filter((r) => r.method === "POST" && r.path.endsWith("/bulk/acl"));
    expect(posts.map((r) => (r.body as { items: unknown[] }).items.length)).toEqual([100, 100, 50]);
    expect(sandbox.state.numspot.acls.get(key)).toHaveLength(251);

    mark = sandbox.requests.length;
    const read = await aclBindingProvider.read(binding.id, binding.outs!);
    const gets = since(mark).filter((r) => r.path.endsWith("/acl"));
    // One (service, resource) pair, 251 ACLs in pages of 100.
    expect(gets.map((r) => [r.query.service, r.query.resource, r.query["page[size]"]])).toEqual([
      ["openshift", "clusters", "100"],
      ["openshift", "clusters", "100"],
      ["openshift", "clusters", "100"],
    ]);
    expect(read.props!.entries).toHaveLength(250);
    expect(JSON.stringify(read.props)).not.toContain("someone-elses");
    expect((await aclBindingProvider.diff(binding.id, read.props!, binding.inputs)).changes).toBe(false);

    // Drop 10, add 5: one DELETE of the 10 and one POST of the 5, nothing else written.
    const news = { ...binding.inputs, entries: [...entries(10, 250), ...entries(300, 305)] };
    mark = sandbox.requests.length;
    const updated = await aclBindingProvider.update(binding.id, read.props!, news);
    const writes = since(mark).filter((r) => r.method !== "GET");
    expect(writes.map((r) => [r.method, (r.body as { items: unknown[] }).items.length])).toEqual([
      ["DELETE", 10],
      ["POST", 5],
    ]);
    expect(sandbox.state.numspot.acls.get(key)).toHaveLength(246);

    // An entry deleted behind its back is drift, and the update restores only it.
    sandbox.state.numspot.acls.set(
      key,
      sandbox.state.numspot.acls.get(key)!.filter((acl) => acl.resourceId !== "cluster-100"),
    );
    const drifted = await aclBindingProvider.read(binding.id, updated.outs!);
    expect(drifted.props!.entries).toHaveLength(244);
    mark = sandbox.requests.length;
    const repaired = await aclBindingProvider.update(binding.id, drifted.props!, news);
    expect(
      since(mark)
        .filter((r) => r.method !== "GET")
        .map((r) => [r.method, (r.body as { items: Array<{ resourceId: string }> }).items.map((i) => i.resourceId)]),
    ).toEqual([["POST", ["cluster-100"]]]);

    await aclBindingProvider.delete(binding.id, repaired.outs!);
    expect(sandbox.state.numspot.acls.get(key)).toEqual([foreign]);
  });
});

describe("numspot look-ups", () => {
  it("getPermission resolves one permission; getPermissions keeps no subresource unless asked; getRole finds by name", async () => {
    const one = await getPermission({
      service: "openshift",
      resource: "clusters",
      subresource: "nodepools",
      action: "create",
    });
    expect(one.uuid).toBe(permissionId("openshift/clusters/nodepools/create"));
    const clusters = await getPermissions({ service: "openshift", resource: "clusters" });
    expect(clusters.map((p) => p.action).sort()).toEqual(["create", "delete", "get", "list", "update"]);
    expect((await getPermissions()).length).toBe(sandbox.state.numspot.permissions.size);
    await expect(getPermission({ service: "openshift", resource: "clusters", action: "fly" })).rejects.toThrow(
      /no permission openshift\/clusters\/fly/,
    );
    expect((await getRole({ name: "Viewer" })).uuid).toBe("6f1a0c1e-5b1f-4d0e-9a51-0d6b1c000003");
    await expect(getRole({ name: "nobody" })).rejects.toThrow(/no role named "nobody"/);
  });
});
