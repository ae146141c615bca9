import { describe, expect, it } from "vitest";
import { useSandbox } from "./helpers";
import { createUser, juju, userName } from "./juju-helpers";

const sandbox = useSandbox();

const INVALID_DATA = "The request does not have all the required data or the data is not in the right format.";
const NO_PERMISSION = "You do not have permission to use the API";

describe("Sojobo auth: api-key header and BasicAuth", () => {
  it("answers 400 with the bare invalid-data string when the api-key header is missing, whatever the login", async () => {
    for (const basic of [undefined, null]) {
      const answer = await juju(sandbox(), "GET", "/users", undefined, { apiKey: null, basic });
      expect(answer.status).toBe(400);
      expect(answer.text).toBe(JSON.stringify(INVALID_DATA));
      expect(answer.headers.get("content-type")).toBe("application/json");
    }
  });

  it("answers 403 with a bare string on a wrong api-key, no BasicAuth, a wrong password or an unknown user", async () => {
    const { jujuUsername } = sandbox().credentials;
    const attempts = [
      { apiKey: "0123456789abcdef0123456789abcdef" },
      { basic: null },
      { basic: { username: jujuUsername, password: "wrong" } },
      { basic: { username: "nobody-here", password: "whatever" } },
    ];
    for (const login of attempts) {
      const answer = await juju(sandbox(), "GET", "/users", undefined, login);
      expect(answer.status).toBe(403);
      expect(answer.body).toBe(NO_PERMISSION);
    }
  });

  it("refuses before routing: even an unknown path answers 403 to a wrong key", async () => {
    const answer = await juju(sandbox(), "GET", "/nothing-here", undefined, { apiKey: "nope" });
    expect(answer.status).toBe(403);
  });

  it("lets the admin through, and answers unknown routes and methods with Flask's texts as bare strings", async () => {
    const list = await juju(sandbox(), "GET", "/users");
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
    const unknown = await juju(sandbox(), "GET", "/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatch(/^The requested URL was not found on the server\./);
    const method = await juju(sandbox(), "PATCH", "/users");
    expect(method.status).toBe(405);
    expect(method.body).toBe("The method is not allowed for the requested URL.");
  });

  it("answers a body that is not JSON with 400 and a bare string", async () => {
    const answer = await fetch(`${sandbox().urls.juju}/users`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "api-key": sandbox().credentials.jujuApiKey,
        authorization: `Basic ${Buffer.from(`${sandbox().credentials.jujuUsername}:${sandbox().credentials.jujuPassword}`).toString("base64")}`,
      },
      body: "{not json",
    });
    expect(answer.status).toBe(400);
    expect(typeof (await answer.json())).toBe("string");
  });
});

describe("Sojobo auth: users log in with their own password", () => {
  it("a user sees itself (GET /users answers its record, not a list) and nothing of others", async () => {
    const alice = await createUser(sandbox(), userName("alice"), "alice-pw");
    const bob = await createUser(sandbox(), userName("bob"), "bob-pw");
    const asAlice = { basic: { username: alice, password: "alice-pw" } };

    const own = await juju(sandbox(), "GET", "/users", undefined, asAlice);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ name: alice, active: true });
    expect((await juju(sandbox(), "GET", `/users/${alice}`, undefined, asAlice)).status).toBe(200);

    for (const [method, path, body] of [
      ["GET", `/users/${bob}`, undefined],
      ["PUT", `/users/${bob}`, { password: "taken-over" }],
      ["DELETE", `/users/${bob}`, undefined],
      ["POST", "/users", { username: userName("eve"), password: "pw" }],
      ["GET", `/users/${bob}/ssh`, undefined],
      ["POST", `/users/${bob}/credentials`, { name: "c", c_type: "google", credentials: { file: "x" } }],
      ["PUT", `/users/${bob}/controllers/eurostack`, { access: "superuser" }],
    ] as const) {
      const answer = await juju(sandbox(), method, path, body, asAlice);
      expect({ method, path, status: answer.status, body: answer.body }).toEqual({
        method,
        path,
        status: 403,
        body: NO_PERMISSION,
      });
    }
  });

  it("a new password replaces the old one at once; a disabled user cannot log in", async () => {
    const carol = await createUser(sandbox(), userName("carol"), "first-pw");
    const changed = await juju(
      sandbox(),
      "PUT",
      `/users/${carol}`,
      { password: "second-pw" },
      {
        basic: { username: carol, password: "first-pw" },
      },
    );
    expect(changed).toMatchObject({ status: 200, body: `succesfully changed password for user ${carol}` });
    expect(
      (await juju(sandbox(), "GET", "/users", undefined, { basic: { username: carol, password: "first-pw" } })).status,
    ).toBe(403);
    expect(
      (await juju(sandbox(), "GET", "/users", undefined, { basic: { username: carol, password: "second-pw" } })).status,
    ).toBe(200);

    expect((await juju(sandbox(), "DELETE", `/users/${carol}`)).status).toBe(200);
    const denied = await juju(sandbox(), "GET", "/users", undefined, {
      basic: { username: carol, password: "second-pw" },
    });
    expect(denied).toMatchObject({ status: 403, body: NO_PERMISSION });
  });
});
