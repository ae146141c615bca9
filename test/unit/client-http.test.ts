import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NetworkError, NotFoundError, ServerError, UnauthorizedError } from "../../src/client/errors";
import {
  buildQuery,
  closeAllPools,
  defaultTimeoutMs,
  HttpClient,
  type HttpClientOptions,
  poolFor,
} from "../../src/client/http";
import { closeServer, failure, listenOnLoopback } from "../support/loopback";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}
type Handler = (req: Seen, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
let seen: Seen[];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const entry = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(entry);
      handler(entry, res);
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

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Answers with the given handlers in turn, repeating the last one. */
function sequence(...steps: Handler[]): Handler {
  let i = 0;
  return (req, res) => steps[Math.min(i++, steps.length - 1)]!(req, res);
}

const reset: Handler = (_req, res) => res.socket?.destroy();
const ok: Handler = (_req, res) => json(res, 200, { ok: true });

function client(overrides: Partial<HttpClientOptions> = {}) {
  const delays: number[] = [];
  const http = new HttpClient({
    system: "scaleway",
    baseUrl,
    authHeaders: () => ({ "X-Auth-Token": "tok-1234567890" }),
    timeoutMs: 2_000,
    retry: { retries: 3, minDelayMs: 1, maxDelayMs: 5, maxTotalMs: 5_000 },
    sleep: async (ms) => void delays.push(ms),
    ...overrides,
  });
  return { http, delays };
}

describe("HttpClient", () => {
  it("sends JSON with auth, Accept, the base path and a repeated-key query; parses the answer", async () => {
    handler = (_req, res) => json(res, 200, { id: "a1" }, { "x-request-id": "rid-1" });
    const { http } = client({ baseUrl: `${baseUrl}/api/` });
    const full = await http.requestFull<{ id: string }>({
      method: "POST",
      path: "/iam/v1alpha1/applications",
      query: { ids: ["x", "y"], page: 2, absent: undefined, none: null, flag: true },
      body: { name: "ci" },
    });
    expect(full).toMatchObject({ status: 200, body: { id: "a1" }, requestId: "rid-1" });
    const [req] = seen;
    expect(req!.url).toBe("/api/iam/v1alpha1/applications?ids=x&ids=y&page=2&flag=true");
    expect(req!.headers["x-auth-token"]).toBe("tok-1234567890");
    expect(req!.headers.accept).toBe("application/json");
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req!.body)).toEqual({ name: "ci" });
  });

  it("appends a query to a path that already has one", () => {
    expect(buildQuery({ "page[size]": 2, x: undefined }, "/a?b=1")).toBe("&page%5Bsize%5D=2");
    expect(buildQuery({ x: undefined }, "/a")).toBe("");
  });

  it("sends forms url-encoded", async () => {
    handler = ok;
    await client().http.request({ method: "POST", path: "/iam/token", form: { grant_type: "client_credentials" } });
    expect(seen[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(seen[0]!.body).toBe("grant_type=client_credentials");
  });

  it("returns undefined for a 204 with an empty body", async () => {
    handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    expect(await client().http.request({ method: "DELETE", path: "/x" })).toBeUndefined();
  });

  it("throws a typed, parsed error with the request id", async () => {
    handler = (_req, res) =>
      json(
        res,
        404,
        { message: "resource is not found", resource: "application", resource_id: "x", type: "not_found" },
        {
          "x-request-id": "rid-404",
        },
      );
    const err = await failure(
      client().http.request({ method: "GET", path: "/iam/v1alpha1/applications/x", query: { a: 1 } }),
    );
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe(
      "scaleway GET /iam/v1alpha1/applications/x failed: 404 not_found: resource is not found (application x) (request id rid-404)",
    );
    expect(seen).toHaveLength(1);
  });

  it("honours Retry-After on a 429 and then succeeds, even for a POST", async () => {
    handler = sequence((_req, res) => json(res, 429, { type: "too_many_requests" }, { "retry-after": "2" }), ok);
    const { http, delays } = client();
    expect(await http.request({ method: "POST", path: "/x", body: {} })).toEqual({ ok: true });
    expect(delays).toEqual([2000]);
    expect(seen).toHaveLength(2);
  });

  it("retries a GET through 5xx and connection resets", async () => {
    handler = sequence((_req, res) => json(res, 503, { type: "unavailable" }), reset, ok);
    expect(await client().http.request({ method: "GET", path: "/x" })).toEqual({ ok: true });
    expect(seen).toHaveLength(3);
  });

  it("does not re-send a POST whose connection was reset after sending, without recover", async () => {
    handler = sequence(reset, ok);
    const err = await failure(
      client().http.request({ method: "POST", path: "/iam/v1alpha1/applications", body: { name: "ci" } }),
    );
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.phase).toBe("sent");
    expect(err.message).toMatch(/^scaleway POST \/iam\/v1alpha1\/applications failed: connection lost/);
    expect(seen).toHaveLength(1);
  });

  it("recovers a POST that acted before its answer was lost, instead of sending it twice", async () => {
    handler = sequence(reset, ok);
    let lookups = 0;
    const result = await client().http.request({
      method: "POST",
      path: "/x",
      body: { name: "ci" },
      recover: async () => {
        lookups++;
        return { ok: "recovered" };
      },
    });
    expect(result).toEqual({ ok: "recovered" });
    expect(lookups).toBe(1);
    expect(seen).toHaveLength(1);
  });

  it("times out a slow answer per attempt, as 'sent', and retries a GET", async () => {
    handler = sequence((_req, res) => setTimeout(() => ok(_req, res), 2_000), ok);
    const { http } = client({ timeoutMs: 300 });
    const started = Date.now();
    expect(await http.request({ method: "GET", path: "/slow" })).toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(1_800);

    handler = (req, res) => setTimeout(() => ok(req, res), 2_000);
    const err = await failure(http.request({ method: "POST", path: "/slow" }));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.phase).toBe("sent");
    expect(err.message).toContain("no complete answer within 300ms");
  });

  it("takes the per-attempt timeout from EUROSTACK_REQUEST_TIMEOUT_MS when the client sets none", async () => {
    expect(defaultTimeoutMs({})).toBe(30_000);
    expect(defaultTimeoutMs({ EUROSTACK_REQUEST_TIMEOUT_MS: "250" })).toBe(250);
    for (const bad of ["", "0", "-5", "soon"])
      expect(defaultTimeoutMs({ EUROSTACK_REQUEST_TIMEOUT_MS: bad })).toBe(30_000);

    const saved = process.env.EUROSTACK_REQUEST_TIMEOUT_MS;
    process.env.EUROSTACK_REQUEST_TIMEOUT_MS = "250";
    try {
      handler = (req, res) => setTimeout(() => ok(req, res), 2_000);
      const err = await failure(client({ timeoutMs: undefined }).http.request({ method: "POST", path: "/slow" }));
      expect(err).toBeInstanceOf(NetworkError);
      expect(err.message).toContain("no complete answer within 250ms");
    } finally {
      if (saved === undefined) delete process.env.EUROSTACK_REQUEST_TIMEOUT_MS;
      else process.env.EUROSTACK_REQUEST_TIMEOUT_MS = saved;
    }
  });

  it("re-sends even a POST when the connection was refused, and reports phase connect", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    let attempts = 0;
    const { http } = client({
      baseUrl: `http://127.0.0.1:${port}`,
      authHeaders: () => {
        attempts++;
        return {};
      },
    });
    const err = await failure(http.request({ method: "POST", path: "/x", body: {} }));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.phase).toBe("connect");
    expect(attempts).toBe(4);
  });

  it("refreshes credentials once on a 401 and re-sends", async () => {
    let token = "old-token-123456";
    handler = (req, res) =>
      req.headers.authorization === "Bearer new-token-654321"
        ? ok(req, res)
        : json(res, 401, { title: "Unauthorized" });
    let refreshes = 0;
    const { http } = client({
      system: "numspot",
      authHeaders: () => ({ Authorization: `Bearer ${token}` }),
      onUnauthorized: async () => {
        refreshes++;
        token = "new-token-654321";
        return true;
      },
    });
    expect(await http.request({ method: "POST", path: "/x" })).toEqual({ ok: true });
    expect(refreshes).toBe(1);
    expect(seen).toHaveLength(2);

    token = "old-token-123456";
    seen = [];
    const stubborn = client({
      authHeaders: () => ({ Authorization: `Bearer ${token}` }),
      onUnauthorized: async () => true,
    });
    await expect(stubborn.http.request({ method: "GET", path: "/x" })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(seen).toHaveLength(2);
  });

  it("keeps credentials and listed secrets out of error messages", async () => {
    handler = (req, res) =>
      json(res, 400, { type: "invalid_arguments", message: `bad ${req.headers["x-auth-token"]} and s3cr3t-password` });
    const { http } = client({ secrets: () => ["s3cr3t-password"] });
    const err = await failure(http.request({ method: "POST", path: "/x", body: { password: "s3cr3t-password" } }));
    expect(err.message).toContain("[REDACTED]");
    expect(err.message).not.toContain("tok-1234567890");
    expect(err.message).not.toContain("s3cr3t-password");
    expect(JSON.stringify(err.details)).not.toContain("tok-1234567890");
  });

  it("does not retry when obtaining credentials fails", async () => {
    let calls = 0;
    const authError = new ServerError({
      status: 503,
      code: "x",
      system: "numspot",
      method: "POST",
      path: "/iam/token",
      message: "down",
    });
    const { http } = client({
      authHeaders: () => {
        calls++;
        throw authError;
      },
    });
    await expect(http.request({ method: "GET", path: "/x" })).rejects.toBe(authError);
    expect(calls).toBe(1);
  });

  it("shares one pool per origin and replaces closed ones", async () => {
    const a = poolFor(baseUrl);
    expect(poolFor(`${baseUrl}/other/path`)).toBe(a);
    await closeAllPools();
    expect(a.closed).toBe(true);
    expect(poolFor(baseUrl)).not.toBe(a);
  });
});
