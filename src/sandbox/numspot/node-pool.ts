import type { Reply, SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { allowQuery, BodyCheck, findOr404, refuse, routes } from "./common";
import { invalidParameter } from "./errors";
import { AVAILABILITY_ZONES, clusterOf } from "./openshift-cluster";
import { inProgress, showOperation, startOperation } from "./operation";
import type { ClusterRecord, NodePoolRecord, NodeProfile, NumspotContext } from "./state";

/** spec: StrictLowerCaseSlugMax63. */
const POOL_NAME = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const PROFILES: readonly NodeProfile[] = ["SMALL", "MEDIUM", "LARGE", "VERY_LARGE"];
const GPUS = ["P6", "P100", "V100", "A100-80"] as const;

/**
 * Node pools of a cluster (spec: ListNodepools, CreateNodePool, DeleteNodePool, UpdateNodepool). There is no GET of
 * one pool: clients read the list, or the cluster's `nodePools`. Create, delete and scale answer 201/202 with an
 * operation and take effect only when it succeeds: a new pool appears, a deleted one goes, a count changes.
 */
export function registerNodePoolRoutes(router: Router, context: NumspotContext): void {
  const on = routes(router);
  const base = "/openshift/spaces/:spaceId/clusters/:clusterId/nodepools";
  on.get(base, (request) => {
    const cluster = clusterOf(context, request);
    allowQuery(request);
    const pools = [...cluster.nodePools.values()].map(showNodePool);
    return { status: 200, body: { items: pools, totalSize: pools.length } };
  });
  on.post(base, (request) => createNodePool(context, request));
  on.post(`${base}/:nodePoolName`, (request) => scaleNodePool(context, request));
  on.delete(`${base}/:nodePoolName`, (request) => deleteNodePool(context, request));
}

export function showNodePool(pool: NodePoolRecord): Record<string, unknown> {
  return { ...pool };
}

/** One OpenShiftNodepool of a request body; undefined (with violations added) when it is not valid. */
export function checkNodePool(check: BodyCheck, field: string, value: unknown): NodePoolRecord | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    check.add(field, "must be a node pool object");
    return undefined;
  }
  const pool = value as Record<string, unknown>;
  const before = check.violations.length;
  const name = pool.name;
  if (typeof name !== "string" || name.length < 3 || name.length > 63 || !POOL_NAME.test(name)) {
    check.add(`${field}.name`, "must be 3 to 63 lower-case letters, digits, single - or _ between them");
  }
  if (!PROFILES.includes(pool.nodeProfile as NodeProfile)) {
    check.add(`${field}.nodeProfile`, `must be one of ${PROFILES.join(", ")}`);
  }
  if (typeof pool.nodeCount !== "number" || !Number.isInteger(pool.nodeCount) || pool.nodeCount < 1) {
    check.add(`${field}.nodeCount`, "must be an integer of at least 1");
  }
  const zone = pool.availabilityZoneName;
  if (zone !== undefined && !(AVAILABILITY_ZONES as readonly unknown[]).includes(zone)) {
    check.add(`${field}.availabilityZoneName`, `must be one of ${AVAILABILITY_ZONES.join(", ")}`);
  }
  if (pool.gpu !== undefined && !(GPUS as readonly unknown[]).includes(pool.gpu)) {
    check.add(`${field}.gpu`, `must be one of ${GPUS.join(", ")}`);
  }
  if (pool.tina !== undefined && typeof pool.tina !== "string") check.add(`${field}.tina`, "must be a string");
  if (check.violations.length > before) return undefined;
  const record: NodePoolRecord = {
    name: name as string,
    nodeProfile: pool.nodeProfile as NodeProfile,
    nodeCount: pool.nodeCount as number,
  };
  if (zone !== undefined) record.availabilityZoneName = zone as string;
  if (pool.gpu !== undefined) record.gpu = pool.gpu as string;
  if (pool.tina !== undefined) record.tina = pool.tina as string;
  return record;
}

/** Pool operations need an ACTIVE cluster and no other operation on the same pool. */
function refuseBusy(context: NumspotContext, request: SandboxRequest, cluster: ClusterRecord, name: string): void {
  const reason =
    cluster.state !== "ACTIVE"
      ? `cluster ${cluster.id} is ${cluster.state}`
      : inProgress(context, cluster.id, name)
        ? `an operation is already in progress on node pool ${name}`
        : undefined;
  if (reason) refuse(invalidParameter([{ field: "nodePoolName", description: reason }], request.path));
}

function poolOf(context: NumspotContext, request: SandboxRequest): { cluster: ClusterRecord; pool: NodePoolRecord } {
  const cluster = clusterOf(context, request);
  const name = request.params.nodePoolName!;
  if (name.length < 3 || name.length > 63 || !POOL_NAME.test(name)) {
    refuse(invalidParameter([{ field: "nodePoolName", description: "is not a valid node pool name" }], request.path));
  }
  return { cluster, pool: findOr404(request, "Node pool", name, cluster.nodePools.get(name)) };
}

function createNodePool(context: NumspotContext, request: SandboxRequest): Reply {
  const cluster = clusterOf(context, request);
  const check = new BodyCheck(request);
  const pool = check.violations.length === 0 ? checkNodePool(check, "body", check.body) : undefined;
  if (pool && (cluster.nodePools.has(pool.name) || inProgress(context, cluster.id, pool.name))) {
    check.add("name", `node pool ${pool.name} already exists`);
  }
  check.done();
  refuseBusy(context, request, cluster, pool!.name);
  const operation = startOperation(context, {
    spaceId: cluster.spaceId,
    clusterId: cluster.id,
    type: "CREATE_NODE_POOL",
    clusterName: cluster.name,
    nodePoolName: pool!.name,
    nodePool: pool,
  });
  return {
    status: 201,
    body: { clusterId: cluster.id, nodePoolName: pool!.name, operation: showOperation(operation, request) },
  };
}

/** spec: OpenShiftNodepoolUpdate `{count}`; the pool keeps its count until the operation succeeds. */
function scaleNodePool(context: NumspotContext, request: SandboxRequest): Reply {
  const { cluster, pool } = poolOf(context, request);
  const check = new BodyCheck(request);
  const count = check.integer("count", true, 1);
  check.done();
  refuseBusy(context, request, cluster, pool.name);
  const operation = startOperation(context, {
    spaceId: cluster.spaceId,
    clusterId: cluster.id,
    type: "UPDATE_NODE_POOL",
    clusterName: cluster.name,
    nodePoolName: pool.name,
    targetCount: count,
  });
  return {
    status: 202,
    body: { clusterId: cluster.id, nodePoolName: pool.name, operation: showOperation(operation, request) },
  };
}

/** A cluster keeps at least one pool: deleting its last one is refused. */
function deleteNodePool(context: NumspotContext, request: SandboxRequest): Reply {
  const { cluster, pool } = poolOf(context, request);
  refuseBusy(context, request, cluster, pool.name);
  if (cluster.nodePools.size <= 1) {
    refuse(
      invalidParameter(
        [{ field: "nodePoolName", description: "a cluster needs at least one node pool" }],
        request.path,
      ),
    );
  }
  const operation = startOperation(context, {
    spaceId: cluster.spaceId,
    clusterId: cluster.id,
    type: "DELETE_NODE_POOL",
    clusterName: cluster.name,
    nodePoolName: pool.name,
  });
  return { status: 202, body: { name: pool.name, operation: showOperation(operation, request) } };
}
