import { describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { numspotContract } from "../support/numspot-openapi";
import { describeWithShared } from "../support/shared";
import { type Answer, numspot, numspotToken, sleep, UUID, useSandbox } from "./helpers";

const sandbox = useSandbox({ numspot: { queuedMs: 100, runningMs: 400 } });

async function session(target: Sandbox) {
  const token = (await numspotToken(target)).body.access_token as string;
  const spaces = `/organisations/${target.credentials.numspotOrganisationId}/spaces`;
  return {
    spaces,
    call: (method: string, path: string, body?: unknown) => numspot(target, token, method, path, body),
  };
}

describe("Numspot spaces", () => {
  it("creates a QUEUED space (200) that becomes RUNNING, then READY, by the clock", async () => {
    const { spaces, call } = await session(sandbox());
    const created = await call("POST", spaces, { name: "dev", description: "Dev space" });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      organisationId: sandbox().credentials.numspotOrganisationId,
      name: "dev",
      description: "Dev space",
      status: "QUEUED",
      createdOn: expect.any(String),
      updatedOn: created.body.createdOn,
    });
    const path = `${spaces}/${created.body.id}`;
    await sleep(150);
    expect((await call("GET", path)).body.status).toBe("RUNNING");
    await sleep(400);
    const ready = await call("GET", path);
    expect(ready.body.status).toBe("READY");
    expect(ready.body.updatedOn > ready.body.createdOn).toBe(true);
  });

  it("updates name and description (204) and deletes (204, then 404)", async () => {
    const { spaces, call } = await session(sandbox());
    const { body } = await call("POST", spaces, { name: "edit-me", description: "before" });
    const path = `${spaces}/${body.id}`;
    const patched = await call("PATCH", path, { description: "after" });
    expect(patched.status).toBe(204);
    expect(patched.text).toBe("");
    expect((await call("GET", path)).body).toMatchObject({ name: "edit-me", description: "after" });
    expect((await call("DELETE", path)).status).toBe(204);
    const gone = await call("GET", path);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("content-type")).toBe("application/problem+json");
    expect(gone.body).toMatchObject({
      type: "https://portal.api.numspot.com/errors#resource_not_found",
      title: expect.any(String),
    });
    expect((await call("DELETE", path)).status).toBe(404);
  });

  it("validates bodies with problem+json violations", async () => {
    const { spaces, call } = await session(sandbox());
    const cases: Array<[unknown, string[]]> = [
      [{ name: "n" }, ["description"]],
      [{}, ["name", "description"]],
      [{ name: "x".repeat(51), description: "d" }, ["name"]],
      [{ name: "n", description: "d".repeat(301) }, ["description"]],
      [{ name: "", description: "" }, ["name", "description"]],
      [{ name: 5, description: "d" }, ["name"]],
    ];
    for (const [body, fields] of cases) {
      const answer = await call("POST", spaces, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.type).toBe("https://portal.api.numspot.com/errors#invalid_parameter");
      expect(answer.body.violations.map((violation: { field: string }) => violation.field)).toEqual(fields);
    }
    expect((await call("POST", spaces, { name: "x".repeat(50), description: "d".repeat(300) })).status).toBe(200);
    const { body } = await call("POST", spaces, { name: "valid", description: "valid" });
    expect((await call("PATCH", `${spaces}/${body.id}`, { name: "" })).status).toBe(400);
  });

  it("refuses other organisations (403) and answers 404 for unknown spaces", async () => {
    const { spaces, call } = await session(sandbox());
    const foreign = await call("GET", "/organisations/8d4c0e8a-0000-4000-8000-000000000001/spaces");
    expect(foreign.status).toBe(403);
    expect(foreign.body.type).toBe("https://portal.api.numspot.com/errors#forbidden_access");
    expect((await call("GET", "/organisations/not-a-uuid/spaces")).status).toBe(400);
    expect((await call("GET", `${spaces}/8d4c0e8a-0000-4000-8000-000000000002`)).status).toBe(404);
    // The spec declares spaceId a uuid, as organisationId: a non-UUID is a 400 naming it, not a 404.
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const malformed = await call(method, `${spaces}/not-a-uuid`, method === "PATCH" ? { name: "n" } : undefined);
      expect(malformed.status, method).toBe(400);
      expect(malformed.body).toMatchObject({
        type: "https://portal.api.numspot.com/errors#invalid_parameter",
        violations: [{ field: "spaceId", description: expect.any(String) }],
      });
    }
  });

  it("lists with page[size] and page[nextToken], nextPageToken absent on the last page", async () => {
    const target = await startSandbox();
    try {
      const { spaces, call } = await session(target);
      for (let i = 0; i < 5; i++) await call("POST", spaces, { name: `s${i}`, description: "paged" });
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const query: string = `page[size]=2${token ? `&page[nextToken]=${encodeURIComponent(token)}` : ""}`;
        const page: Answer = await call("GET", `${spaces}?${query}`);
        expect(page.body.totalSize).toBe(5);
        seen.push(...page.body.items.map((space: { name: string }) => space.name));
        token = page.body.nextPageToken;
        pages++;
      } while (token);
      expect(pages).toBe(3);
      expect(seen).toEqual(["s0", "s1", "s2", "s3", "s4"]);
      const all = await call("GET", spaces);
      expect(all.body).toEqual({ items: expect.any(Array), totalSize: 5 });
      expect((await call("GET", `${spaces}?page[size]=51`)).status).toBe(400);
      expect((await call("GET", `${spaces}?page[nextToken]=garbage`)).status).toBe(400);
    } finally {
      await target.stop();
    }
  });
});

describe("Numspot lifecycle options", () => {
  it("ends FAILED with failureRate 1", async () => {
    const target = await startSandbox({ numspot: { queuedMs: 20, runningMs: 20, failureRate: 1 } });
    try {
      const { spaces, call } = await session(target);
      const { body } = await call("POST", spaces, { name: "doomed", description: "fails" });
      await sleep(80);
      expect((await call("GET", `${spaces}/${body.id}`)).body.status).toBe("FAILED");
    } finally {
      await target.stop();
    }
  });

  it("spreads RUNNING time by name or over a range, and honours a pinned status", async () => {
    const random = () => 0.5;
    const byName = await startSandbox({
      numspot: { queuedMs: 0, runningMs: (name) => (name === "slow" ? 60_000 : 0), random },
    });
    const byRange = await startSandbox({ numspot: { queuedMs: 0, runningMs: [1000, 3000], random } });
    try {
      const named = await session(byName);
      const slow = (await named.call("POST", named.spaces, { name: "slow", description: "d" })).body;
      const fast = (await named.call("POST", named.spaces, { name: "fast", description: "d" })).body;
      expect((await named.call("GET", `${named.spaces}/${slow.id}`)).body.status).toBe("RUNNING");
      expect((await named.call("GET", `${named.spaces}/${fast.id}`)).body.status).toBe("READY");
      byName.state.numspot.spaces.get(slow.id)!.lifecycle.pinned = "FAILED";
      expect((await named.call("GET", `${named.spaces}/${slow.id}`)).body.status).toBe("FAILED");

      const ranged = await session(byRange);
      const space = (await ranged.call("POST", ranged.spaces, { name: "ranged", description: "d" })).body;
      expect(byRange.state.numspot.spaces.get(space.id)!.lifecycle.runningMs).toBe(2000);
    } finally {
      await Promise.all([byName.stop(), byRange.stop()]);
    }
  });

  it("expires tokens after tokenTtlSeconds (401), and counts token requests", async () => {
    const target = await startSandbox({ numspot: { tokenTtlSeconds: 0.2 } });
    try {
      const { spaces, call } = await session(target);
      expect((await call("GET", spaces)).status).toBe(200);
      await sleep(250);
      const expired = await call("GET", spaces);
      expect(expired.status).toBe(401);
      expect(expired.body.type).toBe("https://portal.api.numspot.com/errors#unauthenticated_access");
      await session(target);
      expect(target.requests.filter((request) => request.path === "/iam/token")).toHaveLength(2);
    } finally {
      await target.stop();
    }
  });

  it("accepts client credentials in the form body too", async () => {
    const { numspotClientId, numspotClientSecret } = sandbox().credentials;
    const response = await fetch(`${sandbox().urls.numspot}/iam/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: numspotClientId,
        client_secret: numspotClientSecret,
      }),
    });
    expect(response.status).toBe(200);
  });
});

describeWithShared("Numspot answers against Numspot's OpenAPI", () => {
  it("validates token, space and error answers", async () => {
    const contract = numspotContract();
    const check = (method: string, path: string, answer: Answer) =>
      expect(
        contract.validateResponse(
          method,
          path,
          answer.status,
          answer.body,
          answer.headers.get("content-type") ?? undefined,
        ),
        `${method} ${path} ${answer.status}`,
      ).toEqual([]);
    const token = await numspotToken(sandbox());
    check("POST", "/iam/token", token);
    check("POST", "/iam/token", await numspotToken(sandbox(), sandbox().credentials.numspotClientId, "wrong"));
    const { spaces, call } = await session(sandbox());
    const created = await call("POST", spaces, { name: "contract", description: "checked" });
    check("POST", spaces, created);
    check("POST", spaces, await call("POST", spaces, { name: "" }));
    check("GET", spaces, await call("GET", `${spaces}?page[size]=1`));
    check("GET", `${spaces}/${created.body.id}`, await call("GET", `${spaces}/${created.body.id}`));
    check("GET", `${spaces}/${UUID_ZERO}`, await call("GET", `${spaces}/${UUID_ZERO}`));
    check("GET", spaces, await numspot(sandbox(), null, "GET", spaces));
  });
});

const UUID_ZERO = "00000000-0000-4000-8000-000000000000";
