import { describe, expect, it } from "vitest";
import { useSandbox } from "./helpers";
import { createUser, juju, userName } from "./juju-helpers";

const sandbox = useSandbox();

describe("Sojobo users: create, read, list", () => {
  it("creates a user with login on every controller, and shows it as documented", async () => {
    const name = userName("dana");
    const created = await juju(sandbox(), "POST", "/users", { username: name, password: "pw-1" });
    expect(created.status).toBe(200);
    expect(created.body).toBe(`User ${name} succesfully created.`);
    const shown = await juju(sandbox(), "GET", `/users/${name}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      name,
      active: true,
      credentials: [],
      ssh_keys: [],
      controllers: [{ name: "eurostack", access: "login", models: [] }],
    });
    expect(JSON.stringify(shown.body)).not.toContain("pw-1");
  });

  it("lower-cases names on the way in, in bodies and paths alike", async () => {
    const name = userName("Erin-MIXED");
    const lower = name.toLowerCase();
    expect((await juju(sandbox(), "POST", "/users", { username: name, password: "pw" })).body).toBe(
      `User ${lower} succesfully created.`,
    );
    expect((await juju(sandbox(), "GET", `/users/${name}`)).body).toMatchObject({ name: lower });
    expect((await juju(sandbox(), "GET", `/users/${lower}`)).body).toMatchObject({ name: lower });
    const again = await juju(sandbox(), "POST", "/users", { username: lower, password: "pw" });
    expect(again).toMatchObject({ status: 409, body: "The user already exists!" });
  });

  it("enforces the name rule with the server's bare-string errors", async () => {
    const cases: [unknown, number, string][] = [
      ["under_score", 400, "Only lowercase letters, digits and hyphens are allowed"],
      ["dot.ted", 400, "Only lowercase letters, digits and hyphens are allowed"],
      ["spa ce", 400, "Only lowercase letters, digits and hyphens are allowed"],
      ["émile", 400, "Only lowercase letters, digits and hyphens are allowed"],
      ["", 400, "Empty values are not allowed"],
      [null, 400, "Empty values are not allowed"],
      [42, 400, "The request does not have all the required data or the data is not in the right format."],
    ];
    for (const [username, status, message] of cases) {
      const answer = await juju(sandbox(), "POST", "/users", { username, password: "pw" });
      expect({ username, status: answer.status, body: answer.body }).toEqual({ username, status, body: message });
    }
    const badPath = await juju(sandbox(), "GET", "/users/not_valid");
    expect(badPath).toMatchObject({ status: 400, body: "Only lowercase letters, digits and hyphens are allowed" });
  });

  it("wants username and a non-empty password", async () => {
    const invalid = "The request does not have all the required data or the data is not in the right format.";
    expect((await juju(sandbox(), "POST", "/users", { password: "pw" })).body).toBe(invalid);
    expect((await juju(sandbox(), "POST", "/users", { username: userName() })).body).toBe(invalid);
    const empty = await juju(sandbox(), "POST", "/users", { username: userName(), password: "" });
    expect(empty).toMatchObject({ status: 400, body: "Empty values are not allowed" });
  });

  it("lists active users only, the admin among them", async () => {
    const name = await createUser(sandbox());
    const gone = await createUser(sandbox());
    await juju(sandbox(), "DELETE", `/users/${gone}`);
    const list = await juju(sandbox(), "GET", "/users");
    const names = (list.body as { name: string }[]).map((user) => user.name);
    expect(names).toContain(name);
    expect(names).toContain(sandbox().credentials.jujuUsername);
    expect(names).not.toContain(gone);
  });

  it("answers 404 with the documented string for an unknown user", async () => {
    for (const method of ["GET", "PUT", "DELETE"]) {
      const answer = await juju(
        sandbox(),
        method,
        `/users/${userName("ghost")}`,
        method === "PUT" ? { password: "pw" } : undefined,
      );
      expect({ method, status: answer.status, body: answer.body }).toEqual({
        method,
        status: 404,
        body: "The user does not exist!",
      });
    }
  });
});

describe("Sojobo users: password and disabling", () => {
  it("changes a password with PUT /users/{u}, wanting a password", async () => {
    const name = await createUser(sandbox());
    const changed = await juju(sandbox(), "PUT", `/users/${name}`, { password: "new-pw" });
    expect(changed).toMatchObject({ status: 200, body: `succesfully changed password for user ${name}` });
    expect(sandbox().state.juju.users.get(name)?.password).toBe("new-pw");
    const missing = await juju(sandbox(), "PUT", `/users/${name}`, {});
    expect(missing.status).toBe(400);
  });

  it("DELETE only disables: the record stays, stripped of access, and the name answers 409 for ever", async () => {
    const name = await createUser(sandbox());
    const removed = await juju(sandbox(), "DELETE", `/users/${name}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual([
      { name, controllers: [{ name: "eurostack", type: "google", access: "login", models: [] }] },
    ]);
    const shown = await juju(sandbox(), "GET", `/users/${name}`);
    expect(shown.body).toMatchObject({ name, active: false, controllers: [] });

    for (const username of [name, name.toUpperCase()]) {
      const again = await juju(sandbox(), "POST", "/users", { username, password: "pw" });
      expect(again).toMatchObject({ status: 409, body: "The user already exists!" });
    }
    // Deleting again changes nothing: still disabled, still taken.
    expect((await juju(sandbox(), "DELETE", `/users/${name}`)).status).toBe(200);
    expect((await juju(sandbox(), "POST", "/users", { username: name, password: "pw" })).status).toBe(409);
  });

  it("re-enables a disabled user with PUT /users, giving login back on every controller", async () => {
    const name = await createUser(sandbox());
    await juju(sandbox(), "DELETE", `/users/${name}`);
    const enabled = await juju(sandbox(), "PUT", "/users", { username: name.toUpperCase() });
    expect(enabled).toMatchObject({ status: 200, body: `User ${name} succesfully activated` });
    expect((await juju(sandbox(), "GET", `/users/${name}`)).body).toMatchObject({
      active: true,
      controllers: [{ name: "eurostack", access: "login", models: [] }],
    });
    // Re-enabled is not re-created: the name stays taken.
    expect((await juju(sandbox(), "POST", "/users", { username: name, password: "pw" })).status).toBe(409);
    expect((await juju(sandbox(), "PUT", "/users", { username: userName("ghost") })).status).toBe(404);
    expect((await juju(sandbox(), "PUT", "/users", {})).status).toBe(400);
  });

  it("never disables the admin", async () => {
    const answer = await juju(sandbox(), "DELETE", `/users/${sandbox().credentials.jujuUsername}`);
    expect(answer).toMatchObject({ status: 403, body: "This would remove the admin from the system!" });
    expect(sandbox().state.juju.users.get(sandbox().state.juju.admin)?.active).toBe(true);
  });
});
