import { describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox";
import { useSandbox } from "./helpers";
import { createUser, finishPending, juju, outcomesFor, pendingFor, userName } from "./juju-helpers";

const CONTROLLERS = [
  { name: "prod", type: "aws", models: ["controller", "default", "web"] },
  { name: "lab", type: "lxd", models: ["default"] },
];
const sandbox = useSandbox({ juju: { changeDelayMs: 600_000, controllers: CONTROLLERS } });

describe("Sojobo controllers and models in state", () => {
  it("seeds the controllers given, with the admin superuser on each and admin on every model", async () => {
    const admin = sandbox().credentials.jujuUsername;
    const answer = await juju(sandbox(), "GET", `/users/${admin}/controllers`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      {
        prod: {
          access: "superuser",
          models: [{ controller: "admin" }, { default: "admin" }, { web: "admin" }],
          type: "aws",
        },
      },
      { lab: { access: "superuser", models: [{ default: "admin" }], type: "lxd" } },
    ]);
    expect([...sandbox().state.juju.controllers.keys()]).toEqual(["prod", "lab"]);
  });

  it("seeds one controller with two models by default", async () => {
    const target = await startSandbox();
    try {
      const answer = await juju(target, "GET", `/users/${target.credentials.jujuUsername}/controllers/eurostack`);
      expect(answer.body).toEqual({
        eurostack: { access: "superuser", models: [{ controller: "admin" }, { default: "admin" }], type: "google" },
      });
    } finally {
      await target.stop();
    }
  });

  it("answers 404 for an unknown controller or model", async () => {
    const user = await createUser(sandbox());
    expect(await juju(sandbox(), "GET", `/users/${user}/controllers/nowhere`)).toMatchObject({
      status: 404,
      body: "The controller does not exist!",
    });
    expect(
      await juju(sandbox(), "PUT", `/users/${user}/controllers/prod/models/nothing`, { access: "read" }),
    ).toMatchObject({ status: 404, body: "The model does not exist!" });
    expect(
      await juju(sandbox(), "PUT", `/users/${userName("ghost")}/controllers/prod`, { access: "login" }),
    ).toMatchObject({ status: 404, body: "The user does not exist!" });
  });
});

describe("Sojobo controller access", () => {
  it("PUT answers 202; the level shows once the change lands", async () => {
    const user = await createUser(sandbox());
    const read = async () => (await juju(sandbox(), "GET", `/users/${user}/controllers/prod`)).body;
    expect(await read()).toEqual({ prod: { access: "login", models: [], type: "aws" } });

    const put = await juju(sandbox(), "PUT", `/users/${user}/controllers/prod`, { access: "ADD-MODEL" });
    expect(put).toMatchObject({ status: 202, body: "Process being handeled" });
    expect(await read()).toMatchObject({ prod: { access: "login" } });
    finishPending(sandbox(), user);
    expect(await read()).toMatchObject({ prod: { access: "add-model" } });
    expect((await juju(sandbox(), "GET", `/users/${user}`)).body).toMatchObject({
      controllers: [
        { name: "prod", access: "add-model" },
        { name: "lab", access: "login" },
      ],
    });
  });

  it("superuser brings admin on every model of the controller", async () => {
    const user = await createUser(sandbox());
    await juju(sandbox(), "PUT", `/users/${user}/controllers/lab`, { access: "superuser" });
    finishPending(sandbox(), user);
    expect((await juju(sandbox(), "GET", `/users/${user}/controllers/lab/models`)).body).toEqual([
      { name: "default", access: "admin" },
    ]);
  });

  it("accepts a model level with 202, which then never lands", async () => {
    const user = await createUser(sandbox());
    expect((await juju(sandbox(), "PUT", `/users/${user}/controllers/prod`, { access: "write" })).status).toBe(202);
    // Not even a pinned "landed" makes Juju take it: the change was failed from the start.
    expect(pendingFor(sandbox(), user)).toHaveLength(1);
    for (const change of pendingFor(sandbox(), user)) (change.timeline as { startedAt: number }).startedAt = 0;
    expect((await juju(sandbox(), "GET", `/users/${user}/controllers/prod`)).body).toMatchObject({
      prod: { access: "login" },
    });
    expect(outcomesFor(sandbox(), user)).toEqual([{ kind: "controller-access", status: "failed" }]);
  });

  it("refuses unknown levels (naming 'access', as the server does), a missing level, and the admin", async () => {
    const user = await createUser(sandbox());
    const unknown = await juju(sandbox(), "PUT", `/users/${user}/controllers/prod`, { access: "owner" });
    expect(unknown).toMatchObject({ status: 400, body: "This access level does not exist: access" });
    expect((await juju(sandbox(), "PUT", `/users/${user}/controllers/prod`, {})).status).toBe(400);
    const admin = sandbox().credentials.jujuUsername;
    const self = await juju(sandbox(), "PUT", `/users/${admin}/controllers/prod`, { access: "login" });
    expect(self).toMatchObject({ status: 403, body: "You do not have permission to use the API" });
    expect(pendingFor(sandbox(), user)).toEqual([]);
  });

  it("has no DELETE: 405", async () => {
    const user = await createUser(sandbox());
    const answer = await juju(sandbox(), "DELETE", `/users/${user}/controllers/prod`);
    expect(answer).toMatchObject({ status: 405, body: "The method is not allowed for the requested URL." });
  });

  it("a controller superuser may grant others; a plain user may not", async () => {
    const boss = await createUser(sandbox(), userName("boss"), "boss-pw");
    const worker = await createUser(sandbox());
    const asBoss = { basic: { username: boss, password: "boss-pw" } };
    expect(
      (await juju(sandbox(), "PUT", `/users/${worker}/controllers/prod`, { access: "add-model" }, asBoss)).status,
    ).toBe(403);
    await juju(sandbox(), "PUT", `/users/${boss}/controllers/prod`, { access: "superuser" });
    finishPending(sandbox(), boss);
    expect(
      (await juju(sandbox(), "PUT", `/users/${worker}/controllers/prod`, { access: "add-model" }, asBoss)).status,
    ).toBe(202);
    // The boss's own controller `lab` stays at login: no say there.
    expect(
      (await juju(sandbox(), "PUT", `/users/${worker}/controllers/lab`, { access: "add-model" }, asBoss)).status,
    ).toBe(403);
  });
});

describe("Sojobo model access", () => {
  it("PUT answers 202 and lands later; GET answers both documented and real shapes in turn", async () => {
    const user = await createUser(sandbox());
    const path = `/users/${user}/controllers/prod/models/web`;
    const put = await juju(sandbox(), "PUT", path, { access: "write" });
    expect(put).toMatchObject({ status: 202, body: "Process being handeled" });
    finishPending(sandbox(), user);
    const shapes = [(await juju(sandbox(), "GET", path)).body, (await juju(sandbox(), "GET", path)).body];
    expect(shapes).toEqual(expect.arrayContaining([{ name: "web", access: "write" }, { access: "write" }]));
    expect((await juju(sandbox(), "GET", `/users/${user}/controllers/prod/models`)).body).toEqual([
      { name: "web", access: "write" },
    ]);
  });

  it("accepts a controller level with 202, which then never lands", async () => {
    const user = await createUser(sandbox());
    const path = `/users/${user}/controllers/prod/models/default`;
    await juju(sandbox(), "PUT", path, { access: "read" });
    finishPending(sandbox(), user);
    expect((await juju(sandbox(), "PUT", path, { access: "superuser" })).status).toBe(202);
    for (const change of pendingFor(sandbox(), user)) (change.timeline as { startedAt: number }).startedAt = 0;
    expect((await juju(sandbox(), "GET", path)).body).toMatchObject({ access: "read" });
    expect(outcomesFor(sandbox(), user).map((outcome) => outcome.status)).toEqual(["landed", "failed"]);
  });

  it("gives login on the controller first to a user without access to it", async () => {
    const user = await createUser(sandbox());
    sandbox().state.juju.users.get(user)!.controllers = []; // out of band: no access anywhere
    await juju(sandbox(), "PUT", `/users/${user}/controllers/lab/models/default`, { access: "admin" });
    finishPending(sandbox(), user);
    expect((await juju(sandbox(), "GET", `/users/${user}`)).body).toMatchObject({
      controllers: [{ name: "lab", access: "login", models: [{ name: "default", access: "admin" }] }],
    });
  });

  it("DELETE removes the user from the model at once and answers the models left", async () => {
    const user = await createUser(sandbox());
    for (const model of ["default", "web"]) {
      await juju(sandbox(), "PUT", `/users/${user}/controllers/prod/models/${model}`, { access: "read" });
    }
    finishPending(sandbox(), user);
    const removed = await juju(sandbox(), "DELETE", `/users/${user}/controllers/prod/models/web`);
    expect(removed).toMatchObject({ status: 200, body: [{ name: "default", access: "read" }] });
    const after = await juju(sandbox(), "GET", `/users/${user}/controllers/prod/models/web`);
    expect(after.body.access).toBeNull();
  });

  it("answers one fixed shape when told to", async () => {
    for (const [shape, expected] of [
      ["access-only", { access: "admin" }],
      ["name-and-access", { name: "default", access: "admin" }],
    ] as const) {
      const target = await startSandbox({ juju: { modelAccessShape: shape } });
      try {
        const path = `/users/${target.credentials.jujuUsername}/controllers/eurostack/models/default`;
        for (let i = 0; i < 3; i++) expect((await juju(target, "GET", path)).body).toEqual(expected);
      } finally {
        await target.stop();
      }
    }
  });
});
