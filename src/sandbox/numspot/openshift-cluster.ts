import type { Reply, SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { uuid } from "../ids";
import { allowQuery, BodyCheck, findOr404, now, paginate, refuse, requireUuidParams, routes } from "./common";
import { problem } from "./errors";
import { checkNodePool, showNodePool } from "./node-pool";
import { inProgress, openshiftSpace, showOperation, startOperation } from "./operation";
import type { ClusterRecord, NodePoolRecord, NumspotContext } from "./state";

/** spec: StrictSlugMax63 (the redoc document says `^[a-zA-Z0-9-]{3,64}$`; the OpenAPI is followed). */
export const CLUSTER_NAME = /^[a-zA-Z0-9]+(?:[-_][a-zA-Z0-9]+)*$/;
export const AVAILABILITY_ZONES = [
  "eu-west-2a",
  "eu-west-2b",
  "eu-west-2c",
  "cloudgouv-eu-west-1a",
  "cloudgouv-eu-west-1b",
  "cloudgouv-eu-west-1c",
] as const;
const IPV4_CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/([0-9]|[12]\d|3[0-2])$/;

/**
 * OpenShift clusters of a space and the versions offered (spec: ListVersions, ListClusters, CreateCluster, GetCluster,
 * UpdateCluster, DeleteCluster). Create and delete answer with an operation; the cluster is CREATING until it ends
 * (then ACTIVE or FAILED) and DELETING until its deletion ends (then gone, or FAILED).
 */
export function registerClusterRoutes(router: Router, context: NumspotContext): void {
  const on = routes(router);
  const base = "/openshift/spaces/:spaceId/clusters";
  on.get("/openshift/spaces/:spaceId/versions", (request) => {
    openshiftSpace(context, request);
    allowQuery(request);
    const versions = context.state.openshiftVersions;
    return { status: 200, body: { items: versions.map((version) => ({ version })), totalSize: versions.length } };
  });
  on.get(base, (request) => {
    const spaceId = openshiftSpace(context, request);
    allowQuery(request, "page");
    const clusters = [...context.state.clusters.values()].filter((cluster) => cluster.spaceId === spaceId);
    return paginate(request, clusters, { defaultSize: 30, maxSize: 50, minSize: 0 }, showCluster);
  });
  on.post(base, (request) => createCluster(context, request));
  on.get(`${base}/:clusterId`, (request) => ({ status: 200, body: showCluster(clusterOf(context, request)) }));
  on.post(`${base}/:clusterId`, (request) => updateCluster(context, request));
  on.delete(`${base}/:clusterId`, (request) => deleteCluster(context, request));
}

/** spec: OpenShiftCluster, with `description` (redoc only) when one was given; urls once the cluster is ACTIVE. */
export function showCluster(cluster: ClusterRecord): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: cluster.id,
    name: cluster.name,
    state: cluster.state,
    availabilityZoneName: cluster.availabilityZoneName,
    version: cluster.version,
    cidr: cluster.cidr,
    nodePools: [...cluster.nodePools.values()].map(showNodePool),
  };
  if (cluster.description !== undefined) body.description = cluster.description;
  if (cluster.state === "ACTIVE") {
    const host = `${cluster.name}.${cluster.id.slice(0, 8)}.openshift.numspot.sandbox`;
    body.urls = { console: `https://console-openshift-console.apps.${host}/`, api: `https://api.${host}:6443/` };
  }
  return body;
}

export function clusterOf(context: NumspotContext, request: SandboxRequest): ClusterRecord {
  const spaceId = openshiftSpace(context, request);
  requireUuidParams(request, "clusterId");
  const id = request.params.clusterId!.toLowerCase();
  return findOr404(request, "Cluster", id, context.state.clusters.get(id), (cluster) => cluster.spaceId === spaceId);
}

function createCluster(context: NumspotContext, request: SandboxRequest): Reply {
  const spaceId = openshiftSpace(context, request);
  const check = new BodyCheck(request);
  const name = check.string("name", true, { min: 3, max: 63, pattern: CLUSTER_NAME, patternName: "StrictSlug" });
  const cidr = check.string("cidr", true, { pattern: IPV4_CIDR, patternName: "an IPv4 CIDR block" });
  const version = check.string("version", true);
  const description = check.string("description", false, { max: 255 });
  const zone = check.oneOf("availabilityZoneName", false, AVAILABILITY_ZONES) ?? "cloudgouv-eu-west-1b";
  const admin = check.string("ocpAdminUserId", false);
  if (admin !== undefined && !/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(admin)) {
    check.add("ocpAdminUserId", "must be a valid UUID");
  }
  if (version !== undefined && !context.state.openshiftVersions.includes(version)) {
    check.add("version", `must be one of the offered versions: ${context.state.openshiftVersions.join(", ")}`);
  }
  const pools: NodePoolRecord[] = [];
  const rawPools = check.body.nodePools;
  if (!Array.isArray(rawPools) || rawPools.length === 0) check.add("nodePools", "is required: at least one node pool");
  else {
    rawPools.forEach((pool, index) => {
      const checked = checkNodePool(check, `nodePools[${index}]`, pool);
      if (checked && pools.some((other) => other.name === checked.name)) {
        check.add(`nodePools[${index}].name`, `duplicates node pool ${checked.name}`);
      } else if (checked) pools.push(checked);
    });
  }
  if (
    name !== undefined &&
    [...context.state.clusters.values()].some((cluster) => cluster.spaceId === spaceId && cluster.name === name)
  ) {
    check.add("name", `a cluster named ${name} already exists in the space`);
  }
  check.done();
  const cluster: ClusterRecord = {
    id: uuid(),
    spaceId,
    name: name!,
    cidr: cidr!,
    version: version!,
    availabilityZoneName: zone,
    state: "CREATING",
    nodePools: new Map(pools.map((pool) => [pool.name, pool])),
    createdOn: now(),
  };
  if (description !== undefined) cluster.description = description;
  context.state.clusters.set(cluster.id, cluster);
  const operation = startOperation(context, {
    spaceId,
    clusterId: cluster.id,
    type: "CREATE_CLUSTER",
    clusterName: cluster.name,
  });
  return { status: 201, body: { id: cluster.id, name: cluster.name, operation: showOperation(operation, request) } };
}

/** spec: OpenShiftClusterUpdate (name only; the redoc document also has description, accepted too). */
function updateCluster(context: NumspotContext, request: SandboxRequest): Reply {
  const cluster = clusterOf(context, request);
  const check = new BodyCheck(request);
  const name = check.string("name", false, { min: 3, max: 63, pattern: CLUSTER_NAME, patternName: "StrictSlug" });
  const description = check.string("description", false, { max: 255 });
  if (
    name !== undefined &&
    [...context.state.clusters.values()].some(
      (other) => other.id !== cluster.id && other.spaceId === cluster.spaceId && other.name === name,
    )
  ) {
    check.add("name", `a cluster named ${name} already exists in the space`);
  }
  check.done();
  if (name !== undefined) cluster.name = name;
  if (description !== undefined) cluster.description = description;
  return { status: 200, body: showCluster(cluster) };
}

/** 409 (spec: ConflictError) while another operation on the cluster runs; 202 with the deletion's operation. */
function deleteCluster(context: NumspotContext, request: SandboxRequest): Reply {
  const cluster = clusterOf(context, request);
  if (cluster.state === "DELETING" || inProgress(context, cluster.id)) {
    refuse(
      problem(
        409,
        "duplicate_resource",
        "Conflict",
        `An operation is already in progress on cluster ${cluster.id}.`,
        request.path,
      ),
    );
  }
  cluster.state = "DELETING";
  const operation = startOperation(context, {
    spaceId: cluster.spaceId,
    clusterId: cluster.id,
    type: "DELETE_CLUSTER",
    clusterName: cluster.name,
  });
  return { status: 202, body: { name: cluster.name, operation: showOperation(operation, request) } };
}
