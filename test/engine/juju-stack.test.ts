/**
 * juju under the real Pulumi engine: a user, an ssh key, a credential, controller and model access — the 202 changes
 * awaited (the sandbox lands them after 300 ms), drift of an access level restored by up, secrets kept as ciphertext,
 * and destroy, which disables the user and says so.
 */
import * as eurostack from "pulumi-eurostack";
import { expect, it } from "vitest";
import { settleChanges } from "../../src/sandbox/juju";
import { describeEngine, opsByName, useEngineStack } from "./support";

const PASSWORD = "engine-user-password";
const CONTENT = "engine-credential-content";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0w1cBhQKp8s0vTq3dGJ0J5m5d8Yt4y2c9yRk1n0aB engine@host";

function program() {
  const user = new eurostack.juju.User("user", { name: "engine-user", password: PASSWORD });
  new eurostack.juju.SshKey("key", { user: user.name, publicKey: KEY });
  new eurostack.juju.Credential("cred", { user: user.name, name: "gce", type: "google", key: { file: CONTENT } });
  const controller = new eurostack.juju.ControllerAccess("controller", {
    user: user.name,
    controller: "eurostack",
    access: "add-model",
  });
  const model = new eurostack.juju.ModelAccess("model", {
    user: user.name,
    controller: "eurostack",
    model: "default",
    access: "write",
  });
  return { password: user.password, controllerAccess: controller.access, modelAccess: model.access };
}

describeEngine("juju under the real engine", () => {
  const env = useEngineStack("engine-juju", program, { sandbox: { juju: { changeDelayMs: 300 } } });
  const record = () => {
    settleChanges(env().sandbox.state.juju);
    return env().sandbox.state.juju.users.get("engine-user")!;
  };

  it("creates the user and, once the server shows them, its key, credential and access levels", {
    timeout: 120_000,
  }, async () => {
    const up = await env().up();
    expect(opsByName(up.ops)).toEqual({
      user: ["create"],
      key: ["create"],
      cred: ["create"],
      controller: ["create"],
      model: ["create"],
    });
    // Every 202 change was awaited: the sandbox shows them all without settling anything.
    const user = env().sandbox.state.juju.users.get("engine-user")!;
    expect(user.sshKeys).toEqual([KEY]);
    expect(user.credentials).toEqual([{ name: "gce", type: "google", key: { file: CONTENT } }]);
    expect(user.controllers).toEqual([
      { name: "eurostack", access: "add-model", models: [{ name: "default", access: "write" }] },
    ]);
    expect(up.outputs.password).toEqual({ value: PASSWORD, secret: true });
    expect(up.outputs.modelAccess.value).toBe("write");

    await env().preview({ refresh: true, expectNoChanges: true });
    const { text } = await env().exportState();
    for (const secret of [PASSWORD, CONTENT, env().sandbox.credentials.jujuApiKey]) {
      expect(text.includes(secret), "a secret in plaintext in the exported state").toBe(false);
      for (const output of env().outputs) expect(output.includes(secret), "a secret printed").toBe(false);
    }
  });

  it("restores access levels changed by hand", { timeout: 120_000 }, async () => {
    const access = record().controllers[0]!;
    access.access = "superuser";
    access.models[0]!.access = "read";
    const up = await env().up({ refresh: true });
    expect(opsByName(up.ops)).toMatchObject({ controller: ["refresh", "update"], model: ["refresh", "update"] });
    expect(record().controllers[0]).toMatchObject({
      access: "add-model",
      models: [{ name: "default", access: "write" }],
    });
  });

  it("destroys everything: the user is disabled, with a line saying its name can never be created again", {
    timeout: 120_000,
  }, async () => {
    const destroyed = await env().destroy();
    expect(Object.values(opsByName(destroyed.ops)).flat()).toEqual(Array(5).fill("delete"));
    expect(destroyed.output).toContain("can never be created again");
    expect(record()).toMatchObject({ active: false, sshKeys: [], credentials: [], controllers: [] });
  });
});
