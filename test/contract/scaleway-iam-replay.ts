/**
 * Shared by the IAM cassette contract tests: a front server that answers GET /permission-sets (the one read-only
 * request of ours the recordings lack) and forwards the rest to the replay server, the engine's steps per resource,
 * and the check that what we sent are recorded requests in recorded order (a Go SDK `null` equals an absent key).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect } from "vitest";
import { closeAllPools } from "../../src/client/http";
import { resetStackConfig } from "../../src/resources/config";
import type { EntityProvider } from "../../src/resources/provider";
import { PERMISSION_SETS } from "../../src/sandbox/scaleway/permission-sets";
import { type Cassette, loadCassette } from "../support/cassettes";
import { diffValues, type ReplayServer, startReplayServer } from "../support/replay-server";

export const ORG = "105bdce1-64c0-48ab-899d-868455867ecf";
export const KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO opensource@scaleway.com";
export type Props = Record<string, any>;

/** Null-valued keys dropped at any depth: the Go SDK's `null` means "not set". */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

/** Each request we sent was answered by a recorded interaction with the same body, in recorded order. */
export function expectRecordedOrder(server: ReplayServer, cassette: Cassette) {
  expect(server.unmatched.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  let previous = -1;
  for (const request of server.received) {
    const index = request.interaction!;
    expect(index, `${request.method} ${request.path} answered out of recorded order`).toBeGreaterThan(previous);
    previous = index;
    const recorded = cassette.interactions[index]!.request;
    const label = `${request.method} ${request.path}`;
    expect(diffValues(withoutNulls(request.body), withoutNulls(recorded.body), "body"), label).toEqual([]);
  }
  return server.received.length;
}

/** What the engine does per resource: check, then create, or diff and update; read; delete. */
export class Steps {
  private readonly resources = new Map<string, { provider: EntityProvider; id: string; outs: Props }>();

  async up(name: string, provider: EntityProvider, news: Props): Promise<Props> {
    const existing = this.resources.get(name);
    const checked = await provider.check(existing?.outs ?? {}, news);
    expect(checked.failures, name).toEqual([]);
    const inputs = checked.inputs!;
    if (!existing) {
      const created = await provider.create(inputs);
      this.resources.set(name, { provider, id: created.id, outs: created.outs });
      return created.outs;
    }
    const diff = await provider.diff(existing.id, existing.outs, inputs);
    expect(diff.replaces ?? [], name).toEqual([]);
    if (diff.changes) existing.outs = (await provider.update(existing.id, existing.outs, inputs)).outs!;
    return existing.outs;
  }

  id(name: string): string {
    return this.resources.get(name)!.id;
  }

  async refresh(name: string): Promise<Props> {
    const r = this.resources.get(name)!;
    const read = await r.provider.read(r.id, r.outs);
    expect(read.id, `${name} is gone`).toBe(r.id);
    r.outs = read.props!;
    return r.outs;
  }

  async down(name: string): Promise<void> {
    const r = this.resources.get(name)!;
    await r.provider.delete(r.id, r.outs);
  }

  async gone(name: string): Promise<void> {
    const r = this.resources.get(name)!;
    expect((await r.provider.read(r.id, r.outs)).id, `${name} should be gone`).toBe("");
  }
}

/** Answers GET /permission-sets itself and forwards the rest to the replay server. */
export async function startFront(target: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://front.invalid");
    if (req.method === "GET" && url.pathname === "/iam/v1alpha1/permission-sets") {
      expect(url.searchParams.get("organization_id")).toBe(ORG);
      const body = { permission_sets: PERMISSION_SETS, total_count: PERMISSION_SETS.length };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = await fetch(`${target()}${req.url}`, {
      method: req.method,
      headers: { "content-type": "application/json", "x-auth-token": String(req.headers["x-auth-token"] ?? "") },
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const text = await answer.text();
    res
      .writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" })
      .end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Installs the front and replay servers for one test file; answers the function that replays one cassette. */
export function useIamReplay() {
  let replay: ReplayServer | undefined;
  let front: { url: string; server: Server };
  const env = { ...process.env };
  const replayed: Record<string, number> = {};

  beforeAll(async () => {
    resetStackConfig();
    process.env.SCW_SECRET_KEY = "11111111-1111-1111-1111-111111111111";
    process.env.SCW_DEFAULT_ORGANIZATION_ID = ORG;
    delete process.env.SCW_DEFAULT_PROJECT_ID;
    front = await startFront(() => replay!.url);
    process.env.SCW_API_URL = front.url;
  });
  afterAll(async () => {
    process.env = env;
    await replay?.stop();
    await new Promise((resolve) => front?.server.close(resolve));
    await closeAllPools();
    console.log(`IAM cassettes replayed (requests matched): ${JSON.stringify(replayed)}`);
  });

  /**
   * Runs the steps against the cassette and checks what was sent. The policy cassettes begin with Terraform's test
   * set-up (a project, an application, a policy and an API key for the test's own credentials), which is no step of
   * ours; its policy POST is sent as recorded so that ours is answered by the recorded answer to ours.
   */
  async function replayCassette(name: string, steps: (s: Steps) => Promise<void>) {
    await replay?.stop();
    const cassette = loadCassette(name);
    replay = await startReplayServer(cassette);
    if (name.startsWith("policy-")) {
      const setUp = cassette.interactions.find(
        (i) => i.request.method === "POST" && i.request.path.endsWith("/policies"),
      )!;
      await fetch(`${replay.url}${setUp.request.path}`, { method: "POST", body: setUp.request.bodyText });
      replay.received.shift();
    }
    await steps(new Steps());
    replayed[name] = expectRecordedOrder(replay, cassette);
  }
  return replayCassette;
}
