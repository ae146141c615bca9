import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeAllPools } from "../../src/client/http";
import { resetStackConfig } from "../../src/resources/config";
import { nodePoolProvider } from "../../src/resources/numspot/node-pool";
import { openShiftClusterProvider } from "../../src/resources/numspot/openshift-cluster";
import { ResourceInitError } from "../../src/resources/provider";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { uuid } from "../../src/sandbox/ids";
import type { OperationInfo } from "../../src/sandbox/numspot/state";
import { failure } from "../support/loopback";

/**
 * numspot.OpenShiftCluster and numspot.NodePool against the sandbox, in process: operations awaited through the
 * shared wait machinery. Operations stay PENDING 20 ms and RUNNING 150 ms, except for clusters and pools named slow-*
 * (a minute) and the deletion of clusters named lazy-* (1.5 s); CREATE_CLUSTER operations of clusters named fail-*
 * end FAILED while `failing` is set.
 */

let sandbox: Sandbox;
let failing = true;
const savedEnv = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox({
    numspot: {
      operationPendingMs: 20,
      operationRunningMs: (op: OperationInfo) =>
        op.clusterName.startsWith("slow-") || op.nodePoolName?.startsWith("slow-")
          ? 60_000
          : op.type === "DELETE_CLUSTER" && op.clusterName.startsWith("lazy-")
            ? 1_500
            : 150,
      operationFailureRate: (op: OperationInfo) =>
        failing && op.type === "CREATE_CLUSTER" && op.clusterName.startsWith("fail-") ? 1 : 0,
    },
  });
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

/** A READY space made out of band (spaces have their own tests). */
function readySpace(): string {
  const id = uuid();
  const now = new Date().toISOString();
  sandbox.state.numspot.spaces.set(id, {
    id,
    organisationId: sandbox.credentials.numspotOrganisationId,
    name: `space-${id.slice(0, 8)}`,
    description: "openshift",
    createdOn: now,
    updatedOn: now,
    lifecycle: { startedAt: Date.now(), queuedMs: 0, runningMs: 0, outcome: "READY" },
  });
  return id;
}

const pools = [{ name: "workers", nodeProfile: "SMALL", nodeCount: 2 }];

async function checked(provider: typeof openShiftClusterProvider, news: Record<string, unknown>) {
  const result = await provider.check({}, news);
  expect(result.failures).toEqual([]);
  return result.inputs!;
}

const clusterArgs = (spaceId: string, name: string, extra: Record<string, unknown> = {}) => ({
  spaceId,
  name,
  cidr: "172.16.0.0/12",
  version: "4.16.19",
  nodePools: pools,
  ...extra,
});

const opsCalls = (spaceId: string) =>
  sandbox.requests.filter(
    (r) => r.system === "numspot" && r.path.startsWith(`/openshift/spaces/${spaceId}/operations/`),
  );

describe("numspot.OpenShiftCluster", () => {
  it("creates the cluster and returns when its operation SUCCEEDED, with the urls", async () => {
    const spaceId = readySpace();
    const inputs = await checked(openShiftClusterProvider, clusterArgs(spaceId, "demo"));
    const { id, outs } = await openShiftClusterProvider.create(inputs);
    expect(outs).toMatchObject({ spaceId, name: "demo", state: "ACTIVE", description: "" });
    expect(outs!.urls.console).toMatch(/^https:\/\/console/);
    expect(outs!.nodePools).toEqual([{ name: "workers", nodeProfile: "SMALL", nodeCount: 2 }]);
    const calls = opsCalls(spaceId);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.every((r) => r.method === "GET")).toBe(true);
    expect(calls.at(-1)!.status).toBe(200);
    // The initial pools never drift, whatever the server reports later.
    sandbox.state.numspot.clusters.get(id)!.nodePools.get("workers")!.nodeCount = 7;
    const read = await openShiftClusterProvider.read(id, outs!);
    expect((await openShiftClusterProvider.diff(id, read.props!, inputs)).changes).toBe(false);

    await openShiftClusterProvider.delete(id, outs!);
    expect(sandbox.state.numspot.clusters.has(id)).toBe(false);
  });

  it("a FAILED create operation fails fast with its error, keeps the cluster id; the next up replaces it", async () => {
    const spaceId = readySpace();
    failing = true;
    const inputs = await checked(openShiftClusterProvider, clusterArgs(spaceId, "fail-once"));
    const started = Date.now();
    const error = await failure(openShiftClusterProvider.create(inputs));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(sandbox.state.numspot.clusters.get(error.id)?.state).toBe("FAILED");
    expect(error.message).toMatch(/FAILED: OPERATION_FAILED: CREATE_CLUSTER failed/);
    expect(error.properties).toMatchObject({ state: "FAILED", name: "fail-once" });

    // Repair: the stored FAILED state makes diff replace, deleting first (same name in the space).
    const diff = await openShiftClusterProvider.diff(error.id, error.properties, inputs);
    expect(diff).toMatchObject({ changes: true, deleteBeforeReplace: true });
    failing = false;
    await openShiftClusterProvider.delete(error.id, error.properties);
    expect(sandbox.state.numspot.clusters.has(error.id)).toBe(false);
    const { outs } = await openShiftClusterProvider.create(inputs);
    expect(outs).toMatchObject({ state: "ACTIVE", name: "fail-once" });
  });

  it("a create that outlasts timeouts.create is a partial failure with the id; the next up waits again", async () => {
    const spaceId = readySpace();
    const inputs = await checked(
      openShiftClusterProvider,
      clusterArgs(spaceId, "slow-one", { timeouts: { create: 0.5 } }),
    );
    const error = await failure(openShiftClusterProvider.create(inputs));
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error.message).toMatch(/Timed out after .* waiting for OpenShift cluster .* to finish its operation/);
    expect(error.message).toContain("operation RUNNING");
    expect(error.properties).toMatchObject({ state: "CREATING", name: "slow-one" });
    expect(sandbox.state.numspot.clusters.has(error.id)).toBe(true);

    const operation = [...sandbox.state.numspot.operations.values()].find((op) => op.clusterId === error.id)!;
    operation.timeline.pinned = "SUCCEEDED";
    const { outs } = await openShiftClusterProvider.update(error.id, error.properties, {
      ...inputs,
      timeouts: { create: 0.5, update: 30 },
    });
    expect(outs).toMatchObject({ state: "ACTIVE" });
  });

  it("a 401 while polling the operation renews the token and polls again; it is never taken for success", async () => {
    const spaceId = readySpace();
    const inputs = await checked(openShiftClusterProvider, clusterArgs(spaceId, "slow-401"));
    const created = openShiftClusterProvider.create(inputs);
    // Once the first poll has been answered, every token is revoked: the next poll is refused.
    while (opsCalls(spaceId).length === 0) await new Promise((r) => setTimeout(r, 10));
    sandbox.state.numspot.tokens.clear();
    while (!opsCalls(spaceId).some((r) => r.status === 401)) await new Promise((r) => setTimeout(r, 10));
    // The cluster is still CREATING: the wait goes on until the operation really ends.
    await new Promise((r) => setTimeout(r, 300));
    const cluster = [...sandbox.state.numspot.clusters.values()].find((c) => c.name === "slow-401")!;
    expect(cluster.state).toBe("CREATING");
    [...sandbox.state.numspot.operations.values()].find((op) => op.clusterId === cluster.id)!.timeline.pinned =
      "SUCCEEDED";
    const { outs } = await created;
    expect(outs).toMatchObject({ state: "ACTIVE" });
    const statuses = opsCalls(spaceId).map((r) => r.status);
    const refused = statuses.indexOf(401);
    expect(statuses[refused + 1]).toBe(200);
  });
});

describe("a delete refused while an operation runs", () => {
  it("a cluster DELETE whose answer was lost meets its own operation (409) and awaits it", async () => {
    const spaceId = readySpace();
    const cluster = await openShiftClusterProvider.create(
      await checked(openShiftClusterProvider, clusterArgs(spaceId, "lazy-delete")),
    );
    const path = `/openshift/spaces/${spaceId}/clusters/${cluster.id}`;
    sandbox.faults.add({ system: "numspot", method: "DELETE", path, reset: "after" });
    const before = sandbox.requests.length;
    await openShiftClusterProvider.delete(cluster.id, cluster.outs!);
    expect(sandbox.state.numspot.clusters.has(cluster.id)).toBe(false);
    const deletes = sandbox.requests.slice(before).filter((r) => r.method === "DELETE" && r.path === path);
    expect(deletes.map((r) => r.status)).toEqual([202, 409]);
  });

  it("a cluster DELETE during a pool's operation waits for it, then deletes", async () => {
    const spaceId = readySpace();
    const cluster = await openShiftClusterProvider.create(
      await checked(openShiftClusterProvider, clusterArgs(spaceId, "busy")),
    );
    const pool = nodePoolProvider.create(
      await checked(nodePoolProvider, {
        spaceId,
        clusterId: cluster.id,
        name: "extra",
        nodeProfile: "SMALL",
        nodeCount: 1,
      }),
    );
    while (![...sandbox.state.numspot.operations.values()].some((op) => op.nodePoolName === "extra")) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const path = `/openshift/spaces/${spaceId}/clusters/${cluster.id}`;
    const before = sandbox.requests.length;
    await openShiftClusterProvider.delete(cluster.id, cluster.outs!);
    await pool;
    expect(sandbox.state.numspot.clusters.has(cluster.id)).toBe(false);
    const deletes = sandbox.requests.slice(before).filter((r) => r.method === "DELETE" && r.path === path);
    expect(deletes.map((r) => r.status)).toEqual([409, 202]);
  });
});

describe("numspot.NodePool", () => {
  it("scales 3 → 5 in place with one POST {count} and its operation awaited", async () => {
    const spaceId = readySpace();
    const cluster = await openShiftClusterProvider.create(
      await checked(openShiftClusterProvider, clusterArgs(spaceId, "pools")),
    );
    const args = { spaceId, clusterId: cluster.id, name: "gpu-pool", nodeProfile: "LARGE", nodeCount: 3 };
    const inputs = await checked(nodePoolProvider, args);
    const { id, outs } = await nodePoolProvider.create(inputs);
    expect(id).toBe(`${spaceId}/${cluster.id}/gpu-pool`);
    expect(outs).toMatchObject({ name: "gpu-pool", nodeCount: 3 });
    expect(sandbox.state.numspot.clusters.get(cluster.id)!.nodePools.get("gpu-pool")!.nodeCount).toBe(3);

    const news = await checked(nodePoolProvider, { ...args, nodeCount: 5 });
    expect(await nodePoolProvider.diff(id, outs!, news)).toMatchObject({ changes: true, replaces: [] });
    const before = sandbox.requests.length;
    const updated = await nodePoolProvider.update(id, outs!, news);
    expect(updated.outs).toMatchObject({ nodeCount: 5 });
    expect(sandbox.state.numspot.clusters.get(cluster.id)!.nodePools.get("gpu-pool")!.nodeCount).toBe(5);
    const writes = sandbox.requests.slice(before).filter((r) => r.method !== "GET");
    expect(writes.map((r) => [r.method, r.path.split("/").slice(-2).join("/"), r.body])).toEqual([
      ["POST", "nodepools/gpu-pool", { count: 5 }],
    ]);
    // The operation was polled until it ended.
    const polls = sandbox.requests.slice(before).filter((r) => r.path.includes("/operations/"));
    expect(polls.length).toBeGreaterThanOrEqual(1);

    await nodePoolProvider.delete(id, updated.outs!);
    expect(sandbox.state.numspot.clusters.get(cluster.id)!.nodePools.has("gpu-pool")).toBe(false);
  });

  it("a create whose answer was lost while the pool's operation runs names the pool; no second POST", async () => {
    const spaceId = readySpace();
    const cluster = await openShiftClusterProvider.create(
      await checked(openShiftClusterProvider, clusterArgs(spaceId, "lost-pool")),
    );
    const inputs = await checked(nodePoolProvider, {
      spaceId,
      clusterId: cluster.id,
      name: "slow-lost",
      nodeProfile: "SMALL",
      nodeCount: 1,
    });
    const path = `/openshift/spaces/${spaceId}/clusters/${cluster.id}/nodepools`;
    // The server starts the pool's operation, then the connection drops: the pool is not listed until it succeeds.
    sandbox.faults.add({ system: "numspot", method: "POST", path, reset: "after" });
    const before = sandbox.requests.length;
    const error = await failure(nodePoolProvider.create(inputs));
    expect(error.message).toContain("the create request's answer was lost");
    expect(error.message).toContain(`${spaceId}/${cluster.id}/slow-lost`);
    expect(error.message).not.toContain("already exists");
    expect(sandbox.requests.slice(before).filter((r) => r.method === "POST" && r.path === path)).toHaveLength(1);
  });
});
