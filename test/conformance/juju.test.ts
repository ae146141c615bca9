/**
 * The conformance suite for the juju entities. SshKey has no field that changes in place and nothing that drifts but
 * its existence (the suite then checks that every change replaces); Credential's content is write-only, so its
 * lifecycle runs through the plugin in test/protocol/juju-ssh-key-credential.test.ts.
 */
import * as eurostack from "pulumi-eurostack";
import { description as controllerAccess } from "../../src/resources/juju/controller-access";
import { description as modelAccess } from "../../src/resources/juju/model-access";
import { fingerprint as fingerprintOf, description as sshKey } from "../../src/resources/juju/ssh-key";
import { description as user } from "../../src/resources/juju/user";
import type { Sandbox } from "../../src/sandbox";
import { settleChanges } from "../../src/sandbox/juju";
import { describeEntity } from "../support/conformance";
import { up } from "../support/lifecycle";
import type { SandboxStack } from "../support/sandbox-stack";
import { sshPublicKey } from "../unit/scaleway-ssh-keys";

// The shared stack config has no juju keys: every resource names the sandbox in its connection.
const connection = (sandbox: Sandbox) => ({
  url: sandbox.urls.juju,
  apiKey: sandbox.credentials.jujuApiKey,
  username: sandbox.credentials.jujuUsername,
  password: sandbox.credentials.jujuPassword,
});

const sandboxOptions = {
  juju: {
    changeDelayMs: 20,
    controllers: [
      { name: "eurostack", type: "google", models: ["controller", "default"] },
      { name: "second", type: "aws", models: ["default"] },
    ],
  },
};

/** The suite's POST faults: Sojobo's only POST among these entities is the user's. */
const post = { system: "juju" as "numspot", path: "/users" };

const jujuUser = (sandbox: Sandbox, name: string) => {
  settleChanges(sandbox.state.juju);
  return sandbox.state.juju.users.get(name);
};

/**
 * The first name a test can create and keep: never used, or still active, or disabled behind Pulumi's back (drift,
 * no DELETE of ours). A name our own destroy disabled can never be created again, so the next test moves on.
 */
function usableName(sandbox: Sandbox): string {
  for (let i = 0; ; i++) {
    const name = `conformance-${i}`;
    const destroyed = sandbox.requests.some((r) => r.method === "DELETE" && r.path === `/users/${name}`);
    if (!destroyed) return name;
  }
}

describeEntity(user, {
  Resource: eurostack.juju.User,
  sandbox: sandboxOptions,
  valid: (stack) => ({
    // Read whenever the arguments are used or spread: each test gets a name it can create.
    get name() {
      return usableName(stack.sandbox);
    },
    password: "conformance-password",
    connection: connection(stack.sandbox),
  }),
  update: { password: "changed-password" },
  replace: { name: "conformance-renamed" },
  remote: (sandbox, id) => (jujuUser(sandbox, id)?.active ? jujuUser(sandbox, id) : undefined),
  drift: (sandbox, id) => {
    jujuUser(sandbox, id)!.active = false;
    return ["active", false];
  },
  post,
  connection,
  secrets: () => ["conformance-password"],
});

async function withUser(stack: SandboxStack, name: string) {
  await up(() => {
    new eurostack.juju.User("holder", { name, password: "holder-password", connection: connection(stack.sandbox) });
  }, stack.engine());
}

const [userOf, controllerOf, modelOf] = [0, 1, 2].map((i) => (id: string) => id.split("/")[i]!);

describeEntity(controllerAccess, {
  Resource: eurostack.juju.ControllerAccess,
  sandbox: sandboxOptions,
  async valid(stack) {
    await withUser(stack, "controller-holder");
    return {
      user: "controller-holder",
      controller: "eurostack",
      access: "add-model",
      connection: connection(stack.sandbox),
    };
  },
  update: { access: "superuser" },
  replace: { controller: "second" },
  // Delete lowers the level to login, the floor: anything above it is the resource's doing.
  remote: (sandbox, id) => {
    const entry = jujuUser(sandbox, userOf(id))?.controllers.find((c) => c.name === controllerOf(id));
    return entry && entry.access !== "login" ? entry : undefined;
  },
  drift: (sandbox, id) => {
    jujuUser(sandbox, userOf(id))!.controllers.find((c) => c.name === controllerOf(id))!.access = "superuser";
    return ["access", "superuser"];
  },
  post,
  connection,
});

describeEntity(modelAccess, {
  Resource: eurostack.juju.ModelAccess,
  sandbox: sandboxOptions,
  async valid(stack) {
    await withUser(stack, "model-holder");
    return {
      user: "model-holder",
      controller: "eurostack",
      model: "default",
      access: "read",
      connection: connection(stack.sandbox),
    };
  },
  update: { access: "write" },
  replace: { model: "controller" },
  remote: (sandbox, id) =>
    jujuUser(sandbox, userOf(id))
      ?.controllers.find((c) => c.name === controllerOf(id))
      ?.models.find((m) => m.name === modelOf(id)),
  drift: (sandbox, id) => {
    const entry = jujuUser(sandbox, userOf(id))!.controllers.find((c) => c.name === controllerOf(id))!;
    entry.models.find((m) => m.name === modelOf(id))!.access = "admin";
    return ["access", "admin"];
  },
  post,
  connection,
});

const firstKey = sshPublicKey("first@example.com");
describeEntity(sshKey, {
  Resource: eurostack.juju.SshKey,
  sandbox: sandboxOptions,
  // Keys of a user of their own (the sandbox's admin name is a credential the secret scan looks for).
  async valid(stack) {
    await up(() => {
      new eurostack.juju.User("holder", {
        name: "key-holder",
        password: "holder-password-1",
        connection: connection(stack.sandbox),
      });
    }, stack.engine());
    return { user: "key-holder", publicKey: firstKey };
  },
  replace: { publicKey: sshPublicKey("second@example.com") },
  remote: (sandbox, id) => {
    const [name] = id.split("/");
    const user = jujuUser(sandbox, name!);
    // The id ends in the key's fingerprint; the sandbox holds keys as written, so look the key up by its body.
    const shown = user?.sshKeys.filter((key) => id === `${name}/${fingerprintOf(key)}`);
    return shown?.length ? { keys: shown } : undefined;
  },
  post: { system: "juju" as "numspot", path: /^\/users\/[^/]+\/ssh$/ },
  connection,
});
