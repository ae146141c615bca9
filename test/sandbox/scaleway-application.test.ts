import { describe, expect, it } from "vitest";
import { scw, UUID, useSandbox } from "./helpers";

const sandbox = useSandbox();
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function create(body: Record<string, unknown>) {
  return scw(sandbox(), "POST", "/applications", {
    organization_id: sandbox().credentials.scalewayOrganizationId,
    ...body,
  });
}

describe("Scaleway applications", () => {
  it("creates (200), reads, updates and deletes (204, then 404) as recorded from the real server", async () => {
    const created = await create({ name: "app-crud", description: "a description", tags: ["tf_tests", "tests"] });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body)).toEqual([
      "id",
      "name",
      "description",
      "created_at",
      "updated_at",
      "organization_id",
      "editable",
      "deletable",
      "managed",
      "nb_api_keys",
      "tags",
    ]);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(UUID),
      name: "app-crud",
      description: "a description",
      organization_id: sandbox().credentials.scalewayOrganizationId,
      editable: true,
      deletable: true,
      managed: false,
      nb_api_keys: 0,
      tags: ["tf_tests", "tests"],
    });
    expect(created.body.created_at).toMatch(TIMESTAMP);
    expect(created.body.updated_at).toBe(created.body.created_at);
    const id = created.body.id;

    expect((await scw(sandbox(), "GET", `/applications/${id}`)).body).toEqual(created.body);

    const patched = await scw(sandbox(), "PATCH", `/applications/${id}`, {
      name: "app-crud-rename",
      description: "another",
      tags: [],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: "app-crud-rename",
      description: "another",
      tags: [],
      created_at: created.body.created_at,
    });
    expect(patched.body.updated_at > created.body.updated_at).toBe(true);
    expect(sandbox().state.scaleway.applications.get(id)?.name).toBe("app-crud-rename");

    const untouched = await scw(sandbox(), "PATCH", `/applications/${id}`, { description: null });
    expect(untouched.body).toMatchObject({ name: "app-crud-rename", description: "another" });

    const deleted = await scw(sandbox(), "DELETE", `/applications/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    const gone = await scw(sandbox(), "GET", `/applications/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      message: "resource is not found",
      resource: "application",
      resource_id: id,
      type: "not_found",
    });
    expect((await scw(sandbox(), "DELETE", `/applications/${id}`)).status).toBe(404);
  });

  it("defaults description and tags, and allows duplicate names", async () => {
    const first = await create({ name: "twin" });
    const second = await create({ name: "twin" });
    expect(first.body).toMatchObject({ description: "", tags: [] });
    expect(second.status).toBe(200);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it("validates name, description and tags with invalid_arguments details", async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{}, "name", "required"],
      [{ name: "" }, "name", "constraint"],
      [{ name: "x".repeat(65) }, "name", "constraint"],
      [{ name: "trailing " }, "name", "constraint"],
      [{ name: " leading" }, "name", "constraint"],
      [{ name: "bad/char" }, "name", "constraint"],
      [{ name: "ok", description: "d".repeat(201) }, "description", "constraint"],
      [{ name: "ok", tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, "tags", "constraint"],
    ];
    for (const [body, argument, reason] of cases) {
      const answer = await create(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body).toEqual({
        details: [{ argument_name: argument, reason, help_message: expect.any(String) }],
        message: "invalid argument(s)",
        type: "invalid_arguments",
      });
    }
    expect((await create({ name: "x".repeat(64), description: "d".repeat(200) })).status).toBe(200);
    expect((await create({ name: "Fine name (v1.2)-x_y" })).status).toBe(200);
  });

  it("takes the caller's organization without organization_id (the spec requires only name), and only the sandbox's", async () => {
    const missing = await scw(sandbox(), "POST", "/applications", { name: "no-org" });
    expect(missing.status).toBe(200);
    expect(missing.body.organization_id).toBe(sandbox().credentials.scalewayOrganizationId);
    const foreign = await create({ name: "foreign", organization_id: "00000000-0000-4000-8000-000000000000" });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ type: "permissions_denied" });
  });

  it("answers 400 for an id that is not a UUID, and validates PATCH like POST", async () => {
    const malformed = await scw(sandbox(), "GET", "/applications/not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(malformed.body.details[0]).toMatchObject({ argument_name: "application_id" });
    const { body } = await create({ name: "patch-me" });
    const bad = await scw(sandbox(), "PATCH", `/applications/${body.id}`, { name: "a/b" });
    expect(bad.status).toBe(400);
    expect(sandbox().state.scaleway.applications.get(body.id)?.name).toBe("patch-me");
  });

  it("rejects a body that is not JSON", async () => {
    const response = await fetch(`${sandbox().urls.scaleway}/iam/v1alpha1/applications`, {
      method: "POST",
      headers: { "x-auth-token": sandbox().credentials.scalewaySecretKey, "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
  });
});

describe("Scaleway application lists", () => {
  it("pages by 20 by default with total_count, and honours page and page_size", async () => {
    for (let i = 0; i < 25; i++) await create({ name: `page-${String(i).padStart(2, "0")}`, tags: ["paging"] });
    const first = await scw(sandbox(), "GET", "/applications?tag=paging");
    expect(first.body.total_count).toBe(25);
    expect(first.body.applications).toHaveLength(20);
    expect(first.body.applications[0].name).toBe("page-00");
    const second = await scw(sandbox(), "GET", "/applications?tag=paging&page=2");
    expect(second.body.applications.map((app: any) => app.name)).toEqual([
      "page-20",
      "page-21",
      "page-22",
      "page-23",
      "page-24",
    ]);
    const sized = await scw(sandbox(), "GET", "/applications?tag=paging&page_size=10&page=3");
    expect(sized.body.applications).toHaveLength(5);
    const beyond = await scw(sandbox(), "GET", "/applications?tag=paging&page=9");
    expect(beyond.body).toEqual({ applications: [], total_count: 25 });
    for (const query of ["page_size=101", "page_size=0", "page=0", "page=x"]) {
      const invalid = await scw(sandbox(), "GET", `/applications?${query}`);
      expect(invalid.status, query).toBe(400);
      expect(invalid.body.type).toBe("invalid_arguments");
    }
  });

  it("filters by name (substring), tag, ids, editable and organisation, and orders", async () => {
    const a = (await create({ name: "filter-alpha", tags: ["team-blue"] })).body;
    const b = (await create({ name: "filter-beta", tags: ["team-red"] })).body;
    const names = async (query: string) =>
      (await scw(sandbox(), "GET", `/applications?${query}`)).body.applications.map((app: any) => app.name);
    expect(await names("name=FILTER-")).toEqual(["filter-alpha", "filter-beta"]);
    expect(await names("name=filter&tag=red")).toEqual(["filter-beta"]);
    expect(await names(`application_ids=${a.id}&application_ids=${b.id}`)).toEqual(["filter-alpha", "filter-beta"]);
    expect(await names(`application_ids=${b.id}`)).toEqual(["filter-beta"]);
    expect(await names("name=filter-&order_by=name_desc")).toEqual(["filter-beta", "filter-alpha"]);
    expect(await names("name=filter-&order_by=created_at_desc")).toEqual(["filter-beta", "filter-alpha"]);
    expect(await names("name=filter-&editable=false")).toEqual([]);
    expect(await names(`name=filter-&organization_id=${sandbox().credentials.scalewayOrganizationId}`)).toHaveLength(2);
    expect((await scw(sandbox(), "GET", "/applications?order_by=size_asc")).status).toBe(400);
  });

  it("shows out-of-band changes made through state", async () => {
    const { body } = await create({ name: "drifting" });
    sandbox().state.scaleway.applications.get(body.id)!.description = "changed behind Pulumi's back";
    expect((await scw(sandbox(), "GET", `/applications/${body.id}`)).body.description).toBe(
      "changed behind Pulumi's back",
    );
  });
});
