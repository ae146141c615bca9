import { describe, expect, it } from "vitest";
import { useSandbox } from "./helpers";
import { createUser, finishPending, juju, outcomesFor, pendingFor } from "./juju-helpers";

const sandbox = useSandbox({ juju: { changeDelayMs: 600_000 } });

const credentialsOf = async (user: string) => {
  const answer = await juju(sandbox(), "GET", `/users/${user}/credentials`);
  expect(answer.status).toBe(202);
  return answer.body as { name: string; type: string; key: unknown }[];
};

describe("Sojobo credentials", () => {
  it("adds a credential with 202 and shows it, content included, once the change lands", async () => {
    const user = await createUser(sandbox());
    const key = { file: '{"type": "service_account"}' };
    const added = await juju(sandbox(), "POST", `/users/${user}/credentials`, {
      name: "gce",
      c_type: "google",
      credentials: key,
    });
    expect(added).toMatchObject({ status: 202, body: "Process being handeled" });
    expect(await credentialsOf(user)).toEqual([]);
    finishPending(sandbox(), user);
    expect(await credentialsOf(user)).toEqual([{ name: "gce", type: "google", key }]);
    expect((await juju(sandbox(), "GET", `/users/${user}`)).body).toMatchObject({
      credentials: [{ name: "gce", type: "google", key }],
    });
  });

  it("de-duplicates by exact content only: the same name with another key makes a second credential", async () => {
    const user = await createUser(sandbox());
    const post = (credentials: unknown) =>
      juju(sandbox(), "POST", `/users/${user}/credentials`, { name: "aws", c_type: "aws", credentials });
    await post({ "access-key": "AK1", "secret-key": "S1" });
    await post({ "secret-key": "S1", "access-key": "AK1" }); // same content, other key order
    await post({ "access-key": "AK2", "secret-key": "S2" });
    finishPending(sandbox(), user);
    expect((await credentialsOf(user)).map((credential) => credential.key)).toEqual([
      { "access-key": "AK1", "secret-key": "S1" },
      { "access-key": "AK2", "secret-key": "S2" },
    ]);

    // DELETE names a credential; the server removes the first of that name only.
    const removed = await juju(sandbox(), "DELETE", `/users/${user}/credentials`, { name: "aws" });
    expect(removed).toMatchObject({ status: 202, body: "Process being handeled" });
    finishPending(sandbox(), user);
    expect((await credentialsOf(user)).map((credential) => credential.key)).toEqual([
      { "access-key": "AK2", "secret-key": "S2" },
    ]);
  });

  it("refuses missing fields and unknown cloud types with 400 before anything starts", async () => {
    const user = await createUser(sandbox());
    const bodies = [
      { c_type: "google", credentials: { file: "x" } },
      { name: "n", credentials: { file: "x" } },
      { name: "n", c_type: "google" },
      { name: "n", c_type: "no-such-cloud", credentials: { file: "x" } },
      { name: "n", c_type: "google", credentials: "not an object" },
    ];
    for (const body of bodies) {
      const answer = await juju(sandbox(), "POST", `/users/${user}/credentials`, body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.body).toBe(
        "The request does not have all the required data or the data is not in the right format.",
      );
    }
    expect((await juju(sandbox(), "DELETE", `/users/${user}/credentials`, {})).status).toBe(400);
    expect(pendingFor(sandbox(), user)).toEqual([]);
  });

  it("a failed change leaves the old credentials for ever", async () => {
    const user = await createUser(sandbox());
    await juju(sandbox(), "POST", `/users/${user}/credentials`, {
      name: "gce",
      c_type: "google",
      credentials: { file: "a" },
    });
    finishPending(sandbox(), user);
    await juju(sandbox(), "DELETE", `/users/${user}/credentials`, { name: "gce" });
    finishPending(sandbox(), user, "failed");
    expect((await credentialsOf(user)).map((credential) => credential.name)).toEqual(["gce"]);
    expect(outcomesFor(sandbox(), user)).toEqual([
      { kind: "add-credential", status: "landed" },
      { kind: "remove-credential", status: "failed" },
    ]);
  });
});
