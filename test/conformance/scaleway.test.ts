/**
 * The conformance suite (test/support/conformance.ts) for the Scaleway entities of issue 9 that have an in-place
 * change and a drift to revert: Policy, Group, SshKey, User. GroupMembership, the legacy Token and Invitation have
 * neither (every input replaces them), so their lifecycle is tested in test/protocol/scaleway-*.test.ts.
 */
import * as eurostack from "pulumi-eurostack";
import { description as group } from "../../src/resources/scaleway/group";
import { description as groupMembership } from "../../src/resources/scaleway/group-membership";
import { description as policy } from "../../src/resources/scaleway/policy";
import { description as sshKey } from "../../src/resources/scaleway/ssh-key";
import { description as user } from "../../src/resources/scaleway/user";
import type { Sandbox } from "../../src/sandbox";
import { describeEntity } from "../support/conformance";
import { up } from "../support/lifecycle";
import { findResource, type StateFile } from "../support/state";
import { RECORDED_KEY, sshPublicKey } from "../unit/scaleway-ssh-keys";

const scalewayConnection = (sandbox: Sandbox) => ({
  secretKey: sandbox.credentials.scalewaySecretKey,
  apiUrl: sandbox.urls.scaleway,
});

const OTHER_ORGANIZATION = "9b2c4f0e-0000-4000-8000-000000000002";

/** Filled by `valid` once the sandbox (and its organization id) exists; `update` holds the same array. */
const updatedRules: Record<string, unknown>[] = [];

describeEntity(policy, {
  Resource: eurostack.scaleway.Policy,
  valid(stack) {
    stack.sandbox.state.scaleway.organizationIds.add(OTHER_ORGANIZATION);
    const organizationId = stack.sandbox.credentials.scalewayOrganizationId;
    updatedRules.push(
      { permissionSetNames: ["InstancesReadOnly", "AllProductsReadOnly"], organizationId },
      { permissionSetNames: ["IAMReadOnly"], organizationId, condition: "request.ip == '127.0.0.1'" },
    );
    return {
      name: "conformance",
      noPrincipal: true,
      rules: [{ permissionSetNames: ["IAMReadOnly"], organizationId }],
    };
  },
  update: {
    description: "changed",
    rules: updatedRules,
  },
  replace: { organizationId: OTHER_ORGANIZATION },
  remote: (sandbox, id) => sandbox.state.scaleway.policies.get(id),
  drift: (sandbox, id) => {
    sandbox.state.scaleway.policies.get(id)!.description = "by hand";
    return ["description", "by hand"];
  },
  post: { system: "scaleway", path: "/iam/v1alpha1/policies" },
  connection: scalewayConnection,
});

describeEntity(group, {
  Resource: eurostack.scaleway.Group,
  async valid(stack) {
    stack.sandbox.state.scaleway.organizationIds.add(OTHER_ORGANIZATION);
    const engine = stack.engine();
    await up(() => {
      new eurostack.scaleway.Application("member", { name: "group-member" });
    }, engine);
    const member = findResource(engine.state as StateFile, "member").id;
    return { name: "conformance", description: "d", tags: ["a"], applicationIds: [member] };
  },
  update: { description: "changed", applicationIds: [] },
  replace: { organizationId: OTHER_ORGANIZATION },
  remote: (sandbox, id) => sandbox.state.scaleway.groups.get(id),
  drift: (sandbox, id) => {
    sandbox.state.scaleway.groups.get(id)!.application_ids = [];
    return ["applicationIds", []];
  },
  post: { system: "scaleway", path: "/iam/v1alpha1/groups" },
  connection: scalewayConnection,
});

describeEntity(sshKey, {
  Resource: eurostack.scaleway.SshKey,
  valid: (stack) => ({
    name: "conformance",
    publicKey: `${RECORDED_KEY} someone@example.com\n`,
    projectId: stack.sandbox.credentials.scalewayProjectId,
  }),
  update: { name: "changed", disabled: true },
  replace: { publicKey: sshPublicKey() },
  remote: (sandbox, id) => sandbox.state.scaleway.sshKeys.get(id),
  drift: (sandbox, id) => {
    sandbox.state.scaleway.sshKeys.get(id)!.disabled = true;
    return ["disabled", true];
  },
  post: { system: "scaleway", path: "/iam/v1alpha1/ssh-keys" },
  connection: scalewayConnection,
});

describeEntity(user, {
  Resource: eurostack.scaleway.User,
  valid(stack) {
    stack.sandbox.state.scaleway.organizationIds.add(OTHER_ORGANIZATION);
    return { email: "conformance@example.com", username: "conformance", password: "conformance-pw-1", firstName: "A" };
  },
  update: { lastName: "changed", username: "conformance2", password: "conformance-pw-2" },
  replace: { organizationId: OTHER_ORGANIZATION },
  remote: (sandbox, id) => sandbox.state.scaleway.users.get(id),
  drift: (sandbox, id) => {
    sandbox.state.scaleway.users.get(id)!.last_name = "by hand";
    return ["lastName", "by hand"];
  },
  post: { system: "scaleway", path: "/iam/v1alpha1/users" },
  connection: scalewayConnection,
  secrets: (sandbox, id) => [sandbox.state.scaleway.userPasswords.get(id)!],
});

// A membership has nothing to change in place and nothing to drift but its existence (removal is the 404 case).
const memberApps: string[] = [];
describeEntity(groupMembership, {
  Resource: eurostack.scaleway.GroupMembership,
  async valid(stack) {
    const engine = stack.engine();
    await up(() => {
      new eurostack.scaleway.Group("group", { name: "membership-group" });
      new eurostack.scaleway.Application("first", { name: "member-one" });
      new eurostack.scaleway.Application("second", { name: "member-two" });
    }, engine);
    const state = engine.state as StateFile;
    memberApps.push(findResource(state, "first").id, findResource(state, "second").id);
    return { groupId: findResource(state, "group").id, applicationId: memberApps[0] };
  },
  replace: {
    get applicationId() {
      return memberApps[1];
    },
  },
  remote: (sandbox, id) => {
    const [groupId, , memberId] = id.split("/");
    const found = sandbox.state.scaleway.groups.get(groupId!);
    return found?.application_ids.includes(memberId!) ? found : undefined;
  },
  post: { system: "scaleway", path: /^\/iam\/v1alpha1\/groups\/[^/]+\/add-member$/ },
  connection: scalewayConnection,
});
