import { readFileSync } from "node:fs";
import { STATUS_CODES } from "node:http";
import { afterEach, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type Cassette, listCassettes, loadCassette, parseQuery, querySuffix } from "../support/cassettes";
import { numspotContract } from "../support/numspot-openapi";
import { compareRequests, type ReplayServer, startReplayServer, UNMATCHED_STATUS } from "../support/replay-server";
import { describeWithShared, hasShared } from "../support/shared";

// The contract layer's own tests: the helpers other contract tests rely on, proven on the real shared material.

const ORG = "105bdce1-64c0-48ab-899d-868455867ecf";
const MASKED = "11111111-1111-1111-1111-111111111111";
const SPACE = "2f1c7d0e-5b6a-4e3f-9c8d-7a6b5c4d3e2f";
// Collected only when ../shared exists: a skipped suite still runs its body to list its tests.
const cassetteNames = hasShared() ? listCassettes() : [];

describeWithShared("cassette loader", () => {
  it("finds the recorded Scaleway IAM cassettes", () => {
    expect(cassetteNames.length).toBeGreaterThanOrEqual(12);
    expect(cassetteNames).toContain("application-basic");
    expect(cassetteNames).toContain("group-membership-basic");
  });

  it.each(cassetteNames)("%s loads with consistent interactions", (name) => {
    const cassette = loadCassette(name);
    expect(cassette.name).toBe(name);
    expect(cassette.interactions.length).toBeGreaterThanOrEqual(1);
    // go-vcr also stores the parsed query as `form`; the URL's query must name the same parameters with the same
    // values, except where the sanitizer masked a value in the URL only (the loader then keeps the `form` value).
    const raw = parseYaml(readFileSync(cassette.file, "utf8")).interactions;
    cassette.interactions.forEach((interaction, i) => {
      const { request, response } = interaction;
      expect(request.method).toMatch(/^(GET|POST|PUT|PATCH|DELETE)$/);
      expect(request.path).toMatch(/^\/(iam\/v1alpha1|account\/v3)\//);
      expect(STATUS_CODES[response.status], `${name}#${i}`).toBe(response.statusText);
      expect(raw[i].response.status).toBe(`${response.status} ${response.statusText}`);
      const urlQuery = parseQuery(new URL(request.url).search);
      expect(Object.keys(request.query).sort()).toEqual(Object.keys(urlQuery).sort());
      for (const [key, values] of Object.entries(urlQuery)) {
        if (request.query[key].join() !== values.join()) expect(values, `${name}#${i} ${key}`).toEqual([MASKED]);
      }
      if (response.status === 204) expect(response.body).toBeUndefined();
      else expect(response.body, `${name}#${i}`).toBeTypeOf("object");
      if (response.status >= 400) {
        expect(response.body).toMatchObject({ type: expect.any(String), message: expect.any(String) });
      }
      if (request.bodyText) expect(request.body).toEqual(JSON.parse(request.bodyText));
      else expect(request.body).toBeUndefined();
    });
  });

  it("parses bodies, queries and headers into the documented shape", () => {
    const app = loadCassette("application-basic").interactions[0];
    expect(app.request).toMatchObject({
      method: "POST",
      url: "https://api.scaleway.com/iam/v1alpha1/applications",
      path: "/iam/v1alpha1/applications",
      query: {},
      body: { name: "tf_tests_app_basic", organization_id: ORG, tags: ["tf_tests", "tests"] },
    });
    expect(app.request.headers["content-type"]).toBe("application/json");
    expect(app.response).toMatchObject({ status: 200, statusText: "OK", body: { name: "tf_tests_app_basic" } });
    expect(app.response.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);

    const pages = loadCassette("list-iam-policies-basic").interactions.filter((i) => i.request.query.page);
    expect(pages.map((i) => i.request.query.page[0])).toContain("2");
    expect(pages[0].request.query.order_by).toEqual(["policy_name_asc"]);
    // The URL was sanitized after recording; the query keeps the organization the bodies use.
    expect(pages[0].request.url).toContain(`organization_id=${MASKED}`);
    expect(pages[0].request.query.organization_id).toEqual([ORG]);
    expect(pages[0].response.body).toMatchObject({ policies: expect.any(Array), total_count: expect.any(Number) });
  });
});

describeWithShared("replay server", () => {
  let server: ReplayServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  const send = async (base: string, method: string, pathAndQuery: string, body?: unknown) => {
    const res = await fetch(base + pathAndQuery, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
  };
  const replayAll = async (cassette: Cassette) => {
    server = await startReplayServer(cassette);
    for (const { request, response } of cassette.interactions) {
      const answer = await send(server.url, request.method, request.path + querySuffix(request.query), request.body);
      expect(answer.status).toBe(response.status);
      expect(answer.json).toEqual(response.body);
    }
    return server;
  };

  it("answers a whole recorded sequence with the recorded responses", async () => {
    const cassette = loadCassette("application-basic");
    const s = await replayAll(cassette);
    expect(s.unmatched).toEqual([]);
    expect(s.remaining()).toEqual([]);
    expect(s.received.map((r) => r.interaction)).toEqual(cassette.interactions.map((i) => i.index));
    expect(compareRequests(s.received, cassette.interactions)).toEqual([]);
  });

  it("replays queries, error answers and a 409 followed by its successful retry", async () => {
    for (const name of ["list-iam-policies-basic", "group-membership-basic"]) {
      const s = await replayAll(loadCassette(name));
      expect(s.unmatched).toEqual([]);
      await s.stop();
      server = undefined;
    }
    const membership = loadCassette("group-membership-basic").interactions;
    const conflict = membership.findIndex((i) => i.response.status === 409);
    expect(membership[conflict].response.body).toMatchObject({ type: "transient_state" });
    expect(membership[conflict + 1].request).toMatchObject({ method: "POST", path: membership[conflict].request.path });
    expect(membership[conflict + 1].response.status).toBe(200);
  });

  it("replays headers and empty 204 answers", async () => {
    const cassette = loadCassette("application-basic");
    server = await startReplayServer(cassette);
    const created = await send(server.url, "POST", "/iam/v1alpha1/applications", cassette.interactions[0].request.body);
    expect(created.headers.get("content-type")).toBe("application/json");
    expect(created.headers.get("x-request-id")).toBe(cassette.interactions[0].response.headers["x-request-id"]);
    const id = created.json.id;
    const deleted = await send(server.url, "DELETE", `/iam/v1alpha1/applications/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
  });

  it("serves a repeated request with the answer recorded at that point of the story", async () => {
    const cassette = loadCassette("application-basic");
    server = await startReplayServer(cassette);
    const created = await send(server.url, "POST", "/iam/v1alpha1/applications", cassette.interactions[0].request.body);
    const path = `/iam/v1alpha1/applications/${created.json.id}`;
    expect((await send(server.url, "GET", path)).status).toBe(200);
    expect((await send(server.url, "DELETE", path)).status).toBe(204);
    // The recording has more GETs (200) before the DELETE; the GET after it must get the recorded 404.
    const after = await send(server.url, "GET", path);
    expect(after.status).toBe(404);
    expect(after.json).toMatchObject({ type: "not_found" });
    const diffs = compareRequests(server.received, cassette.interactions);
    expect(diffs.filter((d) => d.startsWith("missing:"))).toHaveLength(8); // 7 GETs and the PATCH not sent
    expect(diffs.every((d) => d.startsWith("missing:"))).toBe(true);
    expect(diffs).toContain(`missing: recorded request 5 PATCH ${path} was not sent`);
  });

  it("answers an unknown request with 599, says what was expected, and records it", async () => {
    const cassette = loadCassette("ssh-key-basic");
    server = await startReplayServer(cassette);
    const answer = await send(server.url, "GET", "/iam/v1alpha1/ssh-keys?page=1");
    expect(answer.status).toBe(UNMATCHED_STATUS);
    expect(answer.json.received).toBe("GET /iam/v1alpha1/ssh-keys?page=1");
    expect(answer.json.expected[0]).toBe("#0 POST /iam/v1alpha1/ssh-keys -> 200");
    expect(server.unmatched).toHaveLength(1);
    expect(server.received[0].interaction).toBeUndefined();
    expect(compareRequests(server.received, cassette.interactions.slice(0, 1))).toEqual([
      "missing: recorded request 0 POST /iam/v1alpha1/ssh-keys was not sent",
      "extra: request 0 GET /iam/v1alpha1/ssh-keys is not in the recording",
    ]);
  });

  it("matches the query unless told not to", async () => {
    const cassette = loadCassette("list-iam-policies-basic");
    const page2 = cassette.interactions.find((i) => i.request.query.page?.[0] === "2")!;
    const wrong = `/iam/v1alpha1/policies?order_by=policy_name_asc&organization_id=${ORG}&page=3`;
    server = await startReplayServer(cassette);
    expect((await send(server.url, "GET", wrong)).status).toBe(UNMATCHED_STATUS);
    // Parameter order does not matter; values do.
    const reordered = `/iam/v1alpha1/policies?page=2&organization_id=${ORG}&order_by=policy_name_asc`;
    const answer = await send(server.url, "GET", reordered);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(page2.response.body);
    await server.stop();

    server = await startReplayServer(cassette, { ignoreQuery: true });
    expect((await send(server.url, "GET", wrong)).status).toBe(200);
    expect(server.unmatched).toEqual([]);
  });

  it("flags an out-of-order request, and refuses it in strict order", async () => {
    const cassette = loadCassette("ssh-key-basic");
    const create = cassette.interactions[0].request;
    const path = `/iam/v1alpha1/ssh-keys/${(cassette.interactions[0].response.body as { id: string }).id}`;

    server = await startReplayServer(cassette, { strictOrder: true });
    const early = await send(server.url, "GET", path);
    expect(early.status).toBe(UNMATCHED_STATUS);
    expect(early.json.expected).toEqual(["#0 POST /iam/v1alpha1/ssh-keys -> 200"]);
    expect((await send(server.url, "POST", "/iam/v1alpha1/ssh-keys", create.body)).status).toBe(200);
    expect((await send(server.url, "DELETE", path)).status).toBe(UNMATCHED_STATUS);
    await server.stop();

    server = await startReplayServer(cassette);
    expect((await send(server.url, "DELETE", path)).status).toBe(204);
    expect((await send(server.url, "POST", "/iam/v1alpha1/ssh-keys", create.body)).status).toBe(200);
    expect(server.received.map((r) => r.outOfOrder)).toEqual([false, true]);
    expect(compareRequests(server.received, cassette.interactions.slice(0, 1))).toEqual([
      `extra: request 0 DELETE ${path} is not in the recording`,
    ]);
  });

  it("compares bodies as JSON: key order ignored, values and ignored keys honoured", () => {
    const recorded = loadCassette("policy-basic").interactions.filter(
      (i) => i.request.path === "/iam/v1alpha1/rules" && i.request.method === "PUT",
    );
    expect(recorded).toHaveLength(1);
    const original = recorded[0].request.body as { policy_id: string; rules: Array<Record<string, unknown>> };
    const reordered = {
      rules: original.rules.map((r) => Object.fromEntries(Object.entries(r).reverse())),
      policy_id: original.policy_id,
    };
    const sent = (body: unknown) => [{ method: "PUT", path: "/iam/v1alpha1/rules", query: {}, body }];
    expect(compareRequests(sent(reordered), recorded)).toEqual([]);

    const changed = structuredClone(original);
    changed.rules[0].condition = "1 == 1";
    const diffs = compareRequests(sent(changed), recorded);
    expect(diffs).toEqual([
      'request 0 (recorded 0) PUT /iam/v1alpha1/rules: body.rules[0].condition: sent "1 == 1", recorded ""',
    ]);
    expect(compareRequests(sent(changed), recorded, { ignoreBodyKeys: ["condition"] })).toEqual([]);
    expect(compareRequests(sent({ ...original, rules: original.rules.slice(1) }), recorded)[0]).toMatch(
      /body\.rules: sent \d+ items, recorded \d+/,
    );
    expect(compareRequests([{ ...sent(original)[0], query: { x: ["1"] } }], recorded)).toEqual([
      "request 0 (recorded 0) PUT /iam/v1alpha1/rules: query differs: sent ?x=1, recorded (none)",
    ]);
  });
});

describeWithShared("Numspot OpenAPI contract", () => {
  const spaces = `/organisations/${ORG}/spaces`;
  const space = `${spaces}/${SPACE}`;

  it("finds operations by concrete path, space CRUD without the /iam prefix", () => {
    const c = numspotContract();
    expect(c.operation("POST", spaces)).toEqual({
      operationId: "CreateSpace",
      method: "POST",
      pathTemplate: "/organisations/{organisationId}/spaces",
      pathParams: { organisationId: ORG },
    });
    expect(c.operation("GET", spaces)?.operationId).toBe("ListSpaces");
    expect(c.operation("get", space)?.operationId).toBe("GetSpaceById");
    expect(c.operation("PATCH", space)?.operationId).toBe("UpdateSpace");
    expect(c.operation("DELETE", space)?.pathParams).toEqual({ organisationId: ORG, spaceId: SPACE });
    // `/iam/organisations/{id}/spaces` is a different operation (spaces of an identity), with no create.
    expect(c.operation("GET", `/iam${spaces}`)?.operationId).toBe("ListSpacesIdentity");
    expect(c.operation("POST", `/iam${spaces}`)).toBeUndefined();
    expect(c.operation("PUT", space)).toBeUndefined();
    expect(c.operation("GET", `${space}/extra`)).toBeUndefined();
    // Full URLs and query strings are accepted.
    const url = `https://api.eu-west-2.numspot.com/openshift/spaces/${SPACE}/clusters/c1/nodepools/workers?x=1`;
    expect(c.operation("POST", url)).toMatchObject({
      pathTemplate: "/openshift/spaces/{spaceId}/clusters/{clusterId}/nodepools/{nodePoolName}",
      pathParams: { spaceId: SPACE, clusterId: "c1", nodePoolName: "workers" },
    });
  });

  it("has POST /iam/token: form request (grant_type required) and {access_token, expires_in, token_type}", () => {
    const c = numspotContract();
    expect(c.operation("POST", "/iam/token")?.operationId).toBe("Token");
    expect(c.validateRequestBody("POST", "/iam/token", "grant_type=client_credentials")).toEqual([]);
    expect(c.validateRequestBody("POST", "/iam/token", "scope=x")).toEqual([
      'body: missing required property "grant_type"',
    ]);
    expect(c.validateRequestBody("POST", "/iam/token", "grant_type=client_credentials", "application/json")[0]).toMatch(
      /content type application\/json not accepted/,
    );
    const token = { access_token: "eyJ.x.y", expires_in: 3600, token_type: "Bearer" };
    expect(c.validateResponse("POST", "/iam/token", 200, token)).toEqual([]);
    expect(c.validateResponse("POST", "/iam/token", 200, { ...token, expires_in: "3600" })).toEqual([
      "body.expires_in: must be integer",
    ]);
    expect(c.validateResponse("POST", "/iam/token", 200, { token_type: "Bearer", expires_in: 1 })).toEqual([
      'body: missing required property "access_token"',
    ]);
    expect(c.validateResponse("POST", "/iam/token", 401, { error: "invalid_client" })).toEqual([]);
  });

  it("accepts a valid space create body and rejects missing or mistyped fields, naming them", () => {
    const c = numspotContract();
    expect(c.validateRequestBody("POST", spaces, { name: "dev", description: "Dev space" })).toEqual([]);
    expect(c.validateRequestBody("POST", spaces, { name: "dev" })).toEqual([
      'body: missing required property "description"',
    ]);
    expect(c.validateRequestBody("POST", spaces, { name: 42, description: "d" })).toEqual([
      "body.name: must be string",
    ]);
    expect(c.validateRequestBody("POST", spaces, { name: "x".repeat(51), description: "d" })).toEqual([
      "body.name: must NOT have more than 50 characters",
    ]);
    expect(c.validateRequestBody("POST", spaces, undefined)).toEqual([
      "CreateSpace: request body required but missing",
    ]);
    // Update takes the mutable part only, nothing required.
    expect(c.validateRequestBody("PATCH", space, { description: "new" })).toEqual([]);
    expect(c.validateRequestBody("DELETE", space, { x: 1 })[0]).toMatch(/DeleteSpace takes no request body/);
  });

  it("validates space answers built from the document's own schema", () => {
    const c = numspotContract();
    const sample = c.sample("Space");
    expect(sample).toMatchObject({ id: expect.any(String), organisationId: expect.any(String), status: "QUEUED" });
    expect(c.validateResponse("GET", space, 200, sample)).toEqual([]);
    expect(c.validateResponse("POST", spaces, 200, sample)).toEqual([]);
    const statusSchema = c.document.components.schemas.ImmutableSpace.properties.status;
    expect(statusSchema.enum).toEqual(["QUEUED", "RUNNING", "READY", "FAILED"]);
    for (const status of statusSchema.enum)
      expect(c.validateResponse("GET", space, 200, { ...sample, status })).toEqual([]);
    expect(c.validateResponse("GET", space, 200, { ...sample, status: "DELETING" })[0]).toMatch(
      /^body\.status: must be one of/,
    );
    const { id: _id, ...withoutId } = sample;
    expect(c.validateResponse("GET", space, 200, withoutId)).toEqual(['body: missing required property "id"']);
    expect(c.validateResponse("GET", space, 200, { ...sample, createdOn: "yesterday" })).toEqual([
      'body.createdOn: must match format "date-time"',
    ]);
    // Create answers 200, not 201; update and delete answer 204 with no body.
    expect(c.validateResponse("POST", spaces, 201, sample)[0]).toMatch(/status 201 is not documented/);
    expect(c.validateResponse("PATCH", space, 204, undefined)).toEqual([]);
    expect(c.validateResponse("DELETE", space, 204, sample)[0]).toMatch(/documented without a body/);
  });

  it("validates paginated lists and problem+json errors as their authors meant", () => {
    const c = numspotContract();
    const item = c.sample("Space");
    expect(c.validateResponse("GET", spaces, 200, { items: [item], nextPageToken: "t", totalSize: 3 })).toEqual([]);
    expect(c.validateResponse("GET", spaces, 200, { items: [{ ...item, status: 1 }] })[0]).toMatch(
      /^body\.items\[0\]\.status: must be string/,
    );
    expect(c.validateResponse("GET", spaces, 200, { totalSize: 0 })).toEqual([
      'body: missing required property "items"',
    ]);
    const problem = {
      type: "https://portal.api.numspot.com/errors#invalid_parameter",
      title: "Invalid parameter",
      instance: `/organisations/${ORG}/spaces`,
      violations: [{ field: "name", description: "too long" }],
    };
    expect(c.validateResponse("POST", spaces, 400, problem, "application/problem+json")).toEqual([]);
    expect(c.validateResponse("POST", spaces, 400, { ...problem, extra: true })).toEqual([
      'body: unknown property "extra"',
    ]);
    // Other errors use Error: no violations, and `type` is one of the documented error URLs.
    const { violations: _v, ...notFound } = problem;
    expect(c.validateResponse("GET", space, 404, notFound)).toEqual([]);
    expect(c.validateResponse("GET", space, 404, problem)).toEqual(['body: unknown property "violations"']);
    expect(c.validateResponse("GET", space, 404, { ...notFound, type: "about:blank" })[0]).toMatch(/^body\.type: /);
    expect(c.validateResponse("GET", space, 404, notFound, "text/html")[0]).toMatch(
      /content type text\/html not documented/,
    );
  });

  it("reads OpenAPI 3.0 nullable as a null type and knows the document's own formats", () => {
    const c = numspotContract();
    expect(c.validateSchema("NullTime", null)).toEqual([]);
    expect(c.validateSchema("NullTime", "2025-05-05T10:00:00Z")).toEqual([]);
    expect(c.validateSchema("NullTime", "soon")).toEqual(['NullTime: must match format "date-time"']);
    expect(c.validateSchema("NullUUID", "4d9a6a0e-1c2b-4f6e-9a3d-2b7c8e1f0a55")).toEqual([]);
    expect(c.validateSchema("NullUUID", "nope")).toEqual(['NullUUID: must match format "uuid4"']);
    expect(c.validateSchema("NoSuchSchema", {})).toEqual(["no schema named NoSuchSchema in the OpenAPI"]);
  });

  it("validates query and path parameters, page[size] and page[nextToken] included", () => {
    const c = numspotContract();
    expect(c.validateQuery("GET", spaces, { "page[size]": "10", "page[nextToken]": "abc" })).toEqual([]);
    expect(c.validateQuery("GET", `${spaces}?page[size]=50`)).toEqual([]);
    expect(c.validateQuery("GET", spaces, "page[size]=51")).toEqual(["query parameter page.size: must be <= 50"]);
    expect(c.validateQuery("GET", spaces, "page[size]=ten")).toEqual(["query parameter page.size: must be integer"]);
    expect(c.validateQuery("GET", spaces, "page[limit]=1")).toEqual([
      'query parameter page[limit]: page has no property "limit"',
    ]);
    expect(c.validateQuery("GET", spaces, "page_size=10")[0]).toMatch(
      /^unknown query parameter "page_size" for ListSpaces/,
    );
    expect(c.validateQuery("GET", `/openshift/spaces/${SPACE}/operations`, "status=RUNNING&status=SUCCEEDED")).toEqual(
      [],
    );
    expect(c.validateQuery("GET", `/openshift/spaces/${SPACE}/operations`, "status=DONE")[0]).toMatch(
      /^query parameter status/,
    );
    expect(c.validatePath("GET", space)).toEqual([]);
    expect(c.validatePath("GET", `/organisations/my-org/spaces`)).toEqual([
      'path parameter organisationId: must match format "uuid"',
    ]);
    expect(c.validateRequest("POST", `https://api.eu-west-2.numspot.com${spaces}?page[size]=2`, { name: "a" })).toEqual(
      [
        'unknown query parameter "page[size]" for CreateSpace (declared: none)',
        'body: missing required property "description"',
      ],
    );
  });

  it("reports a request with no operation in the document", () => {
    const c = numspotContract();
    const expected =
      /^no such operation in the OpenAPI: PUT \/organisations\/.+\/spaces\/.+ \(the path exists for DELETE, GET, PATCH\)$/;
    expect(c.validateRequestBody("PUT", space, {})).toEqual([expect.stringMatching(expected)]);
    expect(c.validateResponse("PUT", space, 200, {})).toEqual([expect.stringMatching(expected)]);
    expect(c.validateQuery("PUT", space, {})).toEqual([expect.stringMatching(expected)]);
    expect(c.validateRequest("GET", "/iam/roles", undefined)).toEqual([
      "no such operation in the OpenAPI: GET /iam/roles",
    ]);
  });

  it("gives a valid sample for every success answer of the IAM, space and OpenShift operations", () => {
    const c = numspotContract();
    const checked: string[] = [];
    for (const { method, pathTemplate, operationId } of c.operations()) {
      if (!/^\/(organisations|openshift|iam\/(organisations|spaces))\//.test(pathTemplate)) continue;
      const concrete = pathTemplate.replace(/\{[^}]+\}/g, SPACE);
      const responses = c.document.paths[pathTemplate][method.toLowerCase()].responses;
      for (const [status, response] of Object.entries<any>(responses)) {
        if (!status.startsWith("2")) continue;
        const resolved = response.$ref ? c.document.components.responses[response.$ref.split("/").pop()] : response;
        const schema = resolved.content?.["application/json"]?.schema;
        if (!schema) continue;
        expect(c.validateResponse(method, concrete, Number(status), c.sample(schema)), operationId).toEqual([]);
        checked.push(operationId);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(["CreateSpace", "ListSpaces", "GetOperation", "ListRolesSpace"]));
    expect(checked.length).toBeGreaterThan(30);
  });
});
