import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ServerError, UnauthorizedError } from "../../src/client/errors";
import { closeAllPools } from "../../src/client/http";
import { NumspotCredentialsError, refreshMarginMs, TokenSource } from "../../src/client/numspot/auth";
import {
  createNumspotClient,
  type NumspotConnection,
  numspotBaseUrl,
  numspotClient,
  numspotTokenSource,
} from "../../src/client/numspot/client";
import { closeServer, failure, listenOnLoopback } from "../support/loopback";

/**
 * The Numspot token cache against a real loopback server playing both the token endpoint and an API endpoint:
 * one token for many concurrent calls, renewal before expiry, one renewal after a 401, no secret in any error.
 */

const CLIENT_ID = "5b0c7a8e-2d7f-4c39-9e61-0d1f8f4b8a11";
const CLIENT_SECRET = "s3cr3t-client-secret-value";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let baseUrl: string;
let seen: Seen[];
/** Token endpoint behaviour: returns the answer for the n-th token request (from 1). */
let tokenAnswer: (n: number, req: Seen, res: ServerResponse) => void;
/** API behaviour given the bearer token presented. */
let apiAnswer: (token: string | undefined, req: Seen, res: ServerResponse) => void;
let tokenRequests: number;

function json(res: ServerResponse, status: number, body: unknown, type = "application/json") {
  res.writeHead(status, { "content-type": type });
  res.end(JSON.stringify(body));
}

const issueToken = (n: number, _req: Seen, res: ServerResponse) =>
  json(res, 200, { access_token: `access-token-${n}-abcdef`, expires_in: 3600, token_type: "bearer" });

/** Accepts only the given tokens. */
const acceptOnly =
  (...valid: string[]) =>
  (token: string | undefined, _req: Seen, res: ServerResponse) => {
    if (token && valid.includes(token)) json(res, 200, { ok: true, token });
    else
      json(
        res,
        401,
        { type: "https://portal.api.numspot.com/errors#inactive_token", title: "Inactive token" },
        "application/problem+json",
      );
  };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const entry = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(entry);
      if (req.url === "/iam/token") {
        tokenRequests++;
        // A little latency so concurrent callers really overlap with the request in flight.
        const n = tokenRequests;
        setTimeout(() => tokenAnswer(n, entry, res), 20);
        return;
      }
      const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
      apiAnswer(bearer, entry, res);
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
  tokenRequests = 0;
  tokenAnswer = issueToken;
  apiAnswer = acceptOnly("access-token-1-abcdef", "access-token-2-abcdef");
});

const FAST_RETRY = { retries: 2, minDelayMs: 1, maxDelayMs: 5, maxTotalMs: 2_000 };

function connection(overrides: Partial<NumspotConnection> = {}): NumspotConnection {
  return { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, host: baseUrl, retry: FAST_RETRY, ...overrides };
}

/** A client over its own token source, with a clock the test moves. */
function fixture() {
  const clock = { t: 0 };
  const conn = connection();
  const tokens = new TokenSource({
    baseUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    retry: FAST_RETRY,
    now: () => clock.t,
  });
  return { clock, tokens, http: createNumspotClient(conn, tokens) };
}

const get = (http: ReturnType<typeof createNumspotClient>) =>
  http.request<{ token: string }>({ method: "GET", path: "/x" });

describe("Numspot token request", () => {
  it("is a client-credentials form POST with Basic client_id:client_secret", async () => {
    const { http } = fixture();
    await get(http);
    const tokenRequest = seen.find((r) => r.url === "/iam/token")!;
    expect(tokenRequest.method).toBe("POST");
    expect(tokenRequest.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(tokenRequest.body).toBe("grant_type=client_credentials");
    const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");
    expect(tokenRequest.headers.authorization).toBe(`Basic ${basic}`);
    // The secret travels only in that header.
    expect(tokenRequest.body).not.toContain(CLIENT_SECRET);
    const apiRequest = seen.find((r) => r.url === "/x")!;
    expect(apiRequest.headers.authorization).toBe("Bearer access-token-1-abcdef");
  });

  it("defaults to https://api.<region>.numspot.com, eu-west-2", () => {
    expect(numspotBaseUrl({})).toBe("https://api.eu-west-2.numspot.com");
    expect(numspotBaseUrl({ region: "cloudgouv-eu-west-1" })).toBe("https://api.cloudgouv-eu-west-1.numspot.com");
    expect(numspotBaseUrl({ host: "http://127.0.0.1:9/", region: "cloudgouv-eu-west-1" })).toBe("http://127.0.0.1:9");
  });
});

describe("Numspot token cache", () => {
  it("fetches one token for 20 concurrent first calls", async () => {
    const { http, tokens } = fixture();
    const results = await Promise.all(Array.from({ length: 20 }, () => get(http)));
    expect(tokenRequests).toBe(1);
    expect(tokens.fetches).toBe(1);
    expect(new Set(results.map((r) => r.token))).toEqual(new Set(["access-token-1-abcdef"]));
  });

  it("reuses the token until 10 % (at most 60 s) before expiry, then renews once for 20 concurrent calls", async () => {
    expect(refreshMarginMs(3_600_000)).toBe(60_000);
    expect(refreshMarginMs(100_000)).toBe(10_000);
    tokenAnswer = (n, _req, res) => json(res, 200, { access_token: `access-token-${n}-abcdef`, expires_in: 100 });
    const { http, clock } = fixture();
    await get(http);
    clock.t = 89_999;
    await Promise.all(Array.from({ length: 5 }, () => get(http)));
    expect(tokenRequests).toBe(1);

    clock.t = 90_000;
    const results = await Promise.all(Array.from({ length: 20 }, () => get(http)));
    expect(tokenRequests).toBe(2);
    expect(new Set(results.map((r) => r.token))).toEqual(new Set(["access-token-2-abcdef"]));
  });

  it("after a 401 renews the token once, however many calls were refused, and re-sends them", async () => {
    const { http } = fixture();
    await get(http);
    // The server revokes the first token; its refusals arrive spread over 100 ms, long after the 20 ms renewal, so
    // later refusals must recognise that the token they used was already replaced.
    const accept = acceptOnly("access-token-2-abcdef");
    let refusals = 0;
    apiAnswer = (token, req, res) =>
      token === "access-token-1-abcdef"
        ? setTimeout(() => accept(token, req, res), 5 * refusals++)
        : accept(token, req, res);
    const results = await Promise.all(Array.from({ length: 20 }, () => get(http)));
    expect(tokenRequests).toBe(2);
    expect(results.every((r) => r.token === "access-token-2-abcdef")).toBe(true);
    // Each refused call was re-sent exactly once.
    const apiCalls = seen.filter((r) => r.url === "/x");
    expect(apiCalls).toHaveLength(1 + 20 + 20);
  });

  it("gives up after one renewal when the new token is refused too", async () => {
    apiAnswer = acceptOnly();
    const { http } = fixture();
    const error = await failure(get(http));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(tokenRequests).toBe(2);
    expect(seen.filter((r) => r.url === "/x")).toHaveLength(2);
    expect(error.message).not.toMatch(/access-token-\d/);
  });

  it("retries the token request through a 5xx", async () => {
    tokenAnswer = (n, req, res) =>
      n === 1 ? json(res, 503, { error: "temporarily_unavailable" }) : issueToken(n, req, res);
    const { http } = fixture();
    expect((await get(http)).token).toBe("access-token-2-abcdef");
  });

  it("shares one token source between clients of the same credentials", () => {
    expect(numspotTokenSource(connection())).toBe(numspotTokenSource(connection({ timeoutMs: 5_000 })));
    expect(numspotTokenSource(connection())).not.toBe(numspotTokenSource(connection({ clientSecret: "other" })));
    expect(numspotClient(connection())).toBe(numspotClient(connection()));
  });
});

describe("Numspot credentials in errors", () => {
  it("reports refused client credentials once, without retrying or renewing, and without the secret", async () => {
    tokenAnswer = (_n, _req, res) =>
      json(res, 401, { error: "invalid_client", error_description: `Client authentication failed (${CLIENT_SECRET})` });
    const { http } = fixture();
    const error = await failure(get(http));
    expect(error).toBeInstanceOf(NumspotCredentialsError);
    expect(error).not.toBeInstanceOf(UnauthorizedError);
    expect(error.status).toBe(401);
    expect(error.message).toContain("invalid_client");
    expect(error.message).toContain(CLIENT_ID);
    expect(error.message).toContain("NUMSPOT_CLIENT_SECRET");
    expect(error.message).not.toContain(CLIENT_SECRET);
    expect(error.message).not.toContain(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64"));
    expect(JSON.stringify(error.details)).not.toContain(CLIENT_SECRET);
    expect(tokenRequests).toBe(1);
    expect(seen.filter((r) => r.url === "/x")).toHaveLength(0);
  });

  it("masks the access token and the secret that an API error echoes", async () => {
    apiAnswer = (token, req, res) =>
      json(
        res,
        400,
        {
          type: "https://portal.api.numspot.com/errors#invalid_parameter",
          title: "Invalid parameter",
          detail: `got header ${req.headers.authorization} for token ${token} and ${CLIENT_SECRET}`,
        },
        "application/problem+json",
      );
    const { http } = fixture();
    const error = await failure(get(http));
    expect(error.status).toBe(400);
    const text = `${error.message} ${JSON.stringify(error.details)}`;
    expect(text).toContain("[REDACTED]");
    expect(text).not.toContain("access-token-1-abcdef");
    expect(text).not.toContain(CLIENT_SECRET);
  });

  it("masks credentials from a token endpoint that keeps failing", async () => {
    tokenAnswer = (_n, _req, res) => json(res, 500, { error: "server_error", error_description: CLIENT_SECRET });
    const { http } = fixture();
    const error = await failure(get(http));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).not.toContain(CLIENT_SECRET);
    expect(tokenRequests).toBe(3);
  });
});
