import { describe, expect, it } from "vitest";
import { describeWithShared } from "../support/shared";
import { UUID, useSandbox } from "./helpers";
import {
  coverageOf,
  type Exchange,
  type NumspotSession,
  numspotSession,
  problemsOf,
  undocumented,
} from "./numspot-openapi-check";

const sandbox = useSandbox({ numspot: { queuedMs: 0, runningMs: 0 } });
const exchanges: Exchange[] = [];

async function session(): Promise<NumspotSession & { org: string; space: string; spaceId: string }> {
  const s = await numspotSession(sandbox());
  const spaceId = (await s.call("POST", `/organisations/${s.organisationId}/spaces`, { name: "sub", description: "d" }))
    .body.id;
  const call: NumspotSession["call"] = async (method, url, body) => {
    const answer = await s.call(method, url, body);
    exchanges.push(s.exchanges.at(-1)!);
    return answer;
  };
  return { ...s, call, org: `/iam/organisations/${s.organisationId}`, space: `/iam/spaces/${spaceId}`, spaceId };
}

describe("Numspot service accounts", () => {
  it("answers the secret only at creation (201), then reads, renames (PUT) and deletes without it", async () => {
    const s = await session();
    const created = await s.call("POST", `${s.org}/serviceAccounts`, { name: "ci", tokenDuration: "PT2H" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      name: "ci",
      tokenDuration: "PT2H",
      secret: expect.any(String),
    });
    expect(created.body.secret.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify([...sandbox().state.numspot.serviceAccounts.values()])).not.toContain(created.body.secret);
    const path = `${s.org}/serviceAccounts/${created.body.id}`;
    expect((await s.call("GET", path)).body).toEqual({ id: created.body.id, name: "ci", tokenDuration: "PT2H" });
    const renamed = await s.call("PUT", path, { name: "ci-2" });
    expect(renamed.status).toBe(200);
    // PUT replaces: an omitted tokenDuration is the spec's default.
    expect(renamed.body).toEqual({ id: created.body.id, name: "ci-2", tokenDuration: "PT24H" });
    const listed = await s.call("GET", `${s.org}/serviceAccounts`);
    expect(listed.body.items).toContainEqual(renamed.body);
    expect((await s.call("GET", `${s.org}/match/serviceAccounts?serviceAccountName=ci-2`)).body.items).toEqual([
      renamed.body,
    ]);
    expect((await s.call("DELETE", path)).status).toBe(204);
    expect((await s.call("GET", path)).status).toBe(404);
  });

  it("assigns to spaces, lists them, and a space DELETE unassigns an organisation account", async () => {
    const s = await session();
    const account = (await s.call("POST", `${s.org}/serviceAccounts`, { name: "assigned" })).body;
    const inSpace = `${s.space}/serviceAccounts/${account.id}`;
    expect((await s.call("GET", inSpace)).status).toBe(404);
    const assigned = await s.call("POST", inSpace);
    expect(assigned.status).toBe(200);
    expect(assigned.text).toBe("");
    expect((await s.call("GET", inSpace)).status).toBe(200);
    expect((await s.call("GET", `${s.space}/serviceAccounts`)).body.items.map((a: any) => a.id)).toContain(account.id);
    expect((await s.call("GET", `${s.org}/serviceAccounts/${account.id}/spaces`)).body).toEqual({
      items: [{ id: s.spaceId }],
      totalSize: 1,
    });
    expect((await s.call("DELETE", inSpace)).status).toBe(204);
    expect((await s.call("GET", inSpace)).status).toBe(404);
    expect((await s.call("GET", `${s.org}/serviceAccounts/${account.id}`)).status).toBe(200);

    const spaceAccount = (await s.call("POST", `${s.space}/serviceAccounts`, { name: "space-born" })).body;
    expect((await s.call("DELETE", `${s.space}/serviceAccounts/${spaceAccount.id}`)).status).toBe(204);
    expect((await s.call("GET", `${s.org}/serviceAccounts/${spaceAccount.id}`)).status).toBe(404);
  });

  it("creates an administrator account of a space holding the Space Administrator role there", async () => {
    const s = await session();
    const admin = await s.call(
      "POST",
      `/iam/admin/organisations/${s.organisationId}/spaces/${s.spaceId}/serviceAccounts`,
      {
        name: "space-admin",
      },
    );
    expect(admin.status).toBe(201);
    const policy = await s.call("GET", `${s.space}/iampolicy/serviceAccounts/${admin.body.id}`);
    const roles = (await s.call("GET", `${s.space}/roles?name=Space%20Administrator`)).body.items;
    expect(policy.body.roles).toEqual([roles[0].uuid]);
  });

  it("refuses duplicates (409), bad durations and names (400), non-UUID ids (400)", async () => {
    const s = await session();
    await s.call("POST", `${s.org}/serviceAccounts`, { name: "dup" });
    const duplicate = await s.call("POST", `${s.org}/serviceAccounts`, { name: "dup" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.type).toBe("https://portal.api.numspot.com/errors#duplicate_resource");
    const bad = await s.call("POST", `${s.org}/serviceAccounts`, { name: "", tokenDuration: "24 hours" });
    expect(bad.body.violations.map((v: any) => v.field)).toEqual(["name", "tokenDuration"]);
    expect((await s.call("GET", `${s.org}/serviceAccounts/nope`)).status).toBe(400);
    expect((await s.call("GET", `${s.org}/match/serviceAccounts`)).status).toBe(400);
  });
});

describe("Numspot users", () => {
  it("creates (201, active), reads, updates (PUT), deactivates (PATCH) and deletes a user", async () => {
    const s = await session();
    const created = await s.call("POST", `${s.org}/users`, {
      email: "grace@example.com",
      firstname: "Grace",
      lastname: "Hopper",
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      email: "grace@example.com",
      firstname: "Grace",
      lastname: "Hopper",
      active: true,
      createdOn: expect.any(String),
    });
    const path = `${s.org}/users/${created.body.id}`;
    const updated = await s.call("PUT", path, {
      email: "grace@example.org",
      firstname: "Grace",
      lastname: "H.",
      active: true,
    });
    expect(updated.body).toMatchObject({ email: "grace@example.org", lastname: "H.", updatedOn: expect.any(String) });
    const state = await s.call("PATCH", path, { active: false });
    expect(state.status).toBe(200);
    expect(state.body).toEqual({
      id: created.body.id,
      active: false,
      createdOn: created.body.createdOn,
      updatedOn: expect.any(String),
    });
    const match = await s.call("GET", `${s.org}/match/users?email=GRACE@example.org`);
    expect(match.body).toMatchObject({ id: created.body.id, active: false });
    const recovery = await s.call("POST", `${path}/recover`);
    expect(recovery.body).toEqual({
      link: expect.stringMatching(/^https:/),
      code: expect.any(String),
      expiration: expect.any(String),
    });
    expect((await s.call("DELETE", path)).status).toBe(204);
    expect((await s.call("GET", path)).status).toBe(404);
    expect((await s.call("GET", `${s.org}/match/users?email=grace@example.org`)).status).toBe(404);
  });

  it("assigns to and unassigns from a space; creating in a space assigns there", async () => {
    const s = await session();
    const user = (await s.call("POST", `${s.org}/users`, { email: "lin@example.com", firstname: "L", lastname: "M" }))
      .body;
    const inSpace = `${s.space}/users/${user.id}`;
    expect((await s.call("GET", inSpace)).status).toBe(404);
    expect((await s.call("POST", inSpace)).status).toBe(200);
    expect((await s.call("GET", inSpace)).body.id).toBe(user.id);
    expect((await s.call("GET", `${s.org}/users/${user.id}/spaces`)).body.items).toEqual([{ id: s.spaceId }]);
    expect((await s.call("DELETE", inSpace)).status).toBe(204);
    expect((await s.call("GET", inSpace)).status).toBe(404);
    expect((await s.call("GET", `${s.org}/users/${user.id}`)).status).toBe(200);

    const born = await s.call("POST", `${s.space}/users`, { email: "born@example.com", firstname: "B", lastname: "S" });
    expect(born.status).toBe(201);
    expect((await s.call("GET", `${s.space}/users`)).body.items.map((u: any) => u.id)).toEqual([born.body.id]);
    expect((await s.call("GET", `${s.space}/match/users?email=born@example.com`)).body.id).toBe(born.body.id);
  });

  it("refuses duplicate emails (409), invalid bodies (400), and a space of no access (403)", async () => {
    const s = await session();
    await s.call("POST", `${s.org}/users`, { email: "twice@example.com", firstname: "T", lastname: "W" });
    const again = await s.call("POST", `${s.space}/users`, {
      email: "Twice@example.com",
      firstname: "T",
      lastname: "W",
    });
    expect(again.status).toBe(409);
    const invalid = await s.call("POST", `${s.org}/users`, { email: "not-an-email", firstname: 1 });
    expect(invalid.body.violations.map((v: any) => v.field)).toEqual(["email", "firstname", "lastname"]);
    const put = await s.call("PUT", `${s.org}/users/${(await s.call("GET", `${s.org}/users`)).body.items[0].id}`, {
      email: "x@example.com",
      firstname: "x",
      lastname: "y",
    });
    expect(put.body.violations).toEqual([{ field: "active", description: "is required" }]);
    expect((await s.call("GET", "/iam/spaces/8d4c0e8a-0000-4000-8000-00000000abcd/users")).status).toBe(403);
    expect((await s.call("GET", "/iam/spaces/not-a-uuid/users")).status).toBe(400);
  });
});

describe("Numspot identity look-ups", () => {
  it("lists the identity's organisations and the organisation's spaces", async () => {
    const s = await session();
    const organisations = await s.call("GET", "/iam/organisations");
    expect(organisations.body.items).toEqual([{ id: s.organisationId, name: expect.any(String) }]);
    const spaces = await s.call("GET", `${s.org}/spaces?page[size]=50`);
    expect(spaces.body.items).toContainEqual({ id: s.spaceId });
  });
});

describeWithShared("Numspot subject answers against Numspot's OpenAPI", () => {
  it("every exchange of this file conforms, and the run covered every subject operation", () => {
    expect(problemsOf(exchanges)).toEqual([]);
    expect([...undocumented].sort()).toEqual([]);
    const covered = new Set([...coverageOf(exchanges)].map((key) => key.split(" ")[0]));
    for (const operation of [
      "CreateServiceAccountOrganisation",
      "CreateServiceAccountSpace",
      "CreateAdminServiceAccountSpace",
      "ListServiceAccountOrganisation",
      "ListServiceAccountSpace",
      "MatchServiceAccountOrganisation",
      "GetServiceAccountOrganisation",
      "GetServiceAccountSpace",
      "UpdateServiceAccountOrganisation",
      "DeleteServiceAccountOrganisation",
      "DeleteServiceAccountSpace",
      "AssignServiceAccountToSpace",
      "ListSpacesOfServiceAccount",
      "CreateUserOrganisation",
      "CreateUserSpace",
      "ListUserSpace",
      "GetUserOrganisation",
      "GetUserSpace",
      "UpdateUserOrganisation",
      "PatchUserStateOrganisation",
      "DeleteUserOrganisation",
      "UnassignUserSpace",
      "AssignUserToSpace",
      "GetUserOrganisationByEmail",
      "GetUserSpaceByEmail",
      "ListSpacesOfUser",
      "RecoverUserOrganisation",
      "ListOrganisationsIdentity",
      "ListSpacesIdentity",
    ]) {
      expect(covered, operation).toContain(operation);
    }
  });
});
