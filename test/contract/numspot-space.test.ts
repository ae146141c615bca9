import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeAllPools } from "../../src/client/http";
import { numspotClient } from "../../src/client/numspot/client";
import { getSpace, listSpaces } from "../../src/client/numspot/space";
import { resetStackConfig } from "../../src/resources/config";
import { spaceProvider } from "../../src/resources/numspot/space";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { numspotContract } from "../support/numspot-openapi";
import { describeWithShared } from "../support/shared";

/**
 * Numspot's own OpenAPI as the judge of both sides: the Space implementation and its client run a whole lifecycle
 * (token, create, wait, list pages, adopt, update, read, delete, refused and expired credentials) against the sandbox
 * through a recording proxy, and every request sent and every answer received must validate against the document.
 */

interface Exchange {
  method: string;
  url: string;
  requestType?: string;
  requestBody: string;
  status: number;
  responseType?: string;
  responseBody: string;
}

let sandbox: Sandbox;
let proxy: Server;
let proxyUrl: string;
const exchanges: Exchange[] = [];

/** Forwards to the sandbox's Numspot server and records each exchange as the client saw it. */
function startProxy(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", async () => {
      const requestBody = Buffer.concat(chunks).toString("utf8");
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === "string" && !["host", "connection", "content-length"].includes(key)) headers[key] = value;
      }
      const answer = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers,
        body: requestBody === "" ? undefined : requestBody,
      });
      const responseBody = await answer.text();
      exchanges.push({
        method: req.method!,
        url: req.url!,
        requestType: req.headers["content-type"],
        requestBody,
        status: answer.status,
        responseType: answer.headers.get("content-type") ?? undefined,
        responseBody,
      });
      const out: Record<string, string> = {};
      answer.headers.forEach((value, key) => {
        if (!["content-length", "transfer-encoding", "connection", "keep-alive"].includes(key)) out[key] = value;
      });
      res.writeHead(answer.status, out);
      res.end(responseBody);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const parse = (text: string, type?: string): unknown =>
  text === "" ? undefined : type?.includes("json") ? JSON.parse(text) : text;

beforeAll(async () => {
  sandbox = await startSandbox({ numspot: { queuedMs: 50, runningMs: 100 } });
  proxy = await startProxy(sandbox.urls.numspot);
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  resetStackConfig();
});

afterAll(async () => {
  await closeAllPools();
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await sandbox?.stop();
});

describeWithShared("Numspot space contract (OpenAPI european-20250505)", () => {
  it("every request the client sends and every sandbox answer validate against the OpenAPI", async () => {
    const organisationId = sandbox.credentials.numspotOrganisationId;
    const connection = {
      host: proxyUrl,
      clientId: sandbox.credentials.numspotClientId,
      clientSecret: sandbox.credentials.numspotClientSecret,
    };
    const inputs = { organisationId, name: "contract-space", description: "Contract", connection };

    // Create (token, POST answering QUEUED, GETs until READY), update, read, adopt (lists), delete (GET 404).
    const created = await spaceProvider.create(inputs);
    const updated = await spaceProvider.update(created.id, created.outs!, { ...inputs, name: "contract-space-2" });
    await spaceProvider.read(created.id, updated.outs!);
    const adopted = await spaceProvider.create({ ...inputs, name: "contract-space-2", adopt: true });
    expect(adopted.id).toBe(created.id);

    // Several pages of spaces.
    const client = numspotClient(connection);
    for (let i = 0; i < 55; i++) {
      const now = new Date().toISOString();
      sandbox.state.numspot.spaces.set(`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, {
        id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        organisationId,
        name: `filler-${i}`,
        description: "filler",
        createdOn: now,
        updatedOn: now,
        lifecycle: { startedAt: Date.now(), queuedMs: 0, runningMs: 0, outcome: "READY" },
      });
    }
    expect((await listSpaces(client, organisationId)).length).toBe(56);

    // The token is revoked: a 401 problem, then a new token.
    sandbox.state.numspot.tokens.clear();
    await getSpace(client, organisationId, created.id);

    await spaceProvider.delete(created.id, updated.outs!);
    expect(await spaceProvider.read(created.id, updated.outs!)).toEqual({ id: "", props: {} });

    // Refused client credentials: the token endpoint's own error shape.
    await expect(
      getSpace(numspotClient({ ...connection, clientSecret: "wrong-secret" }), organisationId, created.id),
    ).rejects.toThrow(/invalid_client/);

    const contract = numspotContract();
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const exchange of exchanges) {
      const { method, url, status } = exchange;
      const path = url.split("?")[0]!;
      const operation = contract.operation(method, path);
      seen.add(`${operation?.operationId ?? "?"} ${status}`);
      const request =
        exchange.requestType?.includes("form") || exchange.requestBody === ""
          ? exchange.requestBody
          : JSON.parse(exchange.requestBody);
      const where = `${method} ${url} → ${status}`;
      for (const error of contract.validateRequest(method, url, request, exchange.requestType)) {
        problems.push(`${where} request: ${error}`);
      }
      const body = parse(exchange.responseBody, exchange.responseType);
      for (const error of contract.validateResponse(method, path, status, body, exchange.responseType)) {
        problems.push(`${where} answer: ${error}`);
      }
    }
    expect(problems).toEqual([]);
    // The run covered every space operation, success and error answers alike.
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        "Token 200",
        "Token 401",
        "CreateSpace 200",
        "GetSpaceById 200",
        "GetSpaceById 401",
        "GetSpaceById 404",
        "ListSpaces 200",
        "UpdateSpace 204",
        "DeleteSpace 204",
      ]),
    );
    // Nothing outside the document was called.
    expect([...seen].filter((key) => key.startsWith("?"))).toEqual([]);
  });
});
