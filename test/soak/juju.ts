/**
 * The soak's Juju (Sojobo) kinds. A key, a credential or an access declares its own user in the same program. Sojobo
 * answers changes with 202s that land later (the sandbox's `changeDelayMs`), so the remote is read after settling
 * what is due. A deleted user is disabled and its name can never be made again: every name is used once.
 */
import * as eurostack from "pulumi-eurostack";
import { fingerprint } from "../../src/resources/juju/ssh-key";
import type { Sandbox } from "../../src/sandbox";
import { settleChanges } from "../../src/sandbox/juju";
import { sshPublicKey } from "../unit/scaleway-ssh-keys";
import { compareFields, type DeclareContext, type Logical, memo, type SoakKind, WAIT_TIMEOUTS } from "./kinds";

const users = (sandbox: Sandbox) => {
  settleChanges(sandbox.state.juju);
  return [...sandbox.state.juju.users.values()];
};
const remoteName = (ctx: DeclareContext, r: Logical, suffix = "") => `${ctx.prefix}-${r.name}${suffix}`;
const jujuUser = (sandbox: Sandbox, name: string) => {
  settleChanges(sandbox.state.juju);
  return sandbox.state.juju.users.get(name);
};

/** The user a key, credential or access belongs to, declared beside it; its name output makes the dependency. */
function owner(ctx: DeclareContext, r: Logical) {
  const user = new eurostack.juju.User(`${r.name}-user`, {
    name: remoteName(ctx, r, "-user"),
    password: `owner-password-${r.n}`,
  });
  return user.name;
}

/** A secret a credential carries: the secret scan looks for it. */
export const credentialSecret = (r: Logical) => `soak-credential-secret-${r.n}-${r.generation}`;

const user: SoakKind = {
  Resource: eurostack.juju.User,
  declare(ctx, r) {
    new eurostack.juju.User(r.name, {
      // A new name is a new user: replaced.
      name: remoteName(ctx, r, `-g${r.generation}`),
      password: `soak-password-${r.n}-${r.version}`,
    });
  },
  update: true,
  replace: true,
  deletes: true,
  // A deleted user stays, disabled.
  remote: (sandbox) => new Map(users(sandbox).flatMap((u) => (u.active ? [[u.name, u]] : []))),
  compare: (outs, remote) => compareFields(outs, remote, { name: (u) => u.name, active: (u) => u.active }),
  // Sojobo can only disable a user, whose name is then lost for good: the soak's cleaning takes it out of the store.
  remove: (sandbox, name) => void sandbox.state.juju.users.delete(name),
};

const sshKey: SoakKind = {
  Resource: eurostack.juju.SshKey,
  declare(ctx, r) {
    new eurostack.juju.SshKey(r.name, {
      user: owner(ctx, r),
      publicKey: memo(r, "publicKey", () => sshPublicKey(`${r.name}@soak`)),
      timeouts: WAIT_TIMEOUTS,
    });
  },
  update: false,
  replace: true,
  deletes: true,
  remote: (sandbox) =>
    new Map(
      users(sandbox).flatMap((u) => u.sshKeys.map((key): [string, unknown] => [`${u.name}/${fingerprint(key)}`, key])),
    ),
  compare: (outs, remote) => compareFields(outs, remote, { fingerprint: (key) => fingerprint(key) }),
  remove(sandbox, key) {
    const [name, print] = key.split("/");
    const found = jujuUser(sandbox, name!);
    if (found) found.sshKeys = found.sshKeys.filter((k) => fingerprint(k) !== print);
  },
};

const credential: SoakKind = {
  Resource: eurostack.juju.Credential,
  declare(ctx, r) {
    new eurostack.juju.Credential(r.name, {
      user: owner(ctx, r),
      name: "soak",
      type: "google",
      // Its content cannot change in place: a new generation replaces it.
      key: { "project-id": `soak-${r.n}`, "private-key": credentialSecret(r) },
      timeouts: WAIT_TIMEOUTS,
    });
  },
  update: false,
  replace: true,
  deletes: true,
  // Sojobo keeps two credentials of one name: the second of a name gets its own key, so it is seen.
  remote: (sandbox) =>
    new Map(
      users(sandbox).flatMap((u) =>
        u.credentials.map((c, i): [string, unknown] => {
          const first = u.credentials.findIndex((other) => other.name === c.name) === i;
          return [`${u.name}/${c.name}${first ? "" : `#${i}`}`, c];
        }),
      ),
    ),
  compare: (outs, remote) =>
    compareFields(outs, remote, { name: (c) => c.name, type: (c) => c.type, key: (c) => c.key }),
  remove(sandbox, key) {
    const [name, credentialName] = key.split("/");
    const found = jujuUser(sandbox, name!);
    if (found) found.credentials = found.credentials.filter((c) => c.name !== credentialName);
  },
};

const controllerAccess: SoakKind = {
  Resource: eurostack.juju.ControllerAccess,
  declare(ctx, r) {
    new eurostack.juju.ControllerAccess(r.name, {
      user: owner(ctx, r),
      controller: r.generation % 2 ? "second" : "eurostack",
      access: r.version % 2 ? "superuser" : "add-model",
      timeouts: WAIT_TIMEOUTS,
    });
  },
  update: true,
  replace: true,
  deletes: true,
  // Delete lowers the level to login, the floor: anything above it is a live grant.
  remote: (sandbox) =>
    new Map(
      users(sandbox).flatMap((u) =>
        u.controllers.filter((c) => c.access !== "login").map((c): [string, unknown] => [`${u.name}/${c.name}`, c]),
      ),
    ),
  compare: (outs, remote) => compareFields(outs, remote, { controller: (c) => c.name, access: (c) => c.access }),
  remove(sandbox, key) {
    const [name, controller] = key.split("/");
    const entry = jujuUser(sandbox, name!)?.controllers.find((c) => c.name === controller);
    if (entry) entry.access = "login";
  },
};

const modelAccess: SoakKind = {
  Resource: eurostack.juju.ModelAccess,
  declare(ctx, r) {
    new eurostack.juju.ModelAccess(r.name, {
      user: owner(ctx, r),
      controller: "eurostack",
      model: r.generation % 2 ? "controller" : "default",
      access: r.version % 2 ? "write" : "read",
      timeouts: WAIT_TIMEOUTS,
    });
  },
  update: true,
  replace: true,
  deletes: true,
  // admin on a model comes with a superuser grant of the controller (the soak's ModelAccess grants read or write).
  remote: (sandbox) =>
    new Map(
      users(sandbox).flatMap((u) =>
        u.controllers.flatMap((c) =>
          c.models
            .filter((m) => m.access !== "admin")
            .map((m): [string, unknown] => [`${u.name}/${c.name}/${m.name}`, m]),
        ),
      ),
    ),
  compare: (outs, remote) => compareFields(outs, remote, { model: (m) => m.name, access: (m) => m.access }),
  remove(sandbox, key) {
    const [name, controller, model] = key.split("/");
    const entry = jujuUser(sandbox, name!)?.controllers.find((c) => c.name === controller);
    if (entry) entry.models = entry.models.filter((m) => m.name !== model);
  },
};

export const JUJU: SoakKind[] = [user, sshKey, credential, controllerAccess, modelAccess];
