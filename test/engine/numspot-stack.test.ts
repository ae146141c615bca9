/**
 * The Numspot entities together under the real Pulumi engine: a space, a role in it, a service account assigned to
 * it and bound to the role, an OpenShift cluster with ACLs of the account on it, and a node pool scaled 2 → 3 in
 * place. Operations are short (PENDING 20 ms, RUNNING 100 ms).
 */

import * as pulumi from "@pulumi/pulumi";
import * as eurostack from "pulumi-eurostack";
import { expect, it } from "vitest";
import { describeEngine, opsByName, useEngineStack } from "./support";

let nodeCount = 2;

function program() {
  const space = new eurostack.numspot.Space("space", { name: "engine-stack", description: "numspot stack" });
  const role = new eurostack.numspot.Role("role", {
    spaceId: space.id,
    name: "cluster-readers",
    description: "Read clusters",
    permissions: ["openshift/clusters/get", "openshift/clusters/list"],
  });
  const account = new eurostack.numspot.ServiceAccount("account", { name: "ci", spaceIds: [space.id] });
  new eurostack.numspot.IamPolicyBinding("binding", {
    spaceId: space.id,
    serviceAccountId: account.id,
    roles: [role.id],
  });
  const cluster = new eurostack.numspot.OpenShiftCluster("cluster", {
    spaceId: space.id,
    name: "engine",
    cidr: "172.16.0.0/12",
    version: "4.16.19",
    nodePools: [{ name: "base", nodeProfile: "SMALL", nodeCount: 1 }],
  });
  new eurostack.numspot.AclBinding("acls", {
    spaceId: space.id,
    serviceAccountId: account.id,
    entries: pulumi.output(cluster.id).apply((id) => [
      { service: "openshift", resource: "clusters", resourceId: id, permission: "openshift/clusters/get" },
      { service: "openshift", resource: "clusters", resourceId: id, permission: "openshift/clusters/update" },
    ]),
  });
  const pool = new eurostack.numspot.NodePool("pool", {
    spaceId: space.id,
    clusterId: cluster.id,
    name: "workers",
    nodeProfile: "MEDIUM",
    nodeCount,
  });
  return { clusterState: cluster.state, nodeCount: pool.nodeCount, secret: account.secret };
}

describeEngine("numspot stack under the real engine", () => {
  const env = useEngineStack("numspot-stack", program, {
    sandbox: { numspot: { queuedMs: 20, runningMs: 50, operationPendingMs: 20, operationRunningMs: 100 } },
  });
  const state = () => env().sandbox.state.numspot;

  it("creates the stack, scales the pool 2 → 3 in place, and destroys it", { timeout: 180_000 }, async () => {
    const created = await env().up();
    expect(
      Object.values(opsByName(created.ops))
        .flat()
        .every((op) => op === "create"),
    ).toBe(true);
    expect(created.outputs.clusterState.value).toBe("ACTIVE");
    expect(created.outputs.secret.secret).toBe(true);

    const cluster = [...state().clusters.values()][0]!;
    const account = [...state().serviceAccounts.values()][0]!;
    const space = [...state().spaces.values()][0]!;
    expect(account.spaceIds.has(space.id)).toBe(true);
    const key = `space:${space.id}:serviceAccounts:${account.id}`;
    expect([...state().policies.get(key)!.roles]).toHaveLength(1);
    expect(
      state()
        .acls.get(key)!
        .map((acl) => acl.resourceId),
    ).toEqual([cluster.id, cluster.id]);
    expect(cluster.nodePools.get("workers")!.nodeCount).toBe(2);

    await env().preview({ expectNoChanges: true });

    nodeCount = 3;
    const scaled = await env().up();
    const changed = Object.entries(opsByName(scaled.ops)).filter(([, ops]) => ops.some((op) => op !== "same"));
    expect(changed).toEqual([["pool", ["update"]]]);
    expect(scaled.outputs.nodeCount.value).toBe(3);
    expect(cluster.nodePools.get("workers")!.nodeCount).toBe(3);
    const scales = env().sandbox.requests.filter((r) => r.method === "POST" && r.path.endsWith("/nodepools/workers"));
    expect(scales.map((r) => r.body)).toEqual([{ count: 3 }]);

    await env().destroy();
    expect(state().clusters.size).toBe(0);
    expect(state().serviceAccounts.size).toBe(0);
    expect(state().spaces.size).toBe(0);
  });
});
