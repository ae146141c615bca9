import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { NotFoundError } from "../../src/client/errors";
import { closeAllPools } from "../../src/client/http";
import { resetStackConfig } from "../../src/resources/config";
import { getControllers, getUser, getUsers } from "../../src/resources/juju/lookups";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { failure } from "../support/loopback";

/** The read-only look-ups against the sandbox: what they answer, and that they never show a credential's content. */

let sandbox: Sandbox;
const savedEnv = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox({
    juju: {
      controllers: [
        { name: "eurostack", type: "google", models: ["controller", "default"] },
        { name: "lab", type: "lxd", models: ["default"] },
      ],
    },
  });
  const users = sandbox.state.juju.users;
  users.set("alice", {
    name: "alice",
    password: "alice-password",
    active: true,
    sshKeys: ["ssh-ed25519 AAAA alice@host"],
    credentials: [{ name: "gce", type: "google", key: { file: "private-content" } }],
    controllers: [{ name: "lab", access: "add-model", models: [{ name: "default", access: "write" }] }],
  });
  users.set("gone", { ...users.get("alice")!, name: "gone", active: false, controllers: [] });
});

afterAll(async () => {
  process.env = { ...savedEnv };
  await closeAllPools();
  await sandbox?.stop();
});

beforeEach(() => {
  resetStackConfig();
  process.env = { ...savedEnv };
  for (const key of Object.keys(process.env)) if (key.startsWith("SOJOBO_")) delete process.env[key];
});

const connection = () => ({
  url: sandbox.urls.juju,
  apiKey: sandbox.credentials.jujuApiKey,
  username: sandbox.credentials.jujuUsername,
  password: sandbox.credentials.jujuPassword,
});

it("getUser answers one user, disabled ones too, with credential names but never their content", async () => {
  const alice = await getUser({ name: "alice", connection: connection() });
  expect(alice).toEqual({
    name: "alice",
    active: true,
    sshKeys: ["ssh-ed25519 AAAA alice@host"],
    credentials: [{ name: "gce", type: "google" }],
    controllers: [{ name: "lab", access: "add-model", models: [{ name: "default", access: "write" }] }],
  });
  expect(JSON.stringify(alice)).not.toContain("private-content");
  expect(await getUser({ name: "gone", connection: connection() })).toMatchObject({ active: false, controllers: [] });
  const error = await failure(getUser({ name: "nobody", connection: connection() }));
  expect(error).toBeInstanceOf(NotFoundError);
  expect(error.message).toContain("The user does not exist!");
});

it("getUsers answers the active users only; settings come from SOJOBO_* without a connection", async () => {
  for (const [key, value] of Object.entries(sandbox.env)) if (key.startsWith("SOJOBO_")) process.env[key] = value;
  const names = (await getUsers()).map((user) => user.name).sort();
  expect(names).toEqual(["alice", sandbox.state.juju.admin].sort());
});

it("getControllers answers a user's level on each controller and its models", async () => {
  expect(await getControllers({ user: "alice", connection: connection() })).toEqual([
    { name: "lab", access: "add-model", cloudType: "lxd", models: [{ name: "default", access: "write" }] },
  ]);
  const admin = await getControllers({ user: sandbox.state.juju.admin, connection: connection() });
  expect(admin.map((c) => [c.name, c.access, c.models.length])).toEqual([
    ["eurostack", "superuser", 2],
    ["lab", "superuser", 1],
  ]);
});

it("without settings, a look-up says which one is missing and how to set it, before any request", async () => {
  const before = sandbox.requests.length;
  const error = await failure(getUsers());
  expect(error.message).toContain("No Sojobo URL is configured");
  expect(error.message).toContain("juju:url");
  expect(sandbox.requests.length).toBe(before);
});
