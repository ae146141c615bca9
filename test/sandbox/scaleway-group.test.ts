import { describe, expect, it } from "vitest";
import { scw, useSandbox } from "./helpers";

const sandbox = useSandbox();
const org = () => sandbox().credentials.scalewayOrganizationId;

async function group(name: string) {
  return (await scw(sandbox(), "POST", "/groups", { organization_id: org(), name, description: "", tags: [] })).body;
}

async function application(name: string): Promise<string> {
  return (await scw(sandbox(), "POST", "/applications", { name, organization_id: org() })).body.id;
}

async function member(email: string): Promise<string> {
  const answer = await scw(sandbox(), "POST", "/users", {
    organization_id: org(),
    member: { email, username: email.split("@")[0], password: "Sandbox-pass-1" },
  });
  return answer.body.id;
}

describe("Scaleway groups", () => {
  it("creates, renames and deletes as recorded, names unique in the organization", async () => {
    const created = await group("g-crud");
    expect(Object.keys(created)).toEqual([
      "id",
      "created_at",
      "updated_at",
      "organization_id",
      "name",
      "description",
      "user_ids",
      "application_ids",
      "tags",
      "editable",
      "deletable",
      "managed",
    ]);
    expect(created).toMatchObject({ user_ids: [], application_ids: [], editable: true, managed: false });
    const duplicate = await scw(sandbox(), "POST", "/groups", { organization_id: org(), name: "g-crud" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ type: "already_exists", resource: "group", resource_id: created.id });
    const renamed = await scw(sandbox(), "PATCH", `/groups/${created.id}`, { name: "g-crud-2", tags: ["t"] });
    expect(renamed.body).toMatchObject({ name: "g-crud-2", tags: ["t"] });
    expect(renamed.body.updated_at > created.updated_at).toBe(true);
    expect((await scw(sandbox(), "DELETE", `/groups/${created.id}`)).status).toBe(204);
    const gone = await scw(sandbox(), "GET", `/groups/${created.id}`);
    expect(gone.body).toEqual({
      message: "resource is not found",
      resource: "group",
      resource_id: created.id,
      type: "not_found",
    });
  });

  it("sets members with PUT (request order), shows them sorted on GET, and empties with an empty PUT", async () => {
    const g = await group("g-members");
    const users = [await member("m1@example.com"), await member("m2@example.com")].sort().reverse();
    const put = await scw(sandbox(), "PUT", `/groups/${g.id}/members`, { user_ids: users, application_ids: [] });
    expect(put.status).toBe(200);
    expect(put.body.user_ids).toEqual(users);
    expect(put.body.updated_at).toBe(g.updated_at);
    expect((await scw(sandbox(), "GET", `/groups/${g.id}`)).body.user_ids).toEqual([...users].sort());
    const missing = await scw(sandbox(), "PUT", `/groups/${g.id}/members`, { user_ids: [] });
    expect(missing.status).toBe(400);
    expect(missing.body.details[0]).toMatchObject({ argument_name: "application_ids", reason: "required" });
    const empty = await scw(sandbox(), "PUT", `/groups/${g.id}/members`, { user_ids: [], application_ids: [] });
    expect(empty.body).toMatchObject({ user_ids: [], application_ids: [] });
  });

  it("adds and removes one member at a time; a second removal is a 404 with an empty resource", async () => {
    const g = await group("g-one");
    const app = await application("g-one-app");
    const added = await scw(sandbox(), "POST", `/groups/${g.id}/add-member`, { application_id: app });
    expect(added.body.application_ids).toEqual([app]);
    const both = await scw(sandbox(), "POST", `/groups/${g.id}/add-member`, {
      application_id: app,
      user_id: sandbox().credentials.scalewayUserId,
    });
    expect(both.status).toBe(400);
    const removed = await scw(sandbox(), "POST", `/groups/${g.id}/remove-member`, { application_id: app });
    expect(removed.body.application_ids).toEqual([]);
    const again = await scw(sandbox(), "POST", `/groups/${g.id}/remove-member`, { application_id: app });
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ message: "resource is not found", resource: "", resource_id: app, type: "not_found" });
    const ghost = await scw(sandbox(), "POST", `/groups/${g.id}/add-member`, { user_id: crypto.randomUUID() });
    expect(ghost.status).toBe(404);
    expect(ghost.body.resource).toBe("user");
  });

  it("add-members keeps existing members", async () => {
    const g = await group("g-many");
    const [a, b] = [await application("g-many-a"), await application("g-many-b")];
    await scw(sandbox(), "POST", `/groups/${g.id}/add-member`, { application_id: a });
    const added = await scw(sandbox(), "POST", `/groups/${g.id}/add-members`, { application_ids: [b, a] });
    expect(added.body.application_ids).toEqual([a, b]);
  });

  it("answers 409 transient_state on membership changes when a test asks, then succeeds", async () => {
    const g = await group("g-busy");
    const app = await application("g-busy-app");
    sandbox().state.scaleway.membershipConflicts.set(g.id, 2);
    for (let i = 0; i < 2; i++) {
      const busy = await scw(sandbox(), "POST", `/groups/${g.id}/add-member`, { application_id: app });
      expect(busy.status).toBe(409);
      expect(busy.body).toEqual({
        current_state: "updating",
        message: "resource is in a transient state",
        resource: "group",
        resource_id: g.id,
        type: "transient_state",
      });
    }
    expect(sandbox().state.scaleway.groups.get(g.id)!.application_ids).toEqual([]);
    const done = await scw(sandbox(), "POST", `/groups/${g.id}/add-member`, { application_id: app });
    expect(done.body.application_ids).toEqual([app]);
  });

  it("drops deleted members and lists by name, member and tag", async () => {
    const g = await group("g-list-x");
    const app = await application("g-list-app");
    await scw(sandbox(), "POST", `/groups/${g.id}/add-member`, { application_id: app });
    const byMember = await scw(sandbox(), "GET", `/groups?application_ids=${app}`);
    expect(byMember.body).toMatchObject({ total_count: 1, groups: [{ id: g.id }] });
    const byName = await scw(sandbox(), "GET", `/groups?organization_id=${org()}&name=g-list-x`);
    expect(byName.body.groups.map((x: any) => x.id)).toEqual([g.id]);
    await scw(sandbox(), "DELETE", `/applications/${app}`);
    expect((await scw(sandbox(), "GET", `/groups/${g.id}`)).body.application_ids).toEqual([]);
  });
});
