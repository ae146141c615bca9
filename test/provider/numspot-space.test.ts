import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeAllPools } from "../../src/client/http";
import { resetStackConfig } from "../../src/resources/config";
import { spaceProvider } from "../../src/resources/numspot/space";
import { ResourceInitError } from "../../src/resources/provider";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { failure } from "../support/loopback";

/**
 * numspot.Space's implementation against the sandbox, in process. Spaces stay QUEUED 100 ms and RUNNING 200 ms, except
 * those named slow-*, which stay RUNNING a minute (for deadlines). A second sandbox fails every space.
 */

const QUEUED_MS = 100;
const RUNNING_MS = 200;
const OTHER_ORG = "7b2e0c6f-4d3e-4f90-8b8e-2d3c4e5f6a71";

let sandbox: Sandbox;
let failing: Sandbox;
const savedEnv = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox({
    numspot: { queuedMs: QUEUED_MS, runningMs: (name) => (name.startsWith("slow-") ? 60_000 : RUNNING_MS) },
  });
  failing = await startSandbox({ numspot: { queuedMs: 50, runningMs: 100, failureRate: 1 } });
  sandbox.state.numspot.organisations.add(OTHER_ORG);
});

afterAll(async () => {
  process.env = { ...savedEnv };
  await closeAllPools();
  await Promise.all([sandbox?.stop(), failing?.stop()]);
});

beforeEach(() => {
  resetStackConfig();
  process.env = { ...savedEnv };
  for (const [key, value] of Object.entries(sandbox.env)) if (key.startsWith("NUMSPOT_")) process.env[key] = value;
});

const org = () => sandbox.credentials.numspotOrganisationId;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Date.now() % 100_000}`;

/** What the engine does: check, then create with the checked inputs. */
async function up(news: Record<string, unknown>) {
  const checked = await spaceProvider.check({}, news);
  expect(checked.failures).toEqual([]);
  return { inputs: checked.inputs!, ...(await spaceProvider.create(checked.inputs!)) };
}

function spaceRequests(s: Sandbox, id?: string) {
  return s.requests.filter(
    (r) => r.system === "numspot" && r.path.startsWith("/organisations/") && (!id || r.path.endsWith(`/spaces/${id}`)),
  );
}

describe("numspot.Space create", () => {
  it("creates the space and returns only when it is READY", async () => {
    const name = unique("dev");
    const started = Date.now();
    const { id, outs } = await up({ name, description: "Dev space" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(QUEUED_MS + RUNNING_MS);
    expect(outs).toMatchObject({
      organisationId: org(),
      name,
      description: "Dev space",
      status: "READY",
      adopted: false,
    });
    // The sandbox stamps updatedOn when the status moved on: READY came after creation, not with it.
    expect(Date.parse(outs!.updatedOn) - Date.parse(outs!.createdOn)).toBeGreaterThanOrEqual(QUEUED_MS + RUNNING_MS);
    const calls = spaceRequests(sandbox).filter((r) => r.method === "POST" || r.path.endsWith(id));
    expect(calls[0]).toMatchObject({ method: "POST", status: 200, body: { name, description: "Dev space" } });
    // Polled: the first GETs saw QUEUED/RUNNING, the last READY.
    expect(calls.slice(1).every((r) => r.method === "GET" && r.status === 200)).toBe(true);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(sandbox.state.numspot.spaces.get(id)?.name).toBe(name);
  });

  it("records a FAILED space as created-but-failed, carrying its id and outputs", async () => {
    const name = unique("doomed");
    const connection = {
      host: failing.urls.numspot,
      clientId: failing.credentials.numspotClientId,
      clientSecret: failing.credentials.numspotClientSecret,
    };
    const checked = await spaceProvider.check(
      {},
      { organisationId: failing.credentials.numspotOrganisationId, name, description: "d", connection },
    );
    const error = await failure(spaceProvider.create(checked.inputs!));
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(failing.state.numspot.spaces.has(error.id)).toBe(true);
    expect(error.properties).toMatchObject({ name, status: "FAILED" });
    expect(error.message).toContain(`space ${error.id} ("${name}") to become READY`);
    expect(error.message).toContain("last state: status FAILED");
    expect(error.message).toContain("replaces it");
    expect(error.reasons).toEqual([error.message]);
    expect(error.message).not.toContain(connection.clientSecret);
    // The next up sees the FAILED status and replaces the space, deleting it first.
    expect(await spaceProvider.diff(error.id, error.properties, checked.inputs!)).toMatchObject({
      changes: true,
      deleteBeforeReplace: true,
    });
  });

  it("stops at the create deadline with what it awaited and the last status, keeping the space", async () => {
    const name = unique("slow");
    const checked = await spaceProvider.check({}, { name, description: "slow", timeouts: { create: 0.4 } });
    const started = Date.now();
    const error = await failure(spaceProvider.create(checked.inputs!));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error.message).toMatch(
      /^Timed out after \d+ms waiting for space .+ to become READY; last state: status RUNNING/,
    );
    expect(error.message).toContain("timeouts.create");
    expect(error.properties).toMatchObject({ status: "RUNNING", timeouts: { create: 0.4 } });

    // The next up updates a resource that failed to initialise: it waits again and succeeds once the space is READY.
    sandbox.state.numspot.spaces.get(error.id)!.lifecycle.pinned = "READY";
    const { outs } = await spaceProvider.update(error.id, error.properties, checked.inputs!);
    expect(outs).toMatchObject({ status: "READY", name });
  });

  it("a create whose answer was lost fails naming the space it may have made; adopt then takes it", async () => {
    const name = unique("lost");
    sandbox.faults.add({ system: "numspot", method: "POST", path: `/organisations/${org()}/spaces`, reset: "after" });
    const error = await failure(up({ name, description: "lost answer" }));
    const named = [...sandbox.state.numspot.spaces.values()].filter((s) => s.name === name);
    expect(named).toHaveLength(1);
    expect(error.message).toContain(named[0]!.id);
    const { id } = await up({ name, description: "lost answer", adopt: true });
    expect(id).toBe(named[0]!.id);
    expect(
      spaceRequests(sandbox).filter((r) => r.method === "POST" && r.body && (r.body as any).name === name),
    ).toHaveLength(1);
  });

  it("adopts an existing space by name when asked, and says so", async () => {
    const name = unique("shared");
    const existing = await up({ name, description: "made elsewhere" });
    const posts = spaceRequests(sandbox).filter((r) => r.method === "POST").length;
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args.join(" "));
    try {
      const { id, outs } = await up({ name, description: "now ours", adopt: true });
      expect(id).toBe(existing.id);
      expect(outs).toMatchObject({ adopted: true, description: "now ours", status: "READY" });
    } finally {
      console.error = original;
    }
    expect(logged.join("\n")).toContain(`adopting existing space ${existing.id}`);
    expect(spaceRequests(sandbox).filter((r) => r.method === "POST")).toHaveLength(posts);
    expect(sandbox.state.numspot.spaces.get(existing.id)?.description).toBe("now ours");
  });

  it("with adopt and no space of that name, creates one", async () => {
    const { id, outs } = await up({ name: unique("fresh"), description: "d", adopt: true });
    expect(outs).toMatchObject({ adopted: false, status: "READY" });
    expect(sandbox.state.numspot.spaces.has(id)).toBe(true);
  });
});

describe("numspot.Space update, replace, read, delete", () => {
  it("changes name and description in place with one PATCH of the changed fields", async () => {
    const { id, outs, inputs } = await up({ name: unique("edit"), description: "before" });
    const news = { ...inputs, description: "after" };
    expect(await spaceProvider.diff(id, outs!, news)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const { outs: updated } = await spaceProvider.update(id, outs!, news);
    expect(updated).toMatchObject({ description: "after", name: outs!.name, status: "READY" });
    const patches = spaceRequests(sandbox, id).filter((r) => r.method === "PATCH");
    expect(patches.map((r) => r.body)).toEqual([{ description: "after" }]);
    expect(sandbox.state.numspot.spaces.get(id)?.description).toBe("after");
  });

  it("replaces the space when the organisation changes", async () => {
    const { id, outs, inputs } = await up({ name: unique("move"), description: "d" });
    const news = { ...inputs, organisationId: OTHER_ORG };
    expect(await spaceProvider.diff(id, outs!, news)).toEqual({
      changes: true,
      replaces: ["organisationId"],
      deleteBeforeReplace: false,
    });
    // The engine then creates the new space and deletes the old one.
    const moved = await spaceProvider.create(news);
    expect(moved.outs).toMatchObject({ organisationId: OTHER_ORG, status: "READY" });
    await spaceProvider.delete(id, outs!);
    expect(sandbox.state.numspot.spaces.has(id)).toBe(false);
    expect(sandbox.state.numspot.spaces.get(moved.id)?.organisationId).toBe(OTHER_ORG);
  });

  it("reads the live space with one GET, reporting drift in inputs", async () => {
    const { id, outs } = await up({ name: unique("drift"), description: "as declared", timeouts: { delete: 30 } });
    sandbox.state.numspot.spaces.get(id)!.description = "changed by hand";
    const before = sandbox.requests.length;
    const read = await spaceProvider.read(id, outs!);
    expect(sandbox.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /organisations/${org()}/spaces/${id}`,
    ]);
    expect(read).toMatchObject({ id, props: { description: "changed by hand", status: "READY" } });
    expect(read.inputs).toEqual({
      organisationId: org(),
      name: outs!.name,
      description: "changed by hand",
      timeouts: { delete: 30 },
    });
    expect((await spaceProvider.diff(id, read.props!, { ...outs, description: "as declared" })).changes).toBe(true);
  });

  it("reads a space that no longer exists as an empty id", async () => {
    const { id, outs } = await up({ name: unique("gone"), description: "d" });
    sandbox.state.numspot.spaces.delete(id);
    expect(await spaceProvider.read(id, outs!)).toEqual({ id: "", props: {} });
  });

  it("deletes and confirms the space is gone; deleting it again succeeds", async () => {
    const { id, outs } = await up({ name: unique("bye"), description: "d" });
    const before = sandbox.requests.length;
    await spaceProvider.delete(id, outs!);
    const path = `/organisations/${org()}/spaces/${id}`;
    expect(sandbox.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `DELETE ${path} 204`,
      `GET ${path} 404`,
    ]);
    expect(sandbox.state.numspot.spaces.has(id)).toBe(false);
    await spaceProvider.delete(id, outs!);
  });
});

describe("numspot.Space check", () => {
  const assertNoRequest = async (news: Record<string, unknown>) => {
    const before = sandbox.requests.length;
    const result = await spaceProvider.check({}, news);
    expect(sandbox.requests.length).toBe(before);
    return result.failures ?? [];
  };

  it("rejects a 51-character name, an empty description and wrong types, property by property, offline", async () => {
    const failures = await assertNoRequest({
      name: "n".repeat(51),
      description: "",
      timeouts: { create: "soon" },
      adopt: "yes",
    });
    expect(failures.map((f) => f.property).sort()).toEqual(["adopt", "description", "name", "timeouts.create"]);
    expect(failures.find((f) => f.property === "name")?.reason).toContain("at most 50 characters");

    const typed = await assertNoRequest({ name: 5, description: ["x"], organisationId: "not-a-uuid" });
    expect(typed.map((f) => f.property).sort()).toEqual(["description", "name", "organisationId"]);
    expect(await assertNoRequest({ name: "ok", description: "d".repeat(301), colour: "red" })).toHaveLength(2);
  });

  it("reports missing credentials on connection.clientId and connection.clientSecret with how to set them", async () => {
    delete process.env.NUMSPOT_CLIENT_ID;
    delete process.env.NUMSPOT_CLIENT_SECRET;
    const failures = await assertNoRequest({ name: "ok", description: "d" });
    expect(failures.map((f) => f.property)).toEqual(["connection.clientId", "connection.clientSecret"]);
    expect(failures[0]!.reason).toContain("numspot:clientId");
    expect(failures[0]!.reason).toContain("NUMSPOT_CLIENT_ID");
    expect(failures[1]!.reason).toContain("pulumi config set --secret numspot:clientSecret");
    // A per-resource connection is enough.
    const withConnection = await assertNoRequest({
      name: "ok",
      description: "d",
      connection: { clientId: "a", clientSecret: "b", host: sandbox.urls.numspot },
    });
    expect(withConnection).toEqual([]);
  });
});
