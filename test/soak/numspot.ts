/**
 * The soak's Numspot kinds. The space and the cluster that roles, accounts, clusters and node pools live in are made
 * before the soak (a space and a cluster take a while to become ready); a binding declares its own service account.
 */
import * as eurostack from "pulumi-eurostack";
import type { Sandbox } from "../../src/sandbox";
import { compareFields, type DeclareContext, type Logical, mapOf, type SoakKind, WAIT_TIMEOUTS } from "./kinds";

/** A built-in role every organisation has. */
const BUILT_IN_ROLE = "6f1a0c1e-5b1f-4d0e-9a51-0d6b1c000003";

const state = (sandbox: Sandbox) => sandbox.state.numspot;
const remoteName = (ctx: DeclareContext, r: Logical, suffix = "") => `${ctx.prefix}-${r.name}${suffix}`;
/** Even generations live in the organisation, odd ones in the shared space: moving replaces the object. */
const scope = (ctx: DeclareContext, r: Logical) => (r.generation % 2 ? { spaceId: ctx.holders.numspotSpace } : {});

/** The sandbox's key of the policy a binding id names (organisations/<o>/<type>/<subject> or spaces/...). */
export const policyKey = (id: string) => {
  const [kind, scopeId, type, subject] = id.split("/");
  return `${kind === "spaces" ? "space" : "organisation"}:${scopeId}:${type}:${subject}`;
};

/** A service account of the binding's own, another one per generation. */
function subject(ctx: DeclareContext, r: Logical) {
  return new eurostack.numspot.ServiceAccount(`${r.name}-sa${r.generation}`, {
    name: remoteName(ctx, r, `-sa${r.generation}`),
  });
}

const space: SoakKind = {
  Resource: eurostack.numspot.Space,
  declare(ctx, r) {
    new eurostack.numspot.Space(r.name, {
      name: remoteName(ctx, r),
      description: `v${r.version}`,
      timeouts: WAIT_TIMEOUTS,
    });
  },
  update: true,
  replace: false,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).spaces),
  compare: (outs, remote) => compareFields(outs, remote, { name: (s) => s.name, description: (s) => s.description }),
  remove: (sandbox, id) => void state(sandbox).spaces.delete(id),
};

const role: SoakKind = {
  Resource: eurostack.numspot.Role,
  declare(ctx, r) {
    new eurostack.numspot.Role(r.name, {
      name: remoteName(ctx, r),
      description: `v${r.version}`,
      permissions: r.version % 2 ? ["openshift/clusters/get", "openshift/clusters/list"] : ["openshift/clusters/get"],
      ...scope(ctx, r),
    });
  },
  update: true,
  replace: true,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).roles),
  compare: (outs, remote) =>
    compareFields(outs, remote, { name: (x) => x.name, description: (x) => x.description, uuid: (x) => x.uuid }),
  remove: (sandbox, id) => void state(sandbox).roles.delete(id),
};

const serviceAccount: SoakKind = {
  Resource: eurostack.numspot.ServiceAccount,
  declare(ctx, r) {
    new eurostack.numspot.ServiceAccount(r.name, {
      name: remoteName(ctx, r),
      tokenDuration: r.version % 2 ? "PT12H" : "PT2H",
      ...scope(ctx, r),
    });
  },
  update: true,
  replace: true,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).serviceAccounts),
  compare: (outs, remote) =>
    compareFields(outs, remote, { name: (a) => a.name, tokenDuration: (a) => a.tokenDuration }),
  remove: (sandbox, id) => void state(sandbox).serviceAccounts.delete(id),
};

const user: SoakKind = {
  Resource: eurostack.numspot.User,
  declare(ctx, r) {
    new eurostack.numspot.User(r.name, {
      email: `${remoteName(ctx, r, `-g${r.generation}`)}@example.com`,
      firstname: "Soak",
      lastname: `v${r.version}`,
    });
  },
  update: true,
  replace: true,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).users),
  compare: (outs, remote) =>
    compareFields(outs, remote, { email: (u) => u.email, firstname: (u) => u.firstname, lastname: (u) => u.lastname }),
  remove: (sandbox, id) => void state(sandbox).users.delete(id),
};

const iamPolicyBinding: SoakKind = {
  Resource: eurostack.numspot.IamPolicyBinding,
  declare(ctx, r) {
    new eurostack.numspot.IamPolicyBinding(r.name, {
      serviceAccountId: subject(ctx, r).id,
      roles: [BUILT_IN_ROLE],
      permissions: r.version % 2 ? ["openshift/clusters/get"] : [],
    });
  },
  update: true,
  replace: true,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).policies, (p) => p.roles.size + p.permissions.size > 0),
  keyOf: policyKey,
  compare: (outs, remote) => compareFields(outs, remote, { roles: (p) => [...p.roles] }),
  remove: (sandbox, key) => void state(sandbox).policies.delete(key),
};

const entry = (resourceId: string, permission: string) => ({
  service: "openshift",
  resource: "clusters",
  resourceId,
  permission,
});

const aclBinding: SoakKind = {
  Resource: eurostack.numspot.AclBinding,
  declare(ctx, r) {
    new eurostack.numspot.AclBinding(r.name, {
      serviceAccountId: subject(ctx, r).id,
      entries:
        r.version % 2
          ? [entry("c-1", "openshift/clusters/get"), entry("c-2", "openshift/clusters/update")]
          : [entry("c-1", "openshift/clusters/get")],
    });
  },
  update: true,
  replace: true,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).acls, (acls) => acls.length > 0),
  keyOf: (id) => policyKey(id.slice(0, id.lastIndexOf("/acl/"))),
  compare: (outs, remote) =>
    compareFields({ count: outs.entries?.length }, remote, { count: (acls: unknown[]) => acls.length }),
  remove: (sandbox, key) => void state(sandbox).acls.delete(key),
};

const openShiftCluster: SoakKind = {
  Resource: eurostack.numspot.OpenShiftCluster,
  declare(ctx, r) {
    new eurostack.numspot.OpenShiftCluster(r.name, {
      spaceId: ctx.holders.numspotSpace,
      name: remoteName(ctx, r),
      description: `v${r.version}`,
      // The API cannot move a cluster to another network: the cluster is replaced.
      cidr: r.generation % 2 ? "10.0.0.0/16" : "172.16.0.0/12",
      version: "4.16.19",
      nodePools: [{ name: "workers", nodeProfile: "SMALL", nodeCount: 2 }],
      timeouts: WAIT_TIMEOUTS,
    });
  },
  update: true,
  replace: true,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).clusters),
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      name: (c) => c.name,
      // The provider shows a cluster without a description as "".
      description: [(o) => o.description || null, (c) => c.description || null],
      cidr: (c) => c.cidr,
      spaceId: (c) => c.spaceId,
    }),
  remove: (sandbox, id) => void state(sandbox).clusters.delete(id),
};

const nodePool: SoakKind = {
  Resource: eurostack.numspot.NodePool,
  declare(ctx, r) {
    new eurostack.numspot.NodePool(r.name, {
      spaceId: ctx.holders.numspotSpace,
      clusterId: ctx.holders.numspotCluster,
      // The id is spaceId/clusterId/name: a replacement needs another name.
      name: remoteName(ctx, r, `-g${r.generation}`),
      nodeProfile: r.generation % 2 ? "MEDIUM" : "SMALL",
      nodeCount: 1 + (r.version % 3),
      timeouts: WAIT_TIMEOUTS,
    });
  },
  update: true,
  replace: true,
  deletes: true,
  // Every cluster's own initial pool ("workers") is part of that cluster, not a NodePool.
  remote: (sandbox) => {
    const pools = new Map<string, unknown>();
    for (const cluster of state(sandbox).clusters.values()) {
      for (const [name, pool] of cluster.nodePools)
        if (name !== "workers") pools.set(`${cluster.spaceId}/${cluster.id}/${name}`, pool);
    }
    return pools;
  },
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      name: (p) => p.name,
      nodeProfile: (p) => p.nodeProfile,
      nodeCount: (p) => p.nodeCount,
    }),
  remove(sandbox, key) {
    const [, clusterId, name] = key.split("/");
    state(sandbox).clusters.get(clusterId!)?.nodePools.delete(name!);
  },
};

export const NUMSPOT: SoakKind[] = [
  space,
  role,
  serviceAccount,
  user,
  iamPolicyBinding,
  aclBinding,
  openShiftCluster,
  nodePool,
];
