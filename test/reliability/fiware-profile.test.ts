/**
 * A FIWARE user-profile read over real HTTP against the sandbox. The store answers 500 for an unknown username, so
 * that 500 is tried twice at most and then reported as "no such user"; every other failure must still get the shared
 * retry budget (the soak once lost a refresh to two 429s in a row when the whole read was limited to one retry).
 */
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { NotFoundError } from "../../src/client/errors";
import { fiwareClient } from "../../src/client/fiware/client";
import { getUserProfile } from "../../src/client/fiware/user-profile";
import { closeAllPools } from "../../src/client/http";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { NON_STAFF_USERNAME } from "../../src/sandbox/fiware/state";

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await closeAllPools();
  await sandbox?.stop();
});

beforeEach(() => sandbox.faults.clear());

const client = () =>
  fiwareClient({
    url: sandbox.urls.fiware,
    token: sandbox.credentials.fiwareToken,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
  });
const profileReads = (mark: number, username: string) =>
  sandbox.requests.slice(mark).filter((r) => r.method === "GET" && r.path.endsWith(`/profiles/${username}`));

it("a read answered 429, 503 and a reset before succeeding gets the profile", async () => {
  const at = /\/profiles\//;
  sandbox.faults.add({ system: "fiware", method: "GET", path: at, status: 429, retryAfterSeconds: 0, times: 2 });
  sandbox.faults.add({ system: "fiware", method: "GET", path: at, status: 503 });
  sandbox.faults.add({ system: "fiware", method: "GET", path: at, reset: "before" });
  const mark = sandbox.requests.length;

  const profile = await getUserProfile(client(), NON_STAFF_USERNAME);

  expect(profile.username).toBe(NON_STAFF_USERNAME);
  expect(profileReads(mark, NON_STAFF_USERNAME).map((r) => r.status)).toEqual([429, 429, 503, 0, 200]);
});

it("an unknown username (the store's 500) is asked twice, then reported as no such user", async () => {
  const mark = sandbox.requests.length;

  const error = await getUserProfile(client(), "nobody-here").then(
    () => undefined,
    (e: unknown) => e,
  );

  expect(error).toBeInstanceOf(NotFoundError);
  expect((error as Error).message).toContain('no user "nobody-here"');
  expect(profileReads(mark, "nobody-here").map((r) => r.status)).toEqual([500, 500]);
});
