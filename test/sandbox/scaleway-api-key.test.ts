import { describe, expect, it } from "vitest";
import { loadCassette } from "../support/cassettes";
import { describeWithShared } from "../support/shared";
import { scw, UUID, useSandbox } from "./helpers";

const sandbox = useSandbox();
const ACCESS_KEY = /^SCW[0-9A-Z]{17}$/;

async function application(name = "key-holder") {
  const answer = await scw(sandbox(), "POST", "/applications", {
    name,
    organization_id: sandbox().credentials.scalewayOrganizationId,
  });
  return answer.body.id as string;
}

describe("Scaleway API keys", () => {
  it("shows the secret key only in the POST answer", async () => {
    const applicationId = await application();
    const created = await scw(sandbox(), "POST", "/api-keys", { application_id: applicationId, description: "ci" });
    expect(created.status).toBe(200);
    expect(created.body.access_key).toMatch(ACCESS_KEY);
    expect(created.body.secret_key).toMatch(UUID);
    const fetched = await scw(sandbox(), "GET", `/api-keys/${created.body.access_key}`);
    expect(fetched.body).toEqual({ ...created.body, secret_key: null });
    const listed = await scw(sandbox(), "GET", `/api-keys?bearer_id=${applicationId}`);
    expect(listed.body).toEqual({ api_keys: [{ ...created.body, secret_key: null }], total_count: 1 });
    expect(JSON.stringify(sandbox().state.scaleway.apiKeys.get(created.body.access_key))).not.toContain(
      created.body.secret_key,
    );
  });

  it("has the recorded field set, fills default_project_id and creation_ip, counts keys on the application", async () => {
    const applicationId = await application();
    const { body } = await scw(sandbox(), "POST", "/api-keys", { application_id: applicationId });
    expect(Object.keys(body)).toEqual([
      "access_key",
      "secret_key",
      "description",
      "created_at",
      "updated_at",
      "expires_at",
      "default_project_id",
      "editable",
      "deletable",
      "managed",
      "creation_ip",
      "application_id",
    ]);
    expect(body).toMatchObject({
      description: "",
      expires_at: null,
      default_project_id: sandbox().credentials.scalewayProjectId,
      editable: true,
      deletable: true,
      managed: false,
      creation_ip: "127.0.0.1",
      application_id: applicationId,
    });
    expect((await scw(sandbox(), "GET", `/applications/${applicationId}`)).body.nb_api_keys).toBe(1);
    const project = "3f0a3c1e-7d1e-4c39-9f0a-2b1c4d5e6f70";
    const explicit = await scw(sandbox(), "POST", "/api-keys", {
      application_id: applicationId,
      default_project_id: project,
    });
    expect(explicit.body.default_project_id).toBe(project);
    expect((await scw(sandbox(), "GET", `/applications/${applicationId}`)).body.nb_api_keys).toBe(2);
  });

  it("returns expires_at in UTC with Z whatever offset it was sent with", async () => {
    const applicationId = await application();
    const offset = await scw(sandbox(), "POST", "/api-keys", {
      application_id: applicationId,
      expires_at: "2035-07-06T11:00:00+02:00",
    });
    expect(offset.body.expires_at).toBe("2035-07-06T09:00:00Z");
    const micro = await scw(sandbox(), "POST", "/api-keys", {
      application_id: applicationId,
      expires_at: "2035-03-22T12:34:56.123456-01:30",
    });
    expect(micro.body.expires_at).toBe("2035-03-22T14:04:56.123456Z");
    expect((await scw(sandbox(), "GET", `/api-keys/${micro.body.access_key}`)).body.expires_at).toBe(
      "2035-03-22T14:04:56.123456Z",
    );
    for (const expiresAt of ["tomorrow", "2035-02-30T00:00:00Z", "2001-01-01T00:00:00Z"]) {
      const invalid = await scw(sandbox(), "POST", "/api-keys", {
        application_id: applicationId,
        expires_at: expiresAt,
      });
      expect(invalid.status, expiresAt).toBe(400);
      expect(invalid.body.details[0].argument_name).toBe("expires_at");
    }
  });

  it("needs exactly one existing bearer", async () => {
    const none = await scw(sandbox(), "POST", "/api-keys", { description: "orphan" });
    expect(none.status).toBe(400);
    const applicationId = await application();
    const both = await scw(sandbox(), "POST", "/api-keys", {
      application_id: applicationId,
      user_id: sandbox().credentials.scalewayUserId,
    });
    expect(both.status).toBe(400);
    const missing = "9e6c1f0e-1111-4222-8333-444455556666";
    const unknown = await scw(sandbox(), "POST", "/api-keys", { application_id: missing });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      message: "resource is not found",
      resource: "application",
      resource_id: missing,
      type: "not_found",
    });
    const user = await scw(sandbox(), "POST", "/api-keys", { user_id: sandbox().credentials.scalewayUserId });
    expect(user.status).toBe(200);
    expect(user.body.user_id).toBe(sandbox().credentials.scalewayUserId);
    expect(user.body).not.toHaveProperty("application_id");
  });

  it("updates description, default project and expiry; deletes with 204 then 404 access_key", async () => {
    const applicationId = await application();
    const { body } = await scw(sandbox(), "POST", "/api-keys", {
      application_id: applicationId,
      description: "before",
    });
    const patched = await scw(sandbox(), "PATCH", `/api-keys/${body.access_key}`, { description: "after" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ description: "after", secret_key: null, created_at: body.created_at });
    expect(patched.body.updated_at > body.updated_at).toBe(true);
    expect((await scw(sandbox(), "DELETE", `/api-keys/${body.access_key}`)).status).toBe(204);
    const gone = await scw(sandbox(), "GET", `/api-keys/${body.access_key}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      message: "resource is not found",
      resource: "access_key",
      resource_id: body.access_key,
      type: "not_found",
    });
    expect((await scw(sandbox(), "GET", `/applications/${applicationId}`)).body.nb_api_keys).toBe(0);
  });

  it("deletes an application's keys with it (spec: DeleteApplication)", async () => {
    const applicationId = await application();
    const { body } = await scw(sandbox(), "POST", "/api-keys", { application_id: applicationId });
    await scw(sandbox(), "DELETE", `/applications/${applicationId}`);
    expect((await scw(sandbox(), "GET", `/api-keys/${body.access_key}`)).status).toBe(404);
  });

  it("lets a created key authenticate until it is deleted", async () => {
    const applicationId = await application();
    const { body } = await scw(sandbox(), "POST", "/api-keys", { application_id: applicationId });
    expect((await scw(sandbox(), "GET", "/applications", undefined, body.secret_key)).status).toBe(200);
    await scw(sandbox(), "DELETE", `/api-keys/${body.access_key}`);
    expect((await scw(sandbox(), "GET", "/applications", undefined, body.secret_key)).body.reason).toBe("not_found");
  });

  it("filters lists by bearer, application, description, access keys and expiry", async () => {
    const first = await application("lister-one");
    const second = await application("lister-two");
    const a = (await scw(sandbox(), "POST", "/api-keys", { application_id: first, description: "alpha key" })).body;
    const b = (
      await scw(sandbox(), "POST", "/api-keys", {
        application_id: second,
        description: "beta key",
        expires_at: "2040-01-01T00:00:00Z",
      })
    ).body;
    const keys = async (query: string) =>
      (await scw(sandbox(), "GET", `/api-keys?${query}`)).body.api_keys.map((key: any) => key.access_key);
    // ListAPIKeys has no application_id filter (issue 8 item 4): refused, as a client relying on it must fail.
    expect((await scw(sandbox(), "GET", `/api-keys?application_id=${first}`)).status).toBe(400);
    expect(await keys(`bearer_id=${first}&bearer_type=application`)).toEqual([a.access_key]);
    expect(await keys(`bearer_id=${second}&bearer_type=application`)).toEqual([b.access_key]);
    expect(await keys(`access_keys=${a.access_key},${b.access_key}`)).toEqual([a.access_key, b.access_key]);
    expect(await keys(`access_keys=${a.access_key}&access_keys=${b.access_key}&order_by=created_at_desc`)).toEqual([
      b.access_key,
      a.access_key,
    ]);
    expect(await keys(`access_keys=${a.access_key},${b.access_key}&description=beta`)).toEqual([b.access_key]);
    expect(await keys(`access_keys=${a.access_key},${b.access_key}&expired=false`)).toEqual([
      a.access_key,
      b.access_key,
    ]);
    sandbox().state.scaleway.apiKeys.get(a.access_key)!.expires_at = "2020-01-01T00:00:00Z";
    expect(await keys(`access_keys=${a.access_key},${b.access_key}&expired=true`)).toEqual([a.access_key]);
    expect((await scw(sandbox(), "GET", "/api-keys?bearer_type=robot")).status).toBe(400);
    expect((await scw(sandbox(), "GET", "/api-keys?page_size=1")).body.api_keys).toHaveLength(1);
  });
});

describeWithShared("Scaleway answers against the recorded cassettes", () => {
  /** Same keys in the same order and the same JSON types, value by value. */
  function shape(value: unknown): unknown {
    if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]));
    }
    return value === null ? "null" : typeof value;
  }

  it.each(["application-basic", "api-key-expires", "api-key-with-application"])("%s", async (name) => {
    const cassette = loadCassette(name);
    const ids = new Map<string, string>();
    const org = sandbox().credentials.scalewayOrganizationId;
    const swap = (text: string) => [...ids].reduce((out, [recorded, live]) => out.split(recorded).join(live), text);
    let lastAccessKey = "";
    for (const { request, response } of cassette.interactions) {
      // Recorded access keys in URLs are redacted (SCWXXXXXXXXXXXXXXXXX); the live one is the last created.
      const path = swap(request.path.replace("/iam/v1alpha1", "").replace("SCWXXXXXXXXXXXXXXXXX", lastAccessKey));
      const body = request.bodyText
        ? JSON.parse(swap(request.bodyText).split("105bdce1-64c0-48ab-899d-868455867ecf").join(org))
        : undefined;
      const live = await scw(sandbox(), request.method, path, body);
      expect(live.status, `${request.method} ${request.path}`).toBe(response.status);
      if (response.body === undefined) {
        expect(live.text).toBe("");
        continue;
      }
      expect(shape(live.body), `${request.method} ${request.path}`).toEqual(shape(response.body));
      const recorded = response.body as Record<string, unknown>;
      if (request.method === "POST" && typeof recorded.id === "string") ids.set(recorded.id, live.body.id);
      if (request.method === "POST" && typeof recorded.access_key === "string") lastAccessKey = live.body.access_key;
      if (typeof recorded.expires_at === "string") expect(live.body.expires_at).toBe(recorded.expires_at);
      if (typeof recorded.nb_api_keys === "number") expect(live.body.nb_api_keys).toBe(recorded.nb_api_keys);
    }
  });
});
