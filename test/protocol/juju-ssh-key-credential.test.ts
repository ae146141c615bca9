/**
 * juju.SshKey and juju.Credential through the real plugin and the sandbox. Neither has a field that changes in place
 * (so the conformance suite's update and drift cases do not apply): what they have is here — 202 changes awaited for
 * create, replace and delete; keys compared without their comment; a credential's content secret in the state and
 * replaced delete-first, so the server never holds two of one name.
 */
import * as eurostack from "pulumi-eurostack";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { settleChanges } from "../../src/sandbox/juju";
import { DeploymentError, destroy, refresh, up } from "../support/lifecycle";
import { type SandboxStack, startSandboxStack } from "../support/sandbox-stack";
import { findResource, reveal, type StateFile } from "../support/state";

let stack: SandboxStack;
let sandbox: Sandbox;
/** While set, credential removals take a minute: longer than any deadline here. */
let stuckRemovals = false;
let connection: eurostack.juju.JujuConnectionArgs;

beforeAll(async () => {
  stack = await startSandboxStack({
    sandbox: { juju: { changeDelayMs: (kind) => (kind === "remove-credential" && stuckRemovals ? 60_000 : 30) } },
  });
  ({ sandbox } = stack);
  // The shared stack config has no juju keys: every resource names the sandbox in its connection.
  connection = {
    url: sandbox.urls.juju,
    apiKey: sandbox.credentials.jujuApiKey,
    username: sandbox.credentials.jujuUsername,
    password: sandbox.credentials.jujuPassword,
  };
  const engine = stack.engine();
  await up(() => {
    new eurostack.juju.User("owner", { name: "key-owner", password: "owner-password", connection });
  }, engine);
});

afterAll(() => stack?.stop());

const KEY_A = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0w1cBhQKp8s0vTq3dGJ0J5m5d8Yt4y2c9yRk1n0aB";
const KEY_B = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB2k9Jd7a3Xr1s8Qw4e6R0tYu2i4O6p8A0s2D4f6G8h0";
const owner = () => {
  settleChanges(sandbox.state.juju);
  return sandbox.state.juju.users.get("key-owner")!;
};

const keyProgram =
  (publicKey: string, extra: object = {}) =>
  () => {
    new eurostack.juju.SshKey("key", { user: "key-owner", publicKey, connection, ...extra });
  };

it("ssh key: created when shown, kept when only the comment differs, replaced on a new key, gone on destroy", async () => {
  const engine = stack.engine();
  const state = engine.state as StateFile;
  await up(keyProgram(`${KEY_A} laptop`), engine);
  // Returned only once the server showed it: no settling needed to see it.
  expect(sandbox.state.juju.users.get("key-owner")!.sshKeys).toEqual([`${KEY_A} laptop`]);

  expect((await up(keyProgram(`  ${KEY_A}   other-comment\n`), engine)).summary.changes).toBe(0);

  const replaced = await up(keyProgram(`${KEY_B} laptop`), engine);
  expect(replaced.summary.replaces).toBe(1);
  expect(owner().sshKeys).toEqual([`${KEY_B} laptop`]);
  expect(findResource(state, "key").outputs.publicKey).toBe(`${KEY_B} laptop`);

  await destroy(engine);
  // Destroy waited for the removal to land.
  expect(sandbox.state.juju.users.get("key-owner")!.sshKeys).toEqual([]);
});

it("ssh key: refresh drops a key removed by hand; adopt and a malformed key are refused before any request", async () => {
  const engine = stack.engine();
  const state = engine.state as StateFile;
  await up(keyProgram(KEY_A), engine);
  owner().sshKeys = [];
  await refresh(engine);
  expect(state.resources.filter((r) => r.type.endsWith("juju:SshKey"))).toEqual([]);

  const before = sandbox.requests.length;
  for (const extra of [{ adopt: true }, { publicKey: "not a key" }]) {
    const error = await up(keyProgram(KEY_A, extra), stack.engine()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentError);
    expect(String(error)).toMatch(/adding it again changes nothing|must be an OpenSSH public key line/);
  }
  expect(sandbox.requests.length).toBe(before);
});

const credentialProgram =
  (key: Record<string, string>, extra: object = {}) =>
  () => {
    new eurostack.juju.Credential("cred", {
      user: "key-owner",
      name: "gce",
      type: "google",
      key,
      connection,
      ...extra,
    });
  };

it("credential: the content is secret in the state; a new content replaces it, deleting the old one first", async () => {
  const engine = stack.engine();
  const state = engine.state as StateFile;
  await up(credentialProgram({ file: "first-content" }), engine);
  const stored = findResource(state, "cred");
  expect(stored.id).toBe("key-owner/gce");
  expect(stored.secretOutputs).toContain("key");
  expect(JSON.stringify(state)).not.toContain("first-content");
  expect(reveal(stored.outputs.key)).toEqual({ file: "first-content" });

  const historyBefore = sandbox.state.juju.history.length;
  const replaced = await up(credentialProgram({ file: "second-content" }), engine);
  expect(replaced.summary.replaces).toBe(1);
  // The old one was removed (and that was seen) before the new one was added: never two named gce.
  const order = sandbox.state.juju.history.slice(historyBefore).map((h) => `${h.change.kind}:${h.status}`);
  expect(order).toEqual(["remove-credential:landed", "add-credential:landed"]);
  expect(owner().credentials).toEqual([{ name: "gce", type: "google", key: { file: "second-content" } }]);
  expect(JSON.stringify(state)).not.toContain("second-content");

  await destroy(engine);
  expect(owner().credentials).toEqual([]);
});

it("credential: a name the user already has is refused with a way out; adopt takes it", async () => {
  owner().credentials.push({ name: "by-hand", type: "aws", key: { "access-key": "a", "secret-key": "b" } });
  const program = (extra: object) => () => {
    new eurostack.juju.Credential("cred", {
      user: "key-owner",
      name: "by-hand",
      type: "aws",
      key: { "access-key": "a", "secret-key": "b" },
      connection,
      ...extra,
    });
  };
  const error = await up(program({}), stack.engine()).catch((e: unknown) => e);
  expect(String(error)).toContain(
    'juju user "key-owner" already has a credential named "by-hand"; set adopt: true to manage it',
  );
  expect(owner().credentials).toHaveLength(1);

  const engine = stack.engine();
  await up(program({ adopt: true }), engine);
  expect(reveal(findResource(engine.state as StateFile, "cred").outputs.adopted)).toBe(true);
  await destroy(engine);
  expect(owner().credentials).toEqual([]);
});

it("credential: a removal that never lands fails destroy at the deadline, naming what the server shows", async () => {
  const engine = stack.engine();
  await up(credentialProgram({ file: "stays" }, { timeouts: { delete: 1 } }), engine);
  stuckRemovals = true;
  const error = await destroy(engine).catch((e: unknown) => e);
  stuckRemovals = false;
  expect(error).toBeInstanceOf(DeploymentError);
  expect(String(error)).toMatch(/Timed out after 1s waiting for credential key-owner\/gce to be deleted/);
  expect(String(error)).toContain("last state: GET /users/key-owner/credentials shows gce (google)");
  expect(String(error)).not.toContain("stays");
  // Still in the stack: a later destroy can finish the job.
  expect((engine.state as StateFile).resources.some((r) => r.id === "key-owner/gce")).toBe(true);
  // The background change finally fails (the old value stays); a second destroy removes it.
  for (const change of sandbox.state.juju.pending) change.timeline.pinned = "failed";
  await destroy(engine);
  expect(owner().credentials).toEqual([]);
});
