import { type Stage, statusAt, timeline } from "../clock";
import { header, queryValues, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { uuid } from "../ids";
import { allowQuery, findOr404, now, paginate, refuse, requireUuidParams, routes } from "./common";
import { invalidParameter, resourceNotFound } from "./errors";
import type {
  NodePoolRecord,
  NumspotContext,
  OperationInfo,
  OperationRecord,
  OperationStatus,
  OperationType,
} from "./state";

/** spec: State (ActiveState and RestingState): what `status` filters may name. */
const STATES = [
  "CREATING",
  "DELETING",
  "PENDING",
  "REPAIRING",
  "RUNNING",
  "SUSPENDING",
  "ACCEPTED",
  "ACTIVE",
  "CANCELLED",
  "DELETED",
  "FAILED",
  "SUCCEEDED",
  "SUSPENDED",
  "VERIFIED",
];

/**
 * OpenShift operations (spec: ListOperations, GetOperation). Each one is a timeline of the sandbox clock, PENDING
 * then RUNNING then SUCCEEDED or FAILED; what it does to its cluster or node pool is applied once, the first time
 * any OpenShift route runs after it ended (`settle`), so node counts change only when a scale ends, with no timer.
 * The document (redoc) says DONE where the spec says SUCCEEDED; the sandbox answers SUCCEEDED, the spec's value.
 */
export function registerOperationRoutes(router: Router, context: NumspotContext): void {
  const on = routes(router);
  on.get("/openshift/spaces/:spaceId/operations", (request) => listOperations(context, request));
  on.get("/openshift/spaces/:spaceId/operations/:operationId", (request) => {
    const spaceId = openshiftSpace(context, request);
    requireUuidParams(request, "operationId");
    const id = request.params.operationId!.toLowerCase();
    const operation = findOr404(
      request,
      "Operation",
      id,
      context.state.operations.get(id),
      (found) => found.spaceId === spaceId,
    );
    return { status: 200, body: showOperation(operation, request) };
  });
}

/**
 * The space of an `/openshift/spaces/{spaceId}` route, with every ended operation applied first. An unknown space is
 * a 404, the only "not there" status the OpenShift operations document.
 */
export function openshiftSpace(context: NumspotContext, request: SandboxRequest): string {
  requireUuidParams(request, "spaceId");
  const spaceId = request.params.spaceId!.toLowerCase();
  const space = context.state.spaces.get(spaceId);
  if (!space || !context.state.organisations.has(space.organisationId)) {
    refuse(resourceNotFound(`Space ${spaceId} not found.`, request.path));
  }
  settle(context);
  return spaceId;
}

export interface OperationStart extends OperationInfo {
  spaceId: string;
  clusterId: string;
  targetCount?: number;
  nodePool?: NodePoolRecord;
}

export function startOperation(context: NumspotContext, start: OperationStart): OperationRecord {
  const { settings } = context;
  const info: OperationInfo = { type: start.type, clusterName: start.clusterName, nodePoolName: start.nodePoolName };
  const rate =
    typeof settings.operationFailureRate === "function"
      ? settings.operationFailureRate(info)
      : settings.operationFailureRate;
  const spec = settings.operationRunningMs;
  let runningMs: number;
  if (typeof spec === "number") runningMs = spec;
  else if (typeof spec === "function") runningMs = spec(info);
  else runningMs = spec[0] + settings.random() * (spec[1] - spec[0]);
  const stages: Stage<OperationStatus>[] = [
    { status: "PENDING", ms: settings.operationPendingMs },
    { status: "RUNNING", ms: runningMs },
    { status: settings.random() < rate ? "FAILED" : "SUCCEEDED" },
  ];
  const operation: OperationRecord = {
    id: uuid(),
    spaceId: start.spaceId,
    clusterId: start.clusterId,
    nodePoolName: start.nodePoolName,
    type: start.type,
    targetCount: start.targetCount,
    nodePool: start.nodePool,
    createTime: now(),
    timeline: timeline(stages),
  };
  context.state.operations.set(operation.id, operation);
  return operation;
}

/** True while an operation on the cluster (or, given a name, on that node pool) has not ended. */
export function inProgress(context: NumspotContext, clusterId: string, nodePoolName?: string): boolean {
  return [...context.state.operations.values()].some(
    (operation) =>
      operation.clusterId === clusterId &&
      (nodePoolName === undefined || operation.nodePoolName === nodePoolName) &&
      !ended(operation),
  );
}

function ended(operation: OperationRecord, at = Date.now()): boolean {
  const { status } = statusAt(operation.timeline, at);
  return status === "SUCCEEDED" || status === "FAILED";
}

const EFFECTS: Record<OperationType, (context: NumspotContext, operation: OperationRecord, ok: boolean) => void> = {
  CREATE_CLUSTER: (context, operation, ok) => {
    const cluster = context.state.clusters.get(operation.clusterId);
    if (cluster) cluster.state = ok ? "ACTIVE" : "FAILED";
  },
  DELETE_CLUSTER: (context, operation, ok) => {
    if (ok) context.state.clusters.delete(operation.clusterId);
    else {
      const cluster = context.state.clusters.get(operation.clusterId);
      if (cluster) cluster.state = "FAILED";
    }
  },
  CREATE_NODE_POOL: (context, operation, ok) => {
    const cluster = context.state.clusters.get(operation.clusterId);
    if (ok && cluster && operation.nodePool) cluster.nodePools.set(operation.nodePool.name, operation.nodePool);
  },
  DELETE_NODE_POOL: (context, operation, ok) => {
    if (ok) context.state.clusters.get(operation.clusterId)?.nodePools.delete(operation.nodePoolName!);
  },
  UPDATE_NODE_POOL: (context, operation, ok) => {
    const pool = context.state.clusters.get(operation.clusterId)?.nodePools.get(operation.nodePoolName!);
    if (ok && pool && operation.targetCount !== undefined) pool.nodeCount = operation.targetCount;
  },
};

/** Applies, once and in creation order, every operation that has ended (or was pinned to an ending by a test). */
export function settle(context: NumspotContext, at = Date.now()): void {
  for (const operation of context.state.operations.values()) {
    if (operation.applied) continue;
    if (!ended(operation, at)) continue;
    operation.applied = true;
    EFFECTS[operation.type](context, operation, statusAt(operation.timeline, at).status === "SUCCEEDED");
  }
}

/** spec: OpenShiftOperation; links are absolute URLs on the host the client called. */
export function showOperation(operation: OperationRecord, request: SandboxRequest, at = Date.now()) {
  const { status, since } = statusAt(operation.timeline, at);
  const origin = `http://${header(request, "host") ?? "127.0.0.1"}`;
  const body: Record<string, unknown> = {
    id: operation.id,
    type: operation.type,
    status,
    createTime: operation.createTime,
    selfLink: `${origin}/openshift/spaces/${operation.spaceId}/operations/${operation.id}`,
    targetLink: `${origin}/openshift/spaces/${operation.spaceId}/clusters/${operation.clusterId}`,
  };
  const pendingMs = operation.timeline.stages[0]!.ms ?? 0;
  if (status !== "PENDING") body.startTime = new Date(operation.timeline.startedAt + pendingMs).toISOString();
  if (status === "SUCCEEDED" || status === "FAILED")
    body.endTime = new Date(Math.max(since, operation.timeline.startedAt)).toISOString();
  if (operation.nodePoolName !== undefined) body.data = { nodePoolName: operation.nodePoolName };
  if (status === "FAILED") {
    body.error = { code: "OPERATION_FAILED", message: `${operation.type} failed on the sandbox (injected failure).` };
  }
  return body;
}

function listOperations(context: NumspotContext, request: SandboxRequest): Reply {
  const spaceId = openshiftSpace(context, request);
  allowQuery(request, "status", "clusterId", "page");
  const statuses = queryValues(request, "status");
  const unknown = statuses.filter((status) => !STATES.includes(status));
  if (unknown.length > 0) {
    refuse(invalidParameter([{ field: "status", description: `unknown status ${unknown.join(", ")}` }], request.path));
  }
  const clusterId = queryValues(request, "clusterId")[0];
  const at = Date.now();
  const matching = [...context.state.operations.values()].filter(
    (operation) =>
      operation.spaceId === spaceId &&
      (clusterId === undefined || operation.clusterId === clusterId) &&
      (statuses.length === 0 || statuses.includes(statusAt(operation.timeline, at).status)),
  );
  return paginate(request, matching, { defaultSize: 30, maxSize: 50, minSize: 0 }, (operation) =>
    showOperation(operation, request, at),
  );
}
