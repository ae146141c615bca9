import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeAllPools } from "../../src/client/http";
import { numspotClient } from "../../src/client/numspot/client";
import { createSpace, listSpaces, SpaceSchema } from "../../src/client/numspot/space";
import { resetStackConfig } from "../../src/resources/config";
import { spaceProvider } from "../../src/resources/numspot/space";
import { UNKNOWN } from "../../src/resources/provider";
import { closeServer, listenOnLoopback } from "../support/loopback";

/** Space endpoints against a loopback server, and the pure parts of the Space implementation (check, diff). */

const ORG = "6a1f9d5e-3b2c-4e8f-9a7d-1c2b3d4e5f60";
let server: Server;
let baseUrl: string;
let seen: { method: string; url: string; body: string }[];
let handler: (req: IncomingMessage & { body: string }, res: ServerResponse) => void;

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function space(n: number, extra: Record<string, unknown> = {}) {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    organisationId: ORG,
    name: `space-${n}`,
    description: `Space ${n}`,
    status: "READY",
    createdOn: "2025-05-05T10:00:00Z",
    updatedOn: "2025-05-05T10:00:00Z",
    ...extra,
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      if (req.url === "/iam/token") return json(res, 200, { access_token: "unit-access-token", expires_in: 3600 });
      seen.push({ method: req.method!, url: req.url!, body });
      handler(Object.assign(req, { body }), res);
    });
  });
  baseUrl = await listenOnLoopback(server);
});

afterAll(async () => {
  await closeAllPools();
  await closeServer(server);
});

beforeEach(() => {
  seen = [];
});

const client = () =>
  numspotClient({
    clientId: "unit-client",
    clientSecret: "unit-secret-value",
    host: baseUrl,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2, maxTotalMs: 1_000 },
  });

describe("space endpoints", () => {
  it("lists every page, following nextPageToken with page[size]=50 and page[nextToken]", async () => {
    handler = (req, res) => {
      const query = new URL(req.url!, "http://x").searchParams;
      const token = query.get("page[nextToken]");
      if (!token) return json(res, 200, { items: [space(1), space(2)], nextPageToken: "p2", totalSize: 3 });
      if (token === "p2") return json(res, 200, { items: [space(3)], totalSize: 3 });
      json(res, 400, { type: "x", title: "bad token" });
    };
    const spaces = await listSpaces(client(), ORG);
    expect(spaces.map((s) => s.name)).toEqual(["space-1", "space-2", "space-3"]);
    expect(seen.map((r) => decodeURIComponent(r.url))).toEqual([
      `/organisations/${ORG}/spaces?page[size]=50`,
      `/organisations/${ORG}/spaces?page[size]=50&page[nextToken]=p2`,
    ]);
  });

  it("reads what a server may send beyond the document: unknown status, null dates and description", () => {
    const parsed = SpaceSchema.parse(space(1, { status: "DELETING", createdOn: null, description: null, extra: 1 }));
    expect(parsed.status).toBe("DELETING");
    expect(parsed).not.toHaveProperty("extra");
  });

  it("recovers a create whose answer was lost instead of creating a second space", async () => {
    let created = false;
    handler = (req, res) => {
      if (req.method === "POST") {
        created = true;
        return res.socket?.destroy();
      }
      json(res, 200, { items: created ? [space(7, { name: "dev", status: "QUEUED" })] : [] });
    };
    let recovered = 0;
    const result = await createSpace(client(), ORG, { name: "dev", description: "Dev" }, async () => {
      recovered++;
      return (await listSpaces(client(), ORG)).find((s) => s.name === "dev");
    });
    expect(result.name).toBe("dev");
    expect(recovered).toBe(1);
    expect(seen.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});

describe("Space check and diff", () => {
  const env = { ...process.env };
  beforeEach(() => {
    resetStackConfig();
    process.env.NUMSPOT_CLIENT_ID = "id-from-env";
    process.env.NUMSPOT_CLIENT_SECRET = "secret-from-env";
    delete process.env.NUMSPOT_ORGANISATION_ID;
  });
  afterEach(() => {
    process.env = { ...env };
  });

  const valid = { organisationId: ORG, name: "dev", description: "Dev space" };

  it("fills the organisation from NUMSPOT_ORGANISATION_ID", async () => {
    process.env.NUMSPOT_ORGANISATION_ID = ORG;
    const result = await spaceProvider.check({}, { name: "dev", description: "Dev" });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ organisationId: ORG, name: "dev", description: "Dev" });
  });

  it("reports a missing organisation and a default that is not a UUID", async () => {
    let result = await spaceProvider.check({}, { name: "dev", description: "Dev" });
    expect(result.failures?.map((f) => f.property)).toEqual(["organisationId"]);
    expect(result.failures?.[0]?.reason).toContain("NUMSPOT_ORGANISATION_ID");
    process.env.NUMSPOT_ORGANISATION_ID = "my-org";
    result = await spaceProvider.check({}, { name: "dev", description: "Dev" });
    expect(result.failures?.[0]?.reason).toMatch(
      /"my-org" \(numspot:organisationId \/ NUMSPOT_ORGANISATION_ID\).*must be a UUID/,
    );
  });

  it("tolerates values not known yet, including the whole connection", async () => {
    delete process.env.NUMSPOT_CLIENT_ID;
    const news = { organisationId: UNKNOWN, name: UNKNOWN, description: "Dev", connection: UNKNOWN };
    const result = await spaceProvider.check({}, news);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual(news);
  });

  it("validates timeouts as positive seconds", async () => {
    const result = await spaceProvider.check({}, { ...valid, timeouts: { create: -1, delete: "10", destroy: 5 } });
    expect(result.failures?.map((f) => f.property).sort()).toEqual([
      "timeouts.create",
      "timeouts.delete",
      "timeouts.destroy",
    ]);
  });

  it("changes name and description in place and replaces on a new organisation", async () => {
    const olds = { ...valid, status: "READY", createdOn: "x", updatedOn: "x", adopted: false };
    expect(await spaceProvider.diff("id", olds, { ...valid })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await spaceProvider.diff("id", olds, { ...valid, name: "dev2", description: "Other" })).toMatchObject({
      changes: true,
      replaces: [],
    });
    const other = "7b2e0c6f-4d3e-4f90-8b8e-2d3c4e5f6a71";
    expect(await spaceProvider.diff("id", olds, { ...valid, organisationId: other })).toEqual({
      changes: true,
      replaces: ["organisationId"],
      deleteBeforeReplace: false,
    });
  });

  it("records a timeout change (delete reads it from state) but not a restated default", async () => {
    const olds = { ...valid, status: "READY" };
    expect((await spaceProvider.diff("id", olds, { ...valid, timeouts: { create: 900, delete: 600 } })).changes).toBe(
      false,
    );
    expect((await spaceProvider.diff("id", olds, { ...valid, timeouts: { delete: 60 } })).changes).toBe(true);
  });

  it("replaces a FAILED space, deleting it first", async () => {
    const olds = { ...valid, status: "FAILED" };
    expect(await spaceProvider.diff("id", olds, { ...valid })).toEqual({
      changes: true,
      replaces: ["status"],
      deleteBeforeReplace: true,
    });
  });
});
