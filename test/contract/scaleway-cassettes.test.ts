/**
 * The Scaleway clients and resource implementations against real recorded traffic: every recorded answer parses
 * through the client's zod schemas, and the requests our implementation sends for the same steps are the recorded
 * ones (method, path, JSON body), in the recorded order.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseErrorBody } from "../../src/client/errors";
import { closeAllPools } from "../../src/client/http";
import { ApiKeySchema, ListApiKeysSchema } from "../../src/client/scaleway/api-key";
import { ApplicationSchema, ListApplicationsSchema } from "../../src/client/scaleway/application";
import { resetStackConfig } from "../../src/resources/config";
import { apiKeyProvider } from "../../src/resources/scaleway/api-key";
import { applicationProvider } from "../../src/resources/scaleway/application";
import { type Cassette, listCassettes, loadCassette } from "../support/cassettes";
import { diffValues, type ReplayServer, startReplayServer } from "../support/replay-server";
import { describeWithShared } from "../support/shared";

const REDACTED_ACCESS_KEY = "SCWXXXXXXXXXXXXXXXXX";
const ORGANIZATION = "105bdce1-64c0-48ab-899d-868455867ecf";

/**
 * The cassettes hide access keys in URLs; give each request back the key the server meant: the one named in its
 * answer (a key, or a not-found error's resource_id), else the one the latest POST made.
 */
function withAccessKeysRestored(cassette: Cassette): Cassette {
  let latest: string | undefined;
  for (const { request, response } of cassette.interactions) {
    const body = response.body as { access_key?: string; resource_id?: string } | undefined;
    const named = body?.access_key ?? (body?.resource_id?.startsWith("SCW") ? body.resource_id : undefined);
    if (request.method === "POST" && body?.access_key) latest = body.access_key;
    const accessKey = named ?? latest;
    if (accessKey) request.path = request.path.replace(REDACTED_ACCESS_KEY, accessKey);
  }
  return cassette;
}

/** Each request we sent was answered by a recorded interaction with the same body, in recorded order. */
function expectRecordedSubsequence(server: ReplayServer, cassette: Cassette) {
  expect(server.unmatched.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  let previous = -1;
  for (const request of server.received) {
    const index = request.interaction!;
    expect(index, `${request.method} ${request.path} answered out of recorded order`).toBeGreaterThan(previous);
    previous = index;
    const recorded = cassette.interactions[index].request;
    expect(diffValues(request.body, recorded.body, "body"), `${request.method} ${request.path}`).toEqual([]);
  }
}

describeWithShared("Scaleway cassettes", () => {
  let server: ReplayServer | undefined;
  const env = { ...process.env };

  beforeAll(() => {
    resetStackConfig();
    process.env.SCW_SECRET_KEY = "11111111-1111-1111-1111-111111111111";
    process.env.SCW_DEFAULT_ORGANIZATION_ID = ORGANIZATION;
  });
  afterAll(async () => {
    process.env = env;
    await server?.stop();
    await closeAllPools();
  });

  async function replay(name: string) {
    await server?.stop();
    const cassette = withAccessKeysRestored(loadCassette(name));
    server = await startReplayServer(cassette);
    process.env.SCW_API_URL = server.url;
    return { cassette, server };
  }

  it("every recorded application and API key answer parses through the client's schemas", () => {
    let parsed = 0;
    for (const name of listCassettes()) {
      for (const { request, response } of loadCassette(name).interactions) {
        const body = response.body;
        if (response.status >= 400) {
          const error = parseErrorBody("scaleway", response.status, response.bodyText);
          expect(error.code, `${name} ${request.method} ${request.path}`).toMatch(/^[a-z_]+$/);
          continue;
        }
        if (request.path.endsWith("/applications") && request.method === "GET") ListApplicationsSchema.parse(body);
        else if (/\/applications(\/[^/]+)?$/.test(request.path) && request.method !== "DELETE")
          ApplicationSchema.parse(body);
        else if (request.path.endsWith("/api-keys") && request.method === "GET") ListApiKeysSchema.parse(body);
        else if (/\/api-keys(\/[^/]+)?$/.test(request.path) && request.method !== "DELETE") ApiKeySchema.parse(body);
        else continue;
        parsed++;
      }
    }
    expect(parsed).toBeGreaterThan(40);
  });

  it("application-basic: create, read, rename, read, delete, read-after-delete send the recorded requests", async () => {
    const { cassette, server } = await replay("application-basic");
    const inputs = {
      name: "tf_tests_app_basic",
      description: "a description",
      tags: ["tf_tests", "tests"],
      organizationId: ORGANIZATION,
    };
    const created = await applicationProvider.create(inputs);
    expect(created.id).toBe("63310857-3247-4094-bc70-58fd1cd82491");
    const read = await applicationProvider.read(created.id, created.outs);
    expect(read.props).toMatchObject({ name: "tf_tests_app_basic", nbApiKeys: 0, organizationId: ORGANIZATION });
    const renamed = {
      name: "tf_tests_app_basic_rename",
      description: "another description",
      tags: [],
      organizationId: ORGANIZATION,
    };
    const diff = await applicationProvider.diff(created.id, read.props!, renamed);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const updated = await applicationProvider.update(created.id, read.props!, renamed);
    expect(updated.outs).toMatchObject({ name: "tf_tests_app_basic_rename", tags: [] });
    await applicationProvider.read(created.id, updated.outs);
    await applicationProvider.delete(created.id, updated.outs);
    expect((await applicationProvider.read(created.id, updated.outs)).id).toBe("");
    expectRecordedSubsequence(server, cassette);
    expect(server.received.map((r) => r.method)).toEqual(["POST", "GET", "PATCH", "GET", "DELETE", "GET"]);
  });

  it("api-key-with-application: the key's secret comes from the POST answer and survives reads and updates", async () => {
    const { cassette, server } = await replay("api-key-with-application");
    const app = await applicationProvider.create({
      name: "tf_tests_app_key_basic",
      description: "",
      tags: [],
      organizationId: ORGANIZATION,
    });
    const key = await apiKeyProvider.create({ applicationId: app.id, description: "tf_tests_with_application" });
    expect(key.outs.secretKey).toBe("11111111-1111-1111-1111-111111111111");
    const read = await apiKeyProvider.read(key.id, key.outs);
    expect(read.props?.secretKey).toBe(key.outs.secretKey);
    const changed = { applicationId: app.id, description: "tf_tests_with_application_changed" };
    expect(await apiKeyProvider.diff(key.id, read.props!, changed)).toMatchObject({ changes: true, replaces: [] });
    const updated = await apiKeyProvider.update(key.id, read.props!, changed);
    expect(updated.outs).toMatchObject({
      description: "tf_tests_with_application_changed",
      secretKey: key.outs.secretKey,
    });
    await apiKeyProvider.delete(key.id, updated.outs);
    await applicationProvider.delete(app.id, app.outs);
    expect((await apiKeyProvider.read(key.id, updated.outs)).id).toBe("");
    expect((await applicationProvider.read(app.id, app.outs)).id).toBe("");
    expectRecordedSubsequence(server, cassette);
  });

  it("api-key-expires: an expiry sent with an offset comes back in UTC and is not a diff", async () => {
    const { cassette, server } = await replay("api-key-expires");
    const app = await applicationProvider.create({
      name: "tf_tests_app_expires_at",
      description: "",
      tags: [],
      organizationId: ORGANIZATION,
    });
    const inputs = { applicationId: app.id, expiresAt: "2035-07-06T11:00:00+02:00", description: "tf_tests_expires" };
    const key = await apiKeyProvider.create(inputs);
    expect(key.outs.expiresAt).toBe("2035-07-06T09:00:00Z");
    const read = await apiKeyProvider.read(key.id, key.outs);
    expect(await apiKeyProvider.diff(key.id, read.props!, inputs)).toMatchObject({ changes: false });
    expect(
      await apiKeyProvider.diff(key.id, read.props!, { ...inputs, expiresAt: "2035-07-07T09:00:00Z" }),
    ).toMatchObject({
      changes: true,
      replaces: ["expiresAt"],
    });
    await apiKeyProvider.delete(key.id, read.props!);
    await applicationProvider.delete(app.id, app.outs);
    expectRecordedSubsequence(server, cassette);
  });

  it("api-key-with-application-change: moving a key to another application replaces it", async () => {
    const { cassette, server } = await replay("api-key-with-application-change");
    const app = { name: "tf_tests_api_key_app_change", description: "", tags: [], organizationId: ORGANIZATION };
    const first = await applicationProvider.create(app);
    const description = "tf_tests_with_application_change";
    const key = await apiKeyProvider.create({ applicationId: first.id, description });
    const read = await apiKeyProvider.read(key.id, key.outs);
    const second = { id: "be7a7426-9e1d-46bd-8785-c80ccb1d8b42" };
    expect(await apiKeyProvider.diff(key.id, read.props!, { applicationId: second.id, description })).toMatchObject({
      changes: true,
      replaces: ["applicationId"],
    });
    // The recording replaced delete-first (Terraform's default); the requests per step are the same either way.
    await apiKeyProvider.delete(key.id, read.props!);
    const other = await applicationProvider.create({ ...app, name: "tf_tests_api_key_app_change2" });
    expect(other.id).toBe(second.id);
    const moved = await apiKeyProvider.create({ applicationId: other.id, description });
    expect(moved.id).not.toBe(key.id);
    expect(moved.outs).toMatchObject({ applicationId: other.id, secretKey: expect.any(String) });
    await applicationProvider.delete(first.id, first.outs);
    await apiKeyProvider.delete(moved.id, moved.outs);
    await applicationProvider.delete(other.id, other.outs);
    expectRecordedSubsequence(server, cassette);
  });
});
