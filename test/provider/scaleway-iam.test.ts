/**
 * The hard cases of issue 9 for Policy, Group, GroupMembership, SshKey and User, in process against the sandbox:
 * what each request carries, and what the implementation records when a second step fails.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeAllPools } from "../../src/client/http";
import { resetStackConfig } from "../../src/resources/config";
import type { EntityProvider } from "../../src/resources/provider";
import { ResourceInitError } from "../../src/resources/provider";
import { applicationProvider } from "../../src/resources/scaleway/application";
import { groupProvider } from "../../src/resources/scaleway/group";
import { groupMembershipProvider } from "../../src/resources/scaleway/group-membership";
import { policyProvider } from "../../src/resources/scaleway/policy";
import { sshKeyProvider } from "../../src/resources/scaleway/ssh-key";
import { userProvider } from "../../src/resources/scaleway/user";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { RECORDED_KEY } from "../unit/scaleway-ssh-keys";

let sandbox: Sandbox;
const savedEnv = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  process.env = { ...savedEnv };
  await closeAllPools();
  await sandbox?.stop();
});

beforeEach(() => {
  resetStackConfig();
  process.env = { ...savedEnv };
  for (const [key, value] of Object.entries(sandbox.env)) if (key.startsWith("SCW_")) process.env[key] = value;
  sandbox.faults.clear();
});

const org = () => sandbox.credentials.scalewayOrganizationId;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

/** What the engine does: check, then create with the checked inputs. */
async function create(provider: EntityProvider, news: Record<string, unknown>) {
  const checked = await provider.check({}, news);
  expect(checked.failures).toEqual([]);
  return { inputs: checked.inputs!, ...(await provider.create(checked.inputs!)) };
}

async function change(
  provider: EntityProvider,
  id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
) {
  const checked = await provider.check(olds, news);
  expect(checked.failures).toEqual([]);
  // The host passes the serialized provider along with the checked inputs.
  return provider.update(id, olds, { ...checked.inputs!, __provider: news.__provider });
}

const writes = (from: number) => sandbox.requests.slice(from).filter((r) => r.method !== "GET");
const mark = () => sandbox.requests.length;

describe("scaleway.Policy", () => {
  const rule = (names: string[], extra: Record<string, unknown> = {}) => ({
    permissionSetNames: names,
    organizationId: org(),
    ...extra,
  });

  it("outputs come from the GET after the POST (which counts no rules), and rules compare as a multiset", async () => {
    const rules = [rule(["AllProductsReadOnly", "InstancesReadOnly"]), rule(["IAMReadOnly"], { condition: "x" })];
    const policy = await create(policyProvider, { name: unique("multiset"), noPrincipal: true, rules });
    expect(policy.outs).toMatchObject({ nbRules: 2, nbPermissionSets: 3, noPrincipal: true });
    expect(JSON.stringify(policy.outs.rules)).not.toMatch(/"id"/);
    const reordered = [rule(["IAMReadOnly"], { condition: "x" }), rule(["InstancesReadOnly", "AllProductsReadOnly"])];
    const diff = await policyProvider.diff(policy.id, policy.outs, { ...policy.inputs, rules: reordered });
    expect(diff.changes).toBe(false);
    const changed = await policyProvider.diff(policy.id, policy.outs, {
      ...policy.inputs,
      rules: [rule(["IAMReadOnly"])],
    });
    expect(changed).toMatchObject({ changes: true, replaces: [] });
  });

  it("reads the rules across every page of GET /rules", async () => {
    const rules = Array.from({ length: 130 }, (_, i) => rule(["IAMReadOnly"], { condition: `c${i}` }));
    const policy = await create(policyProvider, { name: unique("paged"), noPrincipal: true, rules });
    const read = await policyProvider.read(policy.id, policy.outs);
    expect(read.props!.rules).toHaveLength(130);
    const pages = sandbox.requests.filter((r) => r.path === "/iam/v1alpha1/rules" && r.query.policy_id === policy.id);
    expect(pages.map((r) => r.query.page)).toContain("2");
  });

  it("resolves permission-set names before any write: unknown names and mixed scope types name the rule", async () => {
    const before = mark();
    const unknown = { name: unique("unknown"), noPrincipal: true, rules: [rule(["IAMReadOnly"]), rule(["NoSuchSet"])] };
    await expect(create(policyProvider, unknown)).rejects.toThrow(
      /rules\[1\]\.permissionSetNames: no permission set named "NoSuchSet"/,
    );
    const mixed = { name: unique("mixed"), noPrincipal: true, rules: [rule(["IAMManager", "AllProductsFullAccess"])] };
    await expect(create(policyProvider, mixed)).rejects.toThrow(/rules\[0\]\.permissionSetNames: mixes scope types/);
    expect(writes(before)).toEqual([]);
    expect(sandbox.requests.slice(before).some((r) => r.path === "/iam/v1alpha1/permission-sets")).toBe(true);
  });

  it("check refuses a rule with both scopes, none, no names, or a condition over 2048 characters, with no request", async () => {
    const before = mark();
    const bad = [
      { permissionSetNames: ["IAMReadOnly"], organizationId: org(), projectIds: [org()] },
      { permissionSetNames: ["IAMReadOnly"] },
      { permissionSetNames: [], organizationId: org() },
      { permissionSetNames: ["IAMReadOnly"], organizationId: org(), condition: "x".repeat(2049) },
    ];
    const { failures } = await policyProvider.check({}, { name: "p", noPrincipal: true, rules: bad });
    expect(failures!.map((f) => f.property)).toEqual([
      "rules.0.projectIds",
      "rules.1.projectIds",
      "rules.2.permissionSetNames",
      "rules.3.condition",
    ]);
    const none = await policyProvider.check({}, { name: "p", rules: [] });
    expect(none.failures![0]).toMatchObject({ property: "userId", reason: expect.stringMatching(/exactly one/) });
    const falsy = await policyProvider.check({}, { name: "p", noPrincipal: false });
    expect(falsy.failures!.map((f) => f.property)).toContain("noPrincipal");
    expect(mark()).toBe(before);
  });

  it("a change of principal is one PATCH naming the new one; no_principal is never sent false", async () => {
    const app = await create(applicationProvider, { name: unique("principal-app") });
    const group = await create(groupProvider, { name: unique("principal-group") });
    const policy = await create(policyProvider, {
      name: unique("principal"),
      groupId: group.id,
      rules: [rule(["IAMReadOnly"])],
    });
    let before = mark();
    const toApp = await change(policyProvider, policy.id, policy.outs, {
      ...policy.inputs,
      groupId: undefined,
      applicationId: app.id,
    });
    expect(writes(before).map((r) => [r.method, r.body])).toEqual([["PATCH", { application_id: app.id }]]);
    expect(toApp.outs).toMatchObject({ applicationId: app.id, groupId: null });
    before = mark();
    const toNone = await change(policyProvider, policy.id, toApp.outs!, {
      ...policy.inputs,
      groupId: undefined,
      noPrincipal: true,
    });
    expect(writes(before).map((r) => r.body)).toEqual([{ no_principal: true }]);
    before = mark();
    await change(policyProvider, policy.id, toNone.outs!, { ...policy.inputs });
    expect(writes(before).map((r) => r.body)).toEqual([{ group_id: group.id }]);
    expect(JSON.stringify(sandbox.requests.map((r) => r.body))).not.toContain('"no_principal":false');
  });

  it("PATCH then PUT is not atomic: a failed PUT records what the server holds, and the next update repairs it", async () => {
    const policy = await create(policyProvider, {
      name: unique("atomic"),
      noPrincipal: true,
      rules: [rule(["IAMReadOnly"])],
    });
    const news = { ...policy.inputs, description: "new", rules: [rule(["IAMManager"])], __provider: "serialized" };
    sandbox.faults.add({ system: "scaleway", method: "PUT", path: "/iam/v1alpha1/rules", status: 403 });
    const error = await change(policyProvider, policy.id, policy.outs, news).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceInitError);
    const recorded = (error as ResourceInitError).properties;
    expect(recorded).toMatchObject({ description: "new", rules: [{ permissionSetNames: ["IAMReadOnly"] }] });
    expect(recorded.__provider).toBe("serialized");
    expect((error as Error).message).toMatch(/rules were not replaced/);
    const diff = await policyProvider.diff(policy.id, recorded, news);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const repaired = await change(policyProvider, policy.id, recorded, news);
    expect(repaired.outs!.rules).toMatchObject([{ permissionSetNames: ["IAMManager"] }]);
    expect(sandbox.state.scaleway.policies.get(policy.id)!.rules.map((r) => r.permission_set_names)).toEqual([
      ["IAMManager"],
    ]);
  });
});

describe("scaleway.Group", () => {
  it("sets members with one PUT, and empties the group with remove-member per member (as recorded)", async () => {
    const a = await create(applicationProvider, { name: unique("member-a") });
    const b = await create(applicationProvider, { name: unique("member-b") });
    let before = mark();
    const group = await create(groupProvider, { name: unique("members"), applicationIds: [a.id, b.id] });
    expect(writes(before).map((r) => `${r.method} ${r.path.split("/").pop()}`)).toEqual(["POST groups", "PUT members"]);
    expect(group.outs.applicationIds).toEqual([a.id, b.id].sort());
    before = mark();
    const emptied = await change(groupProvider, group.id, group.outs, { ...group.inputs, applicationIds: [] });
    expect(writes(before).map((r) => r.path.split("/").pop())).toEqual(["remove-member", "remove-member"]);
    expect(emptied.outs!.applicationIds).toEqual([]);
  });

  it("with externalMembership, members made elsewhere are never read or written", async () => {
    const app = await create(applicationProvider, { name: unique("outside") });
    const group = await create(groupProvider, { name: unique("external"), externalMembership: true });
    sandbox.state.scaleway.groups.get(group.id)!.application_ids.push(app.id);
    const read = await groupProvider.read(group.id, group.outs);
    expect(read.props).toMatchObject({ applicationIds: [], externalMembership: true });
    expect((await groupProvider.diff(group.id, read.props!, group.inputs)).changes).toBe(false);
    const { failures } = await groupProvider.check({}, { name: "g", externalMembership: true, userIds: [org()] });
    expect(failures!.map((f) => f.property)).toEqual(["userIds"]);
  });
});

describe("scaleway.GroupMembership", () => {
  it("has the id <groupId>/app/<applicationId>, retries 409 transient_state a bounded number of times, and read drops a removed member", async () => {
    const app = await create(applicationProvider, { name: unique("m-app") });
    const group = await create(groupProvider, { name: unique("m-group"), externalMembership: true });
    sandbox.state.scaleway.membershipConflicts.set(group.id, 2);
    const membership = await create(groupMembershipProvider, { groupId: group.id, applicationId: app.id });
    expect(membership.id).toBe(`${group.id}/app/${app.id}`);
    const tries = sandbox.requests.filter((r) => r.path.endsWith(`${group.id}/add-member`));
    expect(tries.map((r) => r.status)).toEqual([409, 409, 200]);
    sandbox.state.scaleway.groups.get(group.id)!.application_ids = [];
    expect((await groupMembershipProvider.read(membership.id, membership.outs)).id).toBe("");
    await groupMembershipProvider.delete(membership.id, membership.outs);

    sandbox.state.scaleway.membershipConflicts.set(group.id, 1000);
    await expect(create(groupMembershipProvider, { groupId: group.id, applicationId: app.id })).rejects.toThrow(
      /transient/,
    );
    sandbox.state.scaleway.membershipConflicts.set(group.id, 0);
  }, 90_000);

  it("a user membership has the id <groupId>/user/<userId>; exactly one member is required", async () => {
    const user = await create(userProvider, { email: `${unique("m")}@example.com`, password: "member-pw-1" });
    const group = await create(groupProvider, { name: unique("u-group"), externalMembership: true });
    const membership = await create(groupMembershipProvider, { groupId: group.id, userId: user.id });
    expect(membership.id).toBe(`${group.id}/user/${user.id}`);
    expect(sandbox.state.scaleway.groups.get(group.id)!.user_ids).toEqual([user.id]);
    await groupMembershipProvider.delete(membership.id, membership.outs);
    expect(sandbox.state.scaleway.groups.get(group.id)!.user_ids).toEqual([]);
    await groupMembershipProvider.delete(membership.id, membership.outs);
    const both = await groupMembershipProvider.check(
      {},
      { groupId: group.id, userId: user.id, applicationId: user.id },
    );
    expect(both.failures).toHaveLength(1);
  });
});

describe("scaleway.SshKey", () => {
  const project = () => sandbox.credentials.scalewayProjectId;

  it("compares the key as the server stores it: comment, surrounding whitespace and trailing newlines ignored", async () => {
    const key = await create(sshKeyProvider, {
      name: unique("key"),
      publicKey: `  ${RECORDED_KEY} me@host\n\n`,
      projectId: project(),
    });
    expect(key.outs.publicKey).toBe(RECORDED_KEY);
    expect(key.outs.fingerprint).toMatch(/^256 MD5:[0-9a-f:]+ \(ssh-ed25519\)$/);
    const same = await sshKeyProvider.diff(key.id, key.outs, {
      ...key.inputs,
      publicKey: `${RECORDED_KEY} other comment`,
    });
    expect(same.changes).toBe(false);
  });

  it("disabled at create is a POST then a PATCH; a failed PATCH records the key (never an orphan)", async () => {
    let before = mark();
    const key = await create(sshKeyProvider, {
      name: unique("off"),
      publicKey: RECORDED_KEY,
      projectId: project(),
      disabled: true,
    });
    expect(writes(before).map((r) => [r.method, r.body])).toMatchObject([
      ["POST", { name: expect.any(String) }],
      ["PATCH", { disabled: true }],
    ]);
    expect(key.outs.disabled).toBe(true);
    sandbox.faults.add({ system: "scaleway", method: "PATCH", path: /^\/iam\/v1alpha1\/ssh-keys\//, status: 403 });
    const inputs = { name: unique("off"), publicKey: RECORDED_KEY, projectId: project(), disabled: true };
    const checked = await sshKeyProvider.check({}, inputs);
    // The host passes the serialized provider with the inputs; a partial failure must carry it back.
    const error = await sshKeyProvider
      .create({ ...checked.inputs!, __provider: "serialized" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceInitError);
    const { id, properties } = error as ResourceInitError;
    expect(sandbox.state.scaleway.sshKeys.get(id)).toBeDefined();
    expect(properties).toMatchObject({ disabled: false, __provider: "serialized" });
    before = mark();
    const repaired = await change(sshKeyProvider, id, properties, inputs);
    expect(writes(before).map((r) => r.body)).toEqual([{ disabled: true }]);
    expect(repaired.outs!.disabled).toBe(true);
  });
});

describe("scaleway.User", () => {
  it("the password is write-only: sent on create and change, never read back, kept from the inputs", async () => {
    const email = `${unique("pw")}@example.com`;
    const user = await create(userProvider, { email, username: unique("pw"), password: "first-password" });
    expect(sandbox.state.scaleway.userPasswords.get(user.id)).toBe("first-password");
    expect(user.outs).toMatchObject({ type: "member", status: "activated", password: "first-password" });
    const read = await userProvider.read(user.id, user.outs);
    expect(read.props!.password).toBe("first-password");
    const before = mark();
    await change(userProvider, user.id, read.props!, {
      ...user.inputs,
      password: "second-password",
      username: "renamed",
    });
    expect(writes(before).map((r) => r.path.split("/").pop())).toEqual(["update-username", "update-password"]);
    expect(sandbox.state.scaleway.userPasswords.get(user.id)).toBe("second-password");
  });

  it("an email alone makes a guest", async () => {
    const guest = await create(userProvider, { email: `${unique("guest")}@example.com` });
    expect(guest.outs).toMatchObject({ type: "guest", status: "invitation_pending" });
    const post = sandbox.requests.filter((r) => r.method === "POST" && r.path === "/iam/v1alpha1/users").pop()!;
    expect(post.body).not.toHaveProperty("member");
  });
});
