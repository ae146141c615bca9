import { describe, expect, it } from "vitest";
import { scw, UUID, useSandbox } from "./helpers";
import { account } from "./scaleway-helpers";

const sandbox = useSandbox();
const LEGACY_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;

async function memberWithPassword(email: string, password: string): Promise<string> {
  const answer = await scw(sandbox(), "POST", "/users", {
    organization_id: sandbox().credentials.scalewayOrganizationId,
    member: { email, username: email.split("@")[0], password },
  });
  return answer.body.id;
}

function login(body: Record<string, unknown>) {
  return account(sandbox(), "POST", "/tokens", body, null);
}

describe("Scaleway legacy account API: tokens", () => {
  it("logs in with an IAM member's email and password, and the token authenticates", async () => {
    const userId = await memberWithPassword("legacy@example.com", "Legacy-pass-1");
    const created = await login({ email: "legacy@example.com", password: "Legacy-pass-1" });
    expect(created.status).toBe(201);
    const token = created.body.token;
    expect(token).toMatchObject({ id: expect.stringMatching(UUID), user_id: userId, inherits_user_perms: true });
    expect(token.creation_date).toMatch(LEGACY_DATE);
    expect(token.expires).toMatch(LEGACY_DATE);
    expect(created.headers.get("location")).toBe(`${sandbox().urls.account}/tokens/${token.id}`);
    const mine = await account(sandbox(), "GET", "/tokens", undefined, token.id);
    expect(mine.body.tokens.map((t: any) => t.id)).toEqual([token.id]);
    const read = await account(sandbox(), "GET", `/tokens/${token.id}`, undefined, token.id);
    expect(read.body).toEqual({ token });
  });

  it("refuses wrong credentials and invalid bodies in the legacy error shape", async () => {
    const wrong = await login({ email: "owner@sandbox.invalid", password: "nope-nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ message: "Invalid credentials", type: "invalid_auth" });
    const invalid = await login({ email: "owner@sandbox.invalid", expires: "no" });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({
      fields: { password: ["required key not provided"], expires: ["expected a boolean"] },
      message: "Validation Error",
      type: "invalid_request_error",
    });
  });

  it("extends an expiring token by 30 minutes with PATCH; a non-expiring one stays null", async () => {
    const owner = { email: "owner@sandbox.invalid", password: sandbox().credentials.scalewaySecretKey };
    const token = (await login(owner)).body.token;
    const patched = await account(sandbox(), "PATCH", `/tokens/${token.id}`);
    expect(Date.parse(patched.body.token.expires) - Date.parse(token.expires)).toBe(30 * 60_000);
    const forever = (await login({ ...owner, expires: false })).body.token;
    expect(forever.expires).toBeNull();
    expect((await account(sandbox(), "PATCH", `/tokens/${forever.id}`)).body.token.expires).toBeNull();
  });

  it("forgets an expired token: 404, and it no longer authenticates", async () => {
    const owner = { email: "owner@sandbox.invalid", password: sandbox().credentials.scalewaySecretKey };
    const token = (await login(owner)).body.token;
    sandbox().state.scaleway.legacy.tokens.get(token.id)!.expiresAt = Date.now() - 1;
    const read = await account(sandbox(), "GET", `/tokens/${token.id}`);
    expect(read.status).toBe(404);
    expect(read.body).toEqual({ message: "Token not found", type: "unknown_resource" });
    expect(read.text).not.toContain(token.id);
    expect((await account(sandbox(), "GET", "/organizations", undefined, token.id)).status).toBe(401);
  });

  it("deletes a token (204, then 404) and describes its permissions", async () => {
    const owner = { email: "owner@sandbox.invalid", password: sandbox().credentials.scalewaySecretKey };
    const token = (await login(owner)).body.token;
    const permissions = await account(sandbox(), "GET", `/tokens/${token.id}/permissions`, undefined, token.id);
    expect(permissions.body.permissions.account).toEqual({
      "organization:*": [sandbox().credentials.scalewayOrganizationId],
      "token:*": [sandbox().credentials.scalewayUserId],
      "user:*": [sandbox().credentials.scalewayUserId],
      "users:*": [`${sandbox().credentials.scalewayOrganizationId}:*`],
    });
    expect((await account(sandbox(), "DELETE", `/tokens/${token.id}`)).status).toBe(204);
    expect((await account(sandbox(), "DELETE", `/tokens/${token.id}`)).status).toBe(404);
  });
});

describe("Scaleway legacy account API: organizations, invitations, users", () => {
  it("lists and reads the organizations", async () => {
    const orgId = sandbox().credentials.scalewayOrganizationId;
    const listed = await account(sandbox(), "GET", "/organizations");
    expect(listed.body).toEqual({ organizations: [{ id: orgId, name: "sandbox" }] });
    const one = await account(sandbox(), "GET", `/organizations/${orgId}`);
    expect(one.body).toEqual({ organization: { id: orgId, name: "sandbox" } });
    expect((await account(sandbox(), "GET", `/organizations/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await account(sandbox(), "GET", "/organizations", undefined, null)).status).toBe(401);
  });

  it("creates invitations (201) and lists them; fields are required", async () => {
    const orgId = sandbox().credentials.scalewayOrganizationId;
    const invite = { email: "rh1@mail.ext", firstname: "Rob", lastname: "Hill" };
    const created = await account(sandbox(), "POST", `/organizations/${orgId}/invites`, invite);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ invite: { ...invite, id: expect.stringMatching(UUID), status: "pending" } });
    const listed = await account(sandbox(), "GET", `/organizations/${orgId}/invites`);
    expect(listed.body).toEqual({ invites: [created.body.invite] });
    const bad = await account(sandbox(), "POST", `/organizations/${orgId}/invites`, { email: "x" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["email", "firstname", "lastname"]);
  });

  it("shows a user with its organizations and roles", async () => {
    const userId = sandbox().credentials.scalewayUserId;
    const user = await account(sandbox(), "GET", `/users/${userId}`);
    expect(user.body.user).toMatchObject({
      id: userId,
      email: "owner@sandbox.invalid",
      organizations: [{ id: sandbox().credentials.scalewayOrganizationId, name: "sandbox" }],
      ssh_public_keys: null,
    });
  });
});
