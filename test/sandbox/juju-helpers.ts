import type { Sandbox } from "../../src/sandbox";
import type { PendingChange } from "../../src/sandbox/juju";
import { settleChanges } from "../../src/sandbox/juju";
import { type Answer, raw, sleep } from "./helpers";

export interface JujuLogin {
  /** null: no api-key header. Default: the sandbox's key. */
  apiKey?: string | null;
  /** null: no Authorization header. Default: the sandbox's admin login. */
  basic?: { username: string; password: string } | null;
}

/** A Sojobo User-API call, as the admin of the sandbox unless `login` says otherwise. */
export async function juju(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
  login: JujuLogin = {},
): Promise<Answer> {
  const { jujuApiKey, jujuUsername, jujuPassword } = sandbox.credentials;
  const apiKey = login.apiKey === undefined ? jujuApiKey : login.apiKey;
  const basic = login.basic === undefined ? { username: jujuUsername, password: jujuPassword } : login.basic;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (apiKey !== null) headers["api-key"] = apiKey;
  if (basic !== null) {
    headers.authorization = `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString("base64")}`;
  }
  const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  return raw(`${sandbox.urls.juju}${path}`, init);
}

let counter = 0;

/** A fresh, valid user name; each test works on its own users so tests sharing a sandbox do not meet. */
export function userName(prefix = "user"): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

export async function createUser(sandbox: Sandbox, name = userName(), password = "s3cret-pw"): Promise<string> {
  const answer = await juju(sandbox, "POST", "/users", { username: name, password });
  if (answer.status !== 200) throw new Error(`creating ${name}: ${answer.status} ${answer.text}`);
  return name.toLowerCase();
}

/** Changes started by 202 answers and not yet settled, for one user. */
export function pendingFor(sandbox: Sandbox, user: string): PendingChange[] {
  settleChanges(sandbox.state.juju);
  return sandbox.state.juju.pending.filter((change) => change.user === user);
}

/** Lands (or fails) every pending change of a user at once, whatever the clock says: pinning the shared timeline. */
export function finishPending(sandbox: Sandbox, user: string, status: "landed" | "failed" = "landed"): number {
  const changes = pendingFor(sandbox, user);
  for (const change of changes) change.timeline.pinned = status;
  settleChanges(sandbox.state.juju);
  return changes.length;
}

/** How each change of a user ended, oldest first. */
export function outcomesFor(sandbox: Sandbox, user: string): { kind: string; status: string }[] {
  settleChanges(sandbox.state.juju);
  return sandbox.state.juju.history
    .filter((entry) => entry.change.user === user)
    .map((entry) => ({ kind: entry.change.kind, status: entry.status }));
}

/** Polls `read` until `done` holds or `timeoutMs` passes; returns the last answer and when it was seen. */
export async function pollUntil(
  read: () => Promise<Answer>,
  done: (answer: Answer) => boolean,
  timeoutMs: number,
): Promise<{ answer: Answer; at: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await read();
    const at = Date.now();
    if (done(answer) || at > deadline) return { answer, at };
    await sleep(25);
  }
}

export const PUBLIC_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh0cmFuc2llbnQta2V5LWZvci10aGUtc2FuZGJveC10ZXN0cw alice@laptop";
export const OTHER_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG90aGVyLWtleS1mb3ItdGhlLXNhbmRib3gtdGVzdHMtb25seQ bob@desk";
