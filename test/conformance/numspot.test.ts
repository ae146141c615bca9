/**
 * The conformance suite (test/support/conformance.ts) for the Numspot entities beside Space: what each supplies is
 * only what its description cannot know. Spaces, service accounts and clusters the cases need are made out of band
 * in the sandbox's state (they have their own tests).
 */
import * as eurostack from "pulumi-eurostack";
import { description as aclBinding } from "../../src/resources/numspot/acl-binding";
import { description as iamPolicyBinding } from "../../src/resources/numspot/iam-policy-binding";
import { description as nodePool } from "../../src/resources/numspot/node-pool";
import { description as openShiftCluster } from "../../src/resources/numspot/openshift-cluster";
import { description as role } from "../../src/resources/numspot/role";
import { description as serviceAccount } from "../../src/resources/numspot/service-account";
import { description as user } from "../../src/resources/numspot/user";
import type { Sandbox } from "../../src/sandbox";
import { uuid } from "../../src/sandbox/ids";
import { describeEntity } from "../support/conformance";

const connection = (sandbox: Sandbox) => ({
  clientId: sandbox.credentials.numspotClientId,
  clientSecret: sandbox.credentials.numspotClientSecret,
  host: sandbox.urls.numspot,
});

const fast = { numspot: { queuedMs: 5, runningMs: 5, operationPendingMs: 5, operationRunningMs: 20 } };

function readySpace(sandbox: Sandbox): string {
  const id = uuid();
  const now = new Date().toISOString();
  sandbox.state.numspot.spaces.set(id, {
    id,
    organisationId: sandbox.credentials.numspotOrganisationId,
    name: `space-${id.slice(0, 8)}`,
    description: "conformance",
    createdOn: now,
    updatedOn: now,
    lifecycle: { startedAt: Date.now(), queuedMs: 0, runningMs: 0, outcome: "READY" },
  });
  return id;
}

function account(sandbox: Sandbox): string {
  const id = uuid();
  sandbox.state.numspot.serviceAccounts.set(id, {
    id,
    organisationId: sandbox.credentials.numspotOrganisationId,
    name: `subject-${id.slice(0, 8)}`,
    tokenDuration: "PT24H",
    spaceIds: new Set(),
    createdOn: new Date().toISOString(),
  });
  return id;
}

function activeCluster(sandbox: Sandbox, spaceId: string): string {
  const id = uuid();
  sandbox.state.numspot.clusters.set(id, {
    id,
    spaceId,
    name: `cluster-${id.slice(0, 8)}`,
    cidr: "172.16.0.0/12",
    version: "4.16.19",
    availabilityZoneName: "eu-west-2a",
    state: "ACTIVE",
    nodePools: new Map([["base", { name: "base", nodeProfile: "SMALL", nodeCount: 2 }]]),
    createdOn: new Date().toISOString(),
  });
  return id;
}

const policyKey = (id: string) => {
  const [kind, scopeId, type, subject] = id.split("/");
  return `${kind === "spaces" ? "space" : "organisation"}:${scopeId}:${type}:${subject}`;
};

let space = "";

describeEntity(role, {
  Resource: eurostack.numspot.Role,
  sandbox: fast,
  valid(stack) {
    space = readySpace(stack.sandbox);
    return { name: "conformance", description: "d", permissions: ["openshift/clusters/get"] };
  },
  update: { description: "changed", permissions: ["openshift/clusters/get", "openshift/clusters/list"] },
  // Read when the case runs, after valid() made the space.
  replace: {
    get spaceId() {
      return space;
    },
  },
  remote: (sandbox, id) => sandbox.state.numspot.roles.get(id),
  drift: (sandbox, id) => {
    sandbox.state.numspot.roles.get(id)!.description = "by hand";
    return ["description", "by hand"];
  },
  post: { system: "numspot", path: /^\/iam\/organisations\/[^/]+\/roles$/ },
  connection,
});

describeEntity(serviceAccount, {
  Resource: eurostack.numspot.ServiceAccount,
  sandbox: fast,
  valid(stack) {
    space = readySpace(stack.sandbox);
    return { name: "conformance", tokenDuration: "PT2H" };
  },
  update: { tokenDuration: "PT12H", spaceIds: [] },
  // Read when the case runs, after valid() made the space.
  replace: {
    get spaceId() {
      return space;
    },
  },
  remote: (sandbox, id) => sandbox.state.numspot.serviceAccounts.get(id),
  drift: (sandbox, id) => {
    sandbox.state.numspot.serviceAccounts.get(id)!.tokenDuration = "PT1H";
    return ["tokenDuration", "PT1H"];
  },
  post: { system: "numspot", path: /^\/iam\/organisations\/[^/]+\/serviceAccounts$/ },
  connection,
});

describeEntity(user, {
  Resource: eurostack.numspot.User,
  sandbox: fast,
  valid: () => ({ email: "conformance@example.com", firstname: "Ada", lastname: "Lovelace" }),
  update: { firstname: "Augusta", active: false },
  replace: { email: "other@example.com" },
  remote: (sandbox, id) => sandbox.state.numspot.users.get(id),
  drift: (sandbox, id) => {
    sandbox.state.numspot.users.get(id)!.lastname = "by hand";
    return ["lastname", "by hand"];
  },
  post: { system: "numspot", path: /^\/iam\/organisations\/[^/]+\/users$/ },
  connection,
});

let other = "";

describeEntity(iamPolicyBinding, {
  Resource: eurostack.numspot.IamPolicyBinding,
  sandbox: fast,
  valid(stack) {
    other = account(stack.sandbox);
    return { serviceAccountId: account(stack.sandbox), roles: ["6f1a0c1e-5b1f-4d0e-9a51-0d6b1c000003"] };
  },
  update: { permissions: ["openshift/clusters/get"] },
  replace: {
    get serviceAccountId() {
      return other;
    },
  },
  remote: (sandbox, id) => {
    const policy = sandbox.state.numspot.policies.get(policyKey(id));
    return policy && policy.roles.size + policy.permissions.size > 0 ? policy : undefined;
  },
  drift: (sandbox, id) => {
    sandbox.state.numspot.policies.get(policyKey(id))!.roles.clear();
    return ["roles", []];
  },
  // Bindings are PATCHes: no POST to fault.
  post: { system: "numspot", path: /^\/never$/ },
  connection,
});

describeEntity(aclBinding, {
  Resource: eurostack.numspot.AclBinding,
  sandbox: fast,
  valid(stack) {
    other = account(stack.sandbox);
    const entry = {
      service: "openshift",
      resource: "clusters",
      resourceId: "c-1",
      permission: "openshift/clusters/get",
    };
    return { serviceAccountId: account(stack.sandbox), entries: [entry] };
  },
  update: {
    entries: [
      { service: "openshift", resource: "clusters", resourceId: "c-1", permission: "openshift/clusters/get" },
      { service: "openshift", resource: "clusters", resourceId: "c-2", permission: "openshift/clusters/update" },
    ],
  },
  replace: {
    get serviceAccountId() {
      return other;
    },
  },
  remote: (sandbox, id) => {
    const acls = sandbox.state.numspot.acls.get(policyKey(id.slice(0, id.lastIndexOf("/acl/"))));
    return acls && acls.length > 0 ? acls : undefined;
  },
  drift: (sandbox, id) => {
    sandbox.state.numspot.acls.set(policyKey(id.slice(0, id.lastIndexOf("/acl/"))), []);
    return ["entries", []];
  },
  post: { system: "numspot", path: /\/bulk\/acl$/ },
  connection,
});

describeEntity(openShiftCluster, {
  Resource: eurostack.numspot.OpenShiftCluster,
  sandbox: fast,
  valid(stack) {
    return {
      spaceId: readySpace(stack.sandbox),
      name: "conformance",
      cidr: "172.16.0.0/12",
      version: "4.16.19",
      nodePools: [{ name: "workers", nodeProfile: "SMALL", nodeCount: 2 }],
    };
  },
  update: { description: "changed", name: "conformance-2" },
  replace: { cidr: "10.0.0.0/16" },
  remote: (sandbox, id) => sandbox.state.numspot.clusters.get(id),
  drift: (sandbox, id) => {
    sandbox.state.numspot.clusters.get(id)!.description = "by hand";
    return ["description", "by hand"];
  },
  post: { system: "numspot", path: /^\/openshift\/spaces\/[^/]+\/clusters$/ },
  connection,
});

describeEntity(nodePool, {
  Resource: eurostack.numspot.NodePool,
  sandbox: fast,
  valid(stack) {
    const spaceId = readySpace(stack.sandbox);
    return {
      spaceId,
      clusterId: activeCluster(stack.sandbox, spaceId),
      name: "conformance",
      nodeProfile: "SMALL",
      nodeCount: 2,
    };
  },
  update: { nodeCount: 3 },
  // The id is spaceId/clusterId/name: only a new name gives the replacement another id.
  replace: { nodeProfile: "MEDIUM", name: "conformance-b" },
  remote: (sandbox, id) => {
    const [, clusterId, name] = id.split("/");
    return sandbox.state.numspot.clusters.get(clusterId!)?.nodePools.get(name!);
  },
  drift: (sandbox, id) => {
    const [, clusterId, name] = id.split("/");
    sandbox.state.numspot.clusters.get(clusterId!)!.nodePools.get(name!)!.nodeCount = 9;
    return ["nodeCount", 9];
  },
  post: { system: "numspot", path: /\/nodepools$/ },
  connection,
});
