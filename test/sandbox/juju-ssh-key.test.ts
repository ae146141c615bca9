import { describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox";
import { useSandbox } from "./helpers";
import {
  createUser,
  finishPending,
  juju,
  OTHER_KEY,
  outcomesFor,
  PUBLIC_KEY,
  pendingFor,
  pollUntil,
  userName,
} from "./juju-helpers";

// Changes that would take ten minutes: each test lands them when it chooses, by pinning their timeline.
const sandbox = useSandbox({ juju: { changeDelayMs: 600_000 } });

const keysOf = async (user: string) => (await juju(sandbox(), "GET", `/users/${user}/ssh`)).body as string[];

describe("Sojobo ssh keys: 202 now, visible once the change lands", () => {
  it("answers 202 'Process being handeled' and shows the key only when the change lands", async () => {
    const user = await createUser(sandbox());
    const added = await juju(sandbox(), "POST", `/users/${user}/ssh`, { "ssh-key": PUBLIC_KEY });
    expect(added.status).toBe(202);
    expect(added.text).toBe('"Process being handeled"');

    const before = await juju(sandbox(), "GET", `/users/${user}/ssh`);
    expect(before).toMatchObject({ status: 202, body: [] });
    expect(pendingFor(sandbox(), user)).toMatchObject([{ kind: "add-ssh-key", user }]);

    expect(finishPending(sandbox(), user)).toBe(1);
    expect(await keysOf(user)).toEqual([PUBLIC_KEY]);
    expect((await juju(sandbox(), "GET", `/users/${user}`)).body).toMatchObject({ ssh_keys: [PUBLIC_KEY] });
  });

  it("keeps one copy of a key added twice, and removes a key with DELETE (202 as well)", async () => {
    const user = await createUser(sandbox());
    for (const key of [PUBLIC_KEY, PUBLIC_KEY, OTHER_KEY]) {
      expect((await juju(sandbox(), "POST", `/users/${user}/ssh`, { "ssh-key": key })).status).toBe(202);
    }
    finishPending(sandbox(), user);
    expect(await keysOf(user)).toEqual([PUBLIC_KEY, OTHER_KEY]);

    const removed = await juju(sandbox(), "DELETE", `/users/${user}/ssh`, { "ssh-key": PUBLIC_KEY });
    expect(removed).toMatchObject({ status: 202, body: "Process being handeled" });
    expect(await keysOf(user)).toEqual([PUBLIC_KEY, OTHER_KEY]);
    finishPending(sandbox(), user);
    expect(await keysOf(user)).toEqual([OTHER_KEY]);
  });

  it("keeps the key verbatim: another comment or spacing is another key", async () => {
    const user = await createUser(sandbox());
    const recommented = PUBLIC_KEY.replace("alice@laptop", "alice@desk");
    await juju(sandbox(), "POST", `/users/${user}/ssh`, { "ssh-key": PUBLIC_KEY });
    await juju(sandbox(), "POST", `/users/${user}/ssh`, { "ssh-key": recommented });
    finishPending(sandbox(), user);
    expect(await keysOf(user)).toEqual([PUBLIC_KEY, recommented]);
  });

  it("a failed background change never lands: the old value stays", async () => {
    const user = await createUser(sandbox());
    await juju(sandbox(), "POST", `/users/${user}/ssh`, { "ssh-key": PUBLIC_KEY });
    finishPending(sandbox(), user, "failed");
    expect(await keysOf(user)).toEqual([]);
    expect(pendingFor(sandbox(), user)).toEqual([]);
    expect(outcomesFor(sandbox(), user)).toEqual([{ kind: "add-ssh-key", status: "failed" }]);
  });

  it("wants the ssh-key field; answers 202 for an unknown user and then never lands", async () => {
    const user = await createUser(sandbox());
    const missing = await juju(sandbox(), "POST", `/users/${user}/ssh`, { key: PUBLIC_KEY });
    expect(missing.status).toBe(400);
    expect(typeof missing.body).toBe("string");
    expect(pendingFor(sandbox(), user)).toEqual([]);

    const ghost = userName("ghost");
    const answer = await juju(sandbox(), "POST", `/users/${ghost}/ssh`, { "ssh-key": PUBLIC_KEY });
    expect(answer.status).toBe(202);
    finishPending(sandbox(), ghost);
    expect(outcomesFor(sandbox(), ghost)).toEqual([{ kind: "add-ssh-key", status: "failed" }]);
    expect((await juju(sandbox(), "GET", `/users/${ghost}/ssh`)).status).toBe(404);
  });
});

describe("Sojobo 202 changes on the real clock", () => {
  it("a change becomes visible after the configured delay, not before", async () => {
    const delay = 700;
    const target = await startSandbox({ juju: { changeDelayMs: delay } });
    try {
      const user = await createUser(target);
      const started = Date.now();
      expect((await juju(target, "POST", `/users/${user}/ssh`, { "ssh-key": PUBLIC_KEY })).status).toBe(202);
      const read = () => juju(target, "GET", `/users/${user}/ssh`);
      const first = await read();
      const firstAt = Date.now();
      // Only meaningful when the first read came back inside the delay; on a stalled machine it proves nothing.
      if (firstAt - started < delay) expect(first.body).toEqual([]);
      const { answer, at } = await pollUntil(read, (a) => (a.body as string[]).includes(PUBLIC_KEY), 10_000);
      expect(answer.body).toEqual([PUBLIC_KEY]);
      expect(at - started).toBeGreaterThanOrEqual(delay);
    } finally {
      await target.stop();
    }
  });

  it("with failureRate 1 a change is answered 202 and still absent well after its delay", async () => {
    const target = await startSandbox({ juju: { changeDelayMs: 100, failureRate: 1 } });
    try {
      const user = await createUser(target);
      expect((await juju(target, "POST", `/users/${user}/ssh`, { "ssh-key": PUBLIC_KEY })).status).toBe(202);
      const read = () => juju(target, "GET", `/users/${user}/ssh`);
      // Wait until the sandbox itself says the change has settled, then check that it settled as a failure.
      await pollUntil(read, () => target.state.juju.pending.length === 0, 10_000);
      expect(target.state.juju.history.map((entry) => entry.status)).toEqual(["failed"]);
      expect((await read()).body).toEqual([]);
    } finally {
      await target.stop();
    }
  });

  it("draws failures from the given random source, change by change", async () => {
    const draws = [0.9, 0.1];
    const target = await startSandbox({
      juju: { changeDelayMs: 600_000, failureRate: 0.5, random: () => draws.shift() ?? 0.9 },
    });
    try {
      const user = await createUser(target);
      await juju(target, "POST", `/users/${user}/ssh`, { "ssh-key": PUBLIC_KEY });
      await juju(target, "POST", `/users/${user}/ssh`, { "ssh-key": OTHER_KEY });
      // Unpinned settling uses the drawn outcomes: move each timeline's start into the past.
      for (const change of target.state.juju.pending) (change.timeline as { startedAt: number }).startedAt -= 600_000;
      expect((await juju(target, "GET", `/users/${user}/ssh`)).body).toEqual([PUBLIC_KEY]);
      expect(target.state.juju.history.map((entry) => entry.status)).toEqual(["landed", "failed"]);
    } finally {
      await target.stop();
    }
  });

  it("takes the delay per change kind from a function", async () => {
    const target = await startSandbox({
      juju: { changeDelayMs: (kind) => (kind === "add-ssh-key" ? 0 : 600_000) },
    });
    try {
      const user = await createUser(target);
      await juju(target, "POST", `/users/${user}/ssh`, { "ssh-key": PUBLIC_KEY });
      await juju(target, "PUT", `/users/${user}/controllers/eurostack`, { access: "add-model" });
      expect((await juju(target, "GET", `/users/${user}/ssh`)).body).toEqual([PUBLIC_KEY]);
      expect(target.state.juju.pending.map((change) => change.kind)).toEqual(["controller-access"]);
    } finally {
      await target.stop();
    }
  });
});
