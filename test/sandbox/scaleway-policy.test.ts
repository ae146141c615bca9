import { describe, expect, it } from "vitest";
import { scw, UUID, useSandbox } from "./helpers";

const sandbox = useSandbox();
const org = () => sandbox().credentials.scalewayOrganizationId;

const orgRule = (names: string[], condition = "") => ({
  permission_set_names: names,
  condition,
  organization_id: org(),
});

async function policy(body: Record<string, unknown>) {
  return scw(sandbox(), "POST", "/policies", { name: "p", organization_id: org(), no_principal: true, ...body });
}

describe("Scaleway permission sets", () => {
  it("lists the catalogue with scope types, by name, paged; organization_id is required", async () => {
    const all = await scw(sandbox(), "GET", `/permission-sets?organization_id=${org()}&page_size=100`);
    expect(all.status).toBe(200);
    const byName = Object.fromEntries(all.body.permission_sets.map((s: any) => [s.name, s.scope_type]));
    expect(byName).toMatchObject({
      IAMManager: "organization",
      AllProductsFullAccess: "projects",
      ContainerRegistryReadOnly: "projects",
    });
    const names = all.body.permission_sets.map((s: any) => s.name);
    expect(names).toEqual([...names].sort());
    expect(Object.keys(all.body.permission_sets[0])).toEqual(["id", "name", "scope_type", "description", "categories"]);
    const page = await scw(sandbox(), "GET", `/permission-sets?organization_id=${org()}&page_size=2&page=2`);
    expect(page.body.permission_sets.map((s: any) => s.name)).toEqual(names.slice(2, 4));
    expect(page.body.total_count).toBe(names.length);
    const missing = await scw(sandbox(), "GET", "/permission-sets");
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([
      { argument_name: "organization_id", reason: "required", help_message: "required key not provided" },
    ]);
  });
});

describe("Scaleway policies and rules", () => {
  it("answers POST with zero counts although it stored the rules; GET counts them", async () => {
    const created = await policy({
      name: "two-rules",
      tags: null,
      rules: [orgRule(["AllProductsFullAccess"]), orgRule(["ContainerRegistryReadOnly", "AllProductsFullAccess"])],
    });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body)).toEqual([
      "id",
      "name",
      "description",
      "organization_id",
      "created_at",
      "updated_at",
      "editable",
      "deletable",
      "managed",
      "nb_rules",
      "nb_scopes",
      "nb_permission_sets",
      "tags",
      "no_principal",
    ]);
    expect(created.body).toMatchObject({ nb_rules: 0, nb_scopes: 0, nb_permission_sets: 0, tags: [] });
    const read = await scw(sandbox(), "GET", `/policies/${created.body.id}`);
    expect(read.body).toMatchObject({ nb_rules: 2, nb_scopes: 1, nb_permission_sets: 2, no_principal: true });
    const rules = await scw(sandbox(), "GET", `/rules?policy_id=${created.body.id}`);
    expect(rules.body.total_count).toBe(2);
    expect(rules.body.rules[1]).toEqual({
      id: expect.stringMatching(UUID),
      permission_set_names: ["ContainerRegistryReadOnly", "AllProductsFullAccess"],
      permission_sets_scope_type: "projects",
      condition: "",
      organization_id: org(),
    });
  });

  it("replaces all rules with PUT /rules, giving every rule a new id and moving updated_at", async () => {
    const created = await policy({ name: "replace", rules: [orgRule(["IAMManager"], "1 == 1")] });
    const id = created.body.id;
    const before = (await scw(sandbox(), "GET", `/rules?policy_id=${id}`)).body.rules[0];
    expect(before.permission_sets_scope_type).toBe("organization");
    const put = await scw(sandbox(), "PUT", "/rules", {
      policy_id: id,
      rules: [
        orgRule(["IAMManager"], "1 == 1"),
        { permission_set_names: ["AllProductsReadOnly"], condition: "", project_ids: [org()] },
      ],
    });
    expect(put.status).toBe(200);
    expect(Object.keys(put.body)).toEqual(["rules"]);
    expect(put.body.rules[0].id).not.toBe(before.id);
    expect(put.body.rules[1]).toMatchObject({ project_ids: [org()], permission_sets_scope_type: "projects" });
    expect(put.body.rules[1]).not.toHaveProperty("organization_id");
    const read = await scw(sandbox(), "GET", `/policies/${id}`);
    expect(read.body.updated_at > created.body.updated_at).toBe(true);
    expect(read.body).toMatchObject({ nb_rules: 2, nb_scopes: 1, nb_permission_sets: 2 });
  });

  it("pages the rules of a policy", async () => {
    const names = ["AllProductsFullAccess", "AllProductsReadOnly", "InstancesReadOnly"];
    const created = await policy({ name: "paged", rules: names.map((n) => orgRule([n])) });
    const second = await scw(sandbox(), "GET", `/rules?policy_id=${created.body.id}&page_size=2&page=2`);
    expect(second.body.total_count).toBe(3);
    expect(second.body.rules.map((r: any) => r.permission_set_names[0])).toEqual(["InstancesReadOnly"]);
    expect((await scw(sandbox(), "GET", "/rules")).status).toBe(400);
    const unknown = await scw(sandbox(), "GET", `/rules?policy_id=${crypto.randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ resource: "policy", type: "not_found" });
  });

  it("validates rules: known sets of one scope type, one scope, organization sets on the organization", async () => {
    const before = sandbox().state.scaleway.policies.size;
    const bad = await policy({
      rules: [
        orgRule(["NoSuchSet"]),
        orgRule(["IAMManager", "AllProductsFullAccess"]),
        { permission_set_names: ["IAMManager"], project_ids: [org()] },
        { permission_set_names: ["AllProductsFullAccess"] },
        { permission_set_names: [], organization_id: org() },
        orgRule(["AllProductsFullAccess"], "x".repeat(2049)),
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe("invalid_arguments");
    expect(bad.body.details.map((d: any) => d.argument_name)).toEqual([
      "rules.0.permission_set_names",
      "rules.1.permission_set_names",
      "rules.2.project_ids",
      "rules.3",
      "rules.4.permission_set_names",
      "rules.5.condition",
    ]);
    expect(sandbox().state.scaleway.policies.size).toBe(before);
  });

  it("wants exactly one principal, which must exist; PATCH moves it without touching updated_at", async () => {
    const none = await scw(sandbox(), "POST", "/policies", { name: "none", organization_id: org() });
    expect(none.status).toBe(400);
    const two = await policy({ application_id: crypto.randomUUID() });
    expect(two.status).toBe(400);
    const ghost = await scw(sandbox(), "POST", "/policies", {
      name: "ghost",
      organization_id: org(),
      group_id: crypto.randomUUID(),
    });
    expect(ghost.status).toBe(404);
    expect(ghost.body.resource).toBe("group");

    const app = await scw(sandbox(), "POST", "/applications", { name: "principal", organization_id: org() });
    const created = await policy({ name: "moving" });
    const moved = await scw(sandbox(), "PATCH", `/policies/${created.body.id}`, { application_id: app.body.id });
    expect(moved.status).toBe(200);
    expect(moved.body.application_id).toBe(app.body.id);
    expect(moved.body).not.toHaveProperty("no_principal");
    expect(moved.body.updated_at).toBe(created.body.updated_at);
    const falsy = await scw(sandbox(), "PATCH", `/policies/${created.body.id}`, { no_principal: false });
    expect(falsy.status).toBe(400);
    const renamed = await scw(sandbox(), "PATCH", `/policies/${created.body.id}`, { name: "moved" });
    expect(renamed.body.updated_at > created.body.updated_at).toBe(true);
  });

  it("lists by name, tag, principal and ids, ordered by name by default; deletes with 204", async () => {
    const a = await policy({ name: "zz-list", tags: ["list-tag"] });
    const b = await policy({ name: "aa-list" });
    const listed = await scw(sandbox(), "GET", `/policies?organization_id=${org()}&policy_name=-list`);
    expect(listed.body.policies.map((p: any) => p.name)).toEqual(["aa-list", "zz-list"]);
    const tagged = await scw(sandbox(), "GET", "/policies?tag=list-tag");
    expect(tagged.body.policies.map((p: any) => p.id)).toEqual([a.body.id]);
    const byId = await scw(sandbox(), "GET", `/policies?policy_ids=${b.body.id}`);
    expect(byId.body).toMatchObject({ total_count: 1, policies: [{ id: b.body.id }] });
    expect((await scw(sandbox(), "DELETE", `/policies/${b.body.id}`)).status).toBe(204);
    expect((await scw(sandbox(), "GET", `/policies/${b.body.id}`)).body).toEqual({
      message: "resource is not found",
      resource: "policy",
      resource_id: b.body.id,
      type: "not_found",
    });
  });

  it("refuses to change a managed policy", async () => {
    const created = await policy({ name: "managed" });
    const record = sandbox().state.scaleway.policies.get(created.body.id)!;
    record.editable = false;
    const put = await scw(sandbox(), "PUT", "/rules", { policy_id: created.body.id, rules: [] });
    expect(put.status).toBe(403);
    expect(put.body.type).toBe("permissions_denied");
  });
});
