import { describe, expect, it } from "vitest";
import { scw, useSandbox } from "./helpers";

const sandbox = useSandbox();
const org = () => sandbox().credentials.scalewayOrganizationId;

function createMember(member: Record<string, unknown>, tags: string[] = []) {
  return scw(sandbox(), "POST", "/users", { organization_id: org(), tags, member });
}

describe("Scaleway users", () => {
  it("creates a member with a write-only password and an en_US default locale", async () => {
    const created = await createMember({
      email: "member@example.com",
      send_password_email: false,
      send_welcome_email: false,
      username: "member",
      password: "Firstaccesspsw123",
      first_name: "Foo",
      last_name: "Bar",
      phone_number: "",
      locale: "",
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      email: "member@example.com",
      username: "member",
      locale: "en_US",
      type: "member",
      status: "activated",
      deletable: true,
      last_login_at: null,
      account_root_user_id: "",
      locked: false,
    });
    expect(created.text).not.toContain("Firstaccesspsw123");
    expect(sandbox().state.scaleway.userPasswords.get(created.body.id)).toBe("Firstaccesspsw123");
    const again = await createMember({ email: "member@example.com", username: "other" });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: "already_exists", resource_id: created.body.id });
    const weak = await createMember({ email: "weak@example.com", password: "short" });
    expect(weak.status).toBe(400);
    expect(weak.body.details[0].argument_name).toBe("member.password");
  });

  it("creates a guest from an email alone, and wants one of email and member", async () => {
    const guest = await scw(sandbox(), "POST", "/users", { organization_id: org(), email: "guest@example.com" });
    expect(guest.body).toMatchObject({ type: "guest", status: "invitation_pending", username: "guest@example.com" });
    const neither = await scw(sandbox(), "POST", "/users", { organization_id: org() });
    expect(neither.status).toBe(400);
    const both = await scw(sandbox(), "POST", "/users", {
      organization_id: org(),
      email: "x@example.com",
      member: { email: "x@example.com" },
    });
    expect(both.status).toBe(400);
  });

  it("PATCH answers with updated_at unchanged; update-username moves it", async () => {
    const created = await createMember({ email: "patch@example.com", username: "patch" });
    const id = created.body.id;
    const patched = await scw(sandbox(), "PATCH", `/users/${id}`, {
      tags: ["tf_tests"],
      email: "patched@example.com",
      last_name: "Baz",
      phone_number: "+33112345678",
      locale: "fr_FR",
    });
    expect(patched.body).toMatchObject({ email: "patched@example.com", last_name: "Baz", locale: "fr_FR" });
    expect(patched.body.updated_at).toBe(created.body.updated_at);
    const renamed = await scw(sandbox(), "POST", `/users/${id}/update-username`, { username: "patched" });
    expect(renamed.body.username).toBe("patched");
    expect(renamed.body.updated_at > created.body.updated_at).toBe(true);
    expect((await scw(sandbox(), "POST", `/users/${id}/update-username`, {})).status).toBe(400);
  });

  it("lists by type, tag and ids; type=unknown_type lists everyone", async () => {
    const tagged = await createMember({ email: "tagged@example.com" }, ["test-tag"]);
    const all = await scw(sandbox(), "GET", `/users?organization_id=${org()}&type=unknown_type&page=1`);
    expect(all.body.users.map((u: any) => u.id)).toContain(sandbox().credentials.scalewayUserId);
    const owners = await scw(sandbox(), "GET", "/users?type=owner");
    expect(owners.body.users.map((u: any) => u.id)).toEqual([sandbox().credentials.scalewayUserId]);
    const byTag = await scw(sandbox(), "GET", "/users?tag=test-tag");
    expect(byTag.body.users.map((u: any) => u.id)).toEqual([tagged.body.id]);
    expect((await scw(sandbox(), "GET", "/users?type=admin")).status).toBe(400);
  });

  it("deletes a member with its API keys and group memberships; the owner stays", async () => {
    const created = await createMember({ email: "leaver@example.com" });
    const id = created.body.id;
    const key = await scw(sandbox(), "POST", "/api-keys", { user_id: id });
    const group = await scw(sandbox(), "POST", "/groups", { organization_id: org(), name: "leavers" });
    await scw(sandbox(), "POST", `/groups/${group.body.id}/add-member`, { user_id: id });
    expect((await scw(sandbox(), "DELETE", `/users/${id}`)).status).toBe(204);
    expect((await scw(sandbox(), "GET", `/api-keys/${key.body.access_key}`)).status).toBe(404);
    expect((await scw(sandbox(), "GET", `/groups/${group.body.id}`)).body.user_ids).toEqual([]);
    expect((await scw(sandbox(), "GET", `/users/${id}`)).body).toEqual({
      message: "resource is not found",
      resource: "user",
      resource_id: id,
      type: "not_found",
    });
    const owner = await scw(sandbox(), "DELETE", `/users/${sandbox().credentials.scalewayUserId}`);
    expect(owner.status).toBe(403);
  });
});
