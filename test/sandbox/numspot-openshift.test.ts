import { describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { describeWithShared } from "../support/shared";
import { UUID, useSandbox } from "./helpers";
import {
  coverageOf,
  type Exchange,
  type NumspotSession,
  numspotSession,
  problemsOf,
  undocumented,
} from "./numspot-openapi-check";

/**
 * Operations last a minute here, so nothing ends by itself during a test: each test ends them by pinning their
 * timeline (the clock's out-of-band hook), which is what the status would become when the time is up.
 */
const sandbox = useSandbox({
  numspot: { queuedMs: 0, runningMs: 0, operationPendingMs: 0, operationRunningMs: 60_000 },
});
const exchanges: Exchange[] = [];

async function session(target: Sandbox = sandbox()) {
  const s = await numspotSession(target);
  const spaceId = (await s.call("POST", `/organisations/${s.organisationId}/spaces`, { name: "os", description: "d" }))
    .body.id;
  const call: NumspotSession["call"] = async (method, url, body) => {
    const answer = await s.call(method, url, body);
    exchanges.push(s.exchanges.at(-1)!);
    return answer;
  };
  const base = `/openshift/spaces/${spaceId}`;
  const end = (operationId: string, status: "SUCCEEDED" | "FAILED" = "SUCCEEDED") => {
    target.state.numspot.operations.get(operationId)!.timeline.pinned = status;
  };
  return { ...s, call, base, spaceId, end };
}

const clusterBody = (name: string, pools = [{ name: "workers", nodeProfile: "MEDIUM", nodeCount: 3 }]) => ({
  name,
  cidr: "10.0.0.0/16",
  version: "4.16.19",
  description: "Demo cluster",
  availabilityZoneName: "eu-west-2a",
  nodePools: pools,
});

describe("Numspot OpenShift clusters", () => {
  it("lists versions, creates a cluster (201 + operation), which is CREATING until the operation succeeds", async () => {
    const s = await session();
    const versions = await s.call("GET", `${s.base}/versions`);
    expect(versions.body.items).toContainEqual({ version: "4.16.19" });
    const created = await s.call("POST", `${s.base}/clusters`, clusterBody("demo"));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(UUID),
      name: "demo",
      operation: { id: expect.stringMatching(UUID), type: "CREATE_CLUSTER", status: "RUNNING" },
    });
    const path = `${s.base}/clusters/${created.body.id}`;
    const creating = await s.call("GET", path);
    expect(creating.body).toMatchObject({ state: "CREATING", description: "Demo cluster", cidr: "10.0.0.0/16" });
    expect(creating.body.urls).toBeUndefined();
    const operationPath = `${s.base}/operations/${created.body.operation.id}`;
    expect((await s.call("GET", operationPath)).body.status).toBe("RUNNING");

    s.end(created.body.operation.id);
    const done = await s.call("GET", operationPath);
    expect(done.body).toMatchObject({
      status: "SUCCEEDED",
      endTime: expect.any(String),
      startTime: expect.any(String),
    });
    const active = await s.call("GET", path);
    expect(active.body).toMatchObject({
      state: "ACTIVE",
      nodePools: [{ name: "workers", nodeProfile: "MEDIUM", nodeCount: 3 }],
      urls: { console: expect.stringMatching(/^https:/), api: expect.stringMatching(/^https:/) },
    });
    expect((await s.call("GET", `${s.base}/clusters`)).body).toMatchObject({ totalSize: 1, items: [active.body] });
    const renamed = await s.call("POST", path, { name: "demo-2" });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe("demo-2");
  });

  it("deletes with a 202 operation: DELETING, 409 on a second delete, gone when it succeeds", async () => {
    const s = await session();
    const created = (await s.call("POST", `${s.base}/clusters`, clusterBody("doomed"))).body;
    const path = `${s.base}/clusters/${created.id}`;
    const busy = await s.call("DELETE", path);
    expect(busy.status).toBe(409);
    expect(busy.headers.get("content-type")).toBe("application/problem+json");
    s.end(created.operation.id);
    const deleting = await s.call("DELETE", path);
    expect(deleting.status).toBe(202);
    expect(deleting.body).toMatchObject({ name: "doomed", operation: { type: "DELETE_CLUSTER" } });
    expect((await s.call("GET", path)).body.state).toBe("DELETING");
    expect((await s.call("DELETE", path)).status).toBe(409);
    s.end(deleting.body.operation.id);
    expect((await s.call("GET", path)).status).toBe(404);
    expect((await s.call("DELETE", path)).status).toBe(404);
  });

  it("a failed create leaves a FAILED cluster with the operation's error, which can then be deleted", async () => {
    const s = await session();
    const created = (await s.call("POST", `${s.base}/clusters`, clusterBody("fails"))).body;
    s.end(created.operation.id, "FAILED");
    const operation = await s.call("GET", `${s.base}/operations/${created.operation.id}`);
    expect(operation.body).toMatchObject({ status: "FAILED", error: { message: expect.any(String) } });
    expect((await s.call("GET", `${s.base}/clusters/${created.id}`)).body.state).toBe("FAILED");
    const deleting = await s.call("DELETE", `${s.base}/clusters/${created.id}`);
    expect(deleting.status).toBe(202);
  });

  it("validates bodies as the spec does, and refuses unknown or non-UUID spaces and clusters", async () => {
    const s = await session();
    const invalid = await s.call("POST", `${s.base}/clusters`, {
      name: "-bad-",
      cidr: "10.0.0.0/33",
      version: "3.11.0",
      nodePools: [{ name: "Upper", nodeProfile: "HUGE", nodeCount: 0 }],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.violations.map((v: any) => v.field)).toEqual([
      "name",
      "cidr",
      "version",
      "nodePools[0].name",
      "nodePools[0].nodeProfile",
      "nodePools[0].nodeCount",
    ]);
    expect((await s.call("POST", `${s.base}/clusters`, { ...clusterBody("nopools"), nodePools: [] })).status).toBe(400);
    await s.call("POST", `${s.base}/clusters`, clusterBody("taken"));
    expect((await s.call("POST", `${s.base}/clusters`, clusterBody("taken"))).status).toBe(400);
    expect((await s.call("GET", `${s.base}/clusters/not-a-uuid`)).status).toBe(400);
    expect((await s.call("GET", `${s.base}/clusters/8d4c0e8a-0000-4000-8000-00000000abcd`)).status).toBe(404);
    expect((await s.call("GET", "/openshift/spaces/not-a-uuid/versions")).status).toBe(400);
  });
});

describe("Numspot OpenShift node pools", () => {
  async function activeCluster(s: Awaited<ReturnType<typeof session>>, name: string) {
    const created = (await s.call("POST", `${s.base}/clusters`, clusterBody(name))).body;
    s.end(created.operation.id);
    return `${s.base}/clusters/${created.id}`;
  }

  it("scales in place: the count changes only when the scale operation succeeds (3 → 5)", async () => {
    const s = await session();
    const cluster = await activeCluster(s, "scaled");
    const scale = await s.call("POST", `${cluster}/nodepools/workers`, { count: 5 });
    expect(scale.status).toBe(202);
    expect(scale.body).toMatchObject({ nodePoolName: "workers", operation: { type: "UPDATE_NODE_POOL" } });
    expect((await s.call("GET", `${cluster}/nodepools`)).body.items[0].nodeCount).toBe(3);
    expect((await s.call("POST", `${cluster}/nodepools/workers`, { count: 4 })).status).toBe(400);
    s.end(scale.body.operation.id);
    expect((await s.call("GET", `${cluster}/nodepools`)).body).toEqual({
      items: [{ name: "workers", nodeProfile: "MEDIUM", nodeCount: 5 }],
      totalSize: 1,
    });
    const failed = await s.call("POST", `${cluster}/nodepools/workers`, { count: 9 });
    s.end(failed.body.operation.id, "FAILED");
    expect((await s.call("GET", cluster)).body.nodePools[0].nodeCount).toBe(5);
  });

  it("creates and deletes pools through operations; the last pool cannot be deleted", async () => {
    const s = await session();
    const cluster = await activeCluster(s, "pools");
    const gpu = {
      name: "gpu-pool",
      nodeProfile: "LARGE",
      nodeCount: 2,
      gpu: "A100-80",
      availabilityZoneName: "eu-west-2b",
    };
    const created = await s.call("POST", `${cluster}/nodepools`, gpu);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ nodePoolName: "gpu-pool", operation: { type: "CREATE_NODE_POOL" } });
    expect((await s.call("GET", `${cluster}/nodepools`)).body.totalSize).toBe(1);
    expect((await s.call("POST", `${cluster}/nodepools`, gpu)).status).toBe(400);
    s.end(created.body.operation.id);
    expect((await s.call("GET", `${cluster}/nodepools`)).body.items).toContainEqual(gpu);

    const removal = await s.call("DELETE", `${cluster}/nodepools/gpu-pool`);
    expect(removal.status).toBe(202);
    expect(removal.body).toMatchObject({ name: "gpu-pool", operation: { type: "DELETE_NODE_POOL" } });
    s.end(removal.body.operation.id);
    expect((await s.call("GET", `${cluster}/nodepools`)).body.totalSize).toBe(1);
    expect((await s.call("DELETE", `${cluster}/nodepools/gpu-pool`)).status).toBe(404);
    expect((await s.call("DELETE", `${cluster}/nodepools/workers`)).status).toBe(400);
    expect((await s.call("POST", `${cluster}/nodepools/workers`, { count: 0 })).status).toBe(400);
  });
});

describe("Numspot OpenShift operations", () => {
  it("lists a space's operations over pages, filtered by status and cluster", async () => {
    const s = await session();
    const a = (await s.call("POST", `${s.base}/clusters`, clusterBody("op-a"))).body;
    const b = (await s.call("POST", `${s.base}/clusters`, clusterBody("op-b"))).body;
    s.end(a.operation.id);
    const first = await s.call("GET", `${s.base}/operations?page[size]=1`);
    expect(first.body).toMatchObject({ totalSize: 2, nextPageToken: expect.any(String) });
    const running = await s.call("GET", `${s.base}/operations?status=RUNNING`);
    expect(running.body.items.map((o: any) => o.id)).toEqual([b.operation.id]);
    const ofA = await s.call("GET", `${s.base}/operations?clusterId=${a.id}`);
    expect(ofA.body.items.map((o: any) => o.id)).toEqual([a.operation.id]);
    expect((await s.call("GET", `${s.base}/operations?status=DONE`)).status).toBe(400);
    expect((await s.call("GET", `${s.base}/operations/8d4c0e8a-0000-4000-8000-00000000abcd`)).status).toBe(404);
  });

  it("moves PENDING → RUNNING → SUCCEEDED on the clock with the configured durations and failure rate", async () => {
    const target = await startSandbox({
      numspot: {
        queuedMs: 0,
        runningMs: 0,
        operationPendingMs: 0,
        operationRunningMs: ({ type }) => (type === "CREATE_CLUSTER" ? 0 : 60_000),
        operationFailureRate: ({ clusterName }) => (clusterName === "unlucky" ? 1 : 0),
      },
    });
    try {
      const s = await session(target);
      const lucky = (await s.call("POST", `${s.base}/clusters`, clusterBody("lucky"))).body;
      const unlucky = (await s.call("POST", `${s.base}/clusters`, clusterBody("unlucky"))).body;
      expect((await s.call("GET", `${s.base}/operations/${lucky.operation.id}`)).body.status).toBe("SUCCEEDED");
      expect((await s.call("GET", `${s.base}/operations/${unlucky.operation.id}`)).body.status).toBe("FAILED");
      const scale = await s.call("POST", `${s.base}/clusters/${lucky.id}/nodepools/workers`, { count: 4 });
      expect(scale.body.operation.status).toBe("RUNNING");
      const line = target.state.numspot.operations.get(scale.body.operation.id)!.timeline;
      expect(line.stages.map((stage) => [stage.status, stage.ms])).toEqual([
        ["PENDING", 0],
        ["RUNNING", 60_000],
        ["SUCCEEDED", undefined],
      ]);
    } finally {
      await target.stop();
    }
  });
});

describe("Numspot OpenShift under faults and expired tokens", () => {
  it("answers a 401 problem (never the operation) when the token is revoked mid-poll, and faults apply", async () => {
    const target = await startSandbox({ numspot: { queuedMs: 0, runningMs: 0, operationRunningMs: 60_000 } });
    try {
      const s = await session(target);
      const created = (await s.call("POST", `${s.base}/clusters`, clusterBody("polled"))).body;
      const poll = `${s.base}/operations/${created.operation.id}`;
      target.state.numspot.tokens.clear();
      const refused = await s.call("GET", poll);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(refused.body.status).toBeUndefined();

      const again = await numspotSession(target);
      target.faults.add({ system: "numspot", method: "POST", path: /\/nodepools\/workers$/, reset: "after" });
      s.end(created.operation.id);
      const call = fetch(`${target.urls.numspot}${s.base}/clusters/${created.id}/nodepools/workers`, {
        method: "POST",
        headers: { authorization: `Bearer ${again.token}`, "content-type": "application/json" },
        body: JSON.stringify({ count: 4 }),
      });
      await expect(call).rejects.toThrow();
      // The server acted before the socket was cut: the scale operation exists and runs.
      const operations = await again.call(
        "GET",
        `${s.base}/operations?clusterId=${created.id}&status=PENDING&status=RUNNING`,
      );
      expect(operations.body.items.map((o: any) => o.type)).toEqual(["UPDATE_NODE_POOL"]);
      exchanges.push(...again.exchanges);
    } finally {
      await target.stop();
    }
  });
});

describeWithShared("Numspot OpenShift answers against Numspot's OpenAPI", () => {
  it("every exchange of this file conforms, and the run covered every OpenShift operation", () => {
    expect(problemsOf(exchanges)).toEqual([]);
    expect([...undocumented].sort()).toEqual([]);
    const covered = new Set([...coverageOf(exchanges)].map((key) => key.split(" ")[0]));
    for (const operation of [
      "ListVersions",
      "ListClusters",
      "CreateCluster",
      "GetCluster",
      "UpdateCluster",
      "DeleteCluster",
      "ListNodepools",
      "CreateNodePool",
      "DeleteNodePool",
      "UpdateNodepool",
      "ListOperations",
      "GetOperation",
    ]) {
      expect(covered, operation).toContain(operation);
    }
  });
});

describeWithShared("the Numspot judge itself", () => {
  it("finds wrong answers, undocumented statuses and refusals of valid requests", () => {
    const space = "8d4c0e8a-0000-4000-8000-000000000001";
    const cluster = "8d4c0e8a-0000-4000-8000-000000000002";
    const role = `/iam/spaces/${space}/roles/${cluster}`;
    const wrong: Exchange[] = [
      {
        method: "GET",
        url: `/openshift/spaces/${space}/clusters/${cluster}`,
        requestBody: undefined,
        status: 200,
        contentType: "application/json",
        body: { id: cluster, state: "WHATEVER" },
      },
      {
        method: "PATCH",
        url: role,
        requestBody: { name: "n" },
        status: 200,
        contentType: "application/json",
        body: {},
      },
      { method: "DELETE", url: role, requestBody: undefined, status: 418, contentType: "application/json", body: {} },
      {
        method: "GET",
        url: `/openshift/spaces/${space}/versions`,
        requestBody: undefined,
        status: 400,
        contentType: "application/problem+json",
        body: { type: "https://portal.api.numspot.com/errors#invalid_parameter", title: "Invalid parameter" },
      },
    ];
    const problems = problemsOf(wrong);
    expect(problems.some((line) => line.startsWith("GET /openshift") && line.includes("body.state"))).toBe(true);
    expect(problems.some((line) => line.startsWith("PATCH") && line.includes("custom"))).toBe(true);
    expect(problems.some((line) => line.startsWith("DELETE") && line.includes("not documented"))).toBe(true);
    expect(problems.some((line) => line.includes("refused a request the spec accepts"))).toBe(true);
  });
});
