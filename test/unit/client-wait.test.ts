import { describe, expect, it } from "vitest";
import { BadRequestError, NetworkError, ServerError } from "../../src/client/errors";
import {
  type Clock,
  DEFAULT_MIN_INTERVAL_MS,
  formatDuration,
  LATENCY_ALLOWANCE_MS,
  pollInterval,
  WaitFailedError,
  WaitTimeoutError,
  waitFor,
} from "../../src/client/wait";

/** Virtual time: sleeping advances the clock instantly; polls are recorded with the time they ran at. */
function fakeClock(): Clock & { t: number; sleeps: number[] } {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

/** A remote state that becomes READY at `doneAt` (virtual ms). */
function remote(clock: { t: number }, doneAt: number, pollTimes: number[]) {
  return async () => {
    pollTimes.push(clock.t);
    return { status: clock.t >= doneAt ? "READY" : "QUEUED" };
  };
}

describe("waitFor", () => {
  it("polls immediately and returns without sleeping when already done", async () => {
    const clock = fakeClock();
    const value = await waitFor({
      description: "x",
      poll: async () => 42,
      isDone: (v) => v === 42,
      timeoutMs: 1000,
      clock,
    });
    expect(value).toBe(42);
    expect(clock.sleeps).toEqual([]);
  });

  // The polls a wait costs, stated (bench/waits.mjs reports the same numbers from the real thing).
  it.each([
    [300, 3],
    [1_000, 8],
    [2_500, 18],
    [12_345, 40],
    [60_000, 61],
    [400_000, 129],
  ])("notices completion at %i ms with room for the answer to travel, in at most %i polls", async (doneAt, most) => {
    const clock = fakeClock();
    const polls: number[] = [];
    const value = await waitFor({
      description: "space to become READY",
      poll: remote(clock, doneAt, polls),
      isDone: (v) => v.status === "READY",
      timeoutMs: 3_600_000,
      clock,
    });
    expect(value.status).toBe("READY");
    const overshoot = clock.t - doneAt;
    expect(overshoot + LATENCY_ALLOWANCE_MS).toBeLessThanOrEqual(Math.max(250, 0.1 * doneAt));
    expect(polls.length).toBeLessThanOrEqual(most);
  });

  it("spaces polls so that completion just after one is seen within the bound, less the allowance", () => {
    const wrong: string[] = [];
    let previous = 0;
    for (let elapsed = 0; elapsed <= 600_000; elapsed += 7) {
      const interval = pollInterval(elapsed, DEFAULT_MIN_INTERVAL_MS, Number.POSITIVE_INFINITY);
      // Done just after a poll at `elapsed`: a wait of at least `elapsed`, noticed one interval later.
      if (interval + LATENCY_ALLOWANCE_MS > Math.max(250, 0.1 * elapsed) + 1e-9) wrong.push(`${elapsed}: too long`);
      if (interval < previous || interval < DEFAULT_MIN_INTERVAL_MS) wrong.push(`${elapsed}: too short`);
      previous = interval;
    }
    expect(wrong).toEqual([]);
    // Not hammering: 150 ms at first, 8 % of the elapsed time on long waits, capped at 5 s by default.
    expect(pollInterval(0)).toBe(150);
    expect(pollInterval(2_000)).toBe(150);
    expect(pollInterval(4_000)).toBe(300);
    expect(pollInterval(30_000)).toBe(2_400);
    expect(pollInterval(600_000)).toBe(5_000);
  });

  it("counts a poll's round trip inside the interval, and a failed poll's from its end", async () => {
    const clock = fakeClock();
    const started: number[] = [];
    let polls = 0;
    await waitFor({
      description: "slow server",
      poll: async () => {
        started.push(clock.t);
        polls++;
        clock.t += 60;
        if (polls === 3)
          throw new NetworkError({ phase: "sent", method: "GET", path: "/p", system: "juju", message: "reset" });
        return polls >= 5;
      },
      isDone: (v) => v,
      timeoutMs: 10_000,
      clock,
    });
    // Polls start 150 ms apart although each takes 60 ms; the one after the failure starts 150 ms after it ended.
    expect(started).toEqual([0, 150, 300, 510, 660]);
  });

  it("caps the interval at maxIntervalMs", async () => {
    const clock = fakeClock();
    const polls: number[] = [];
    await waitFor({
      description: "x",
      poll: remote(clock, 200_000, polls),
      isDone: (v) => v.status === "READY",
      timeoutMs: 1_000_000,
      maxIntervalMs: 5_000,
      clock,
    });
    expect(Math.max(...clock.sleeps)).toBe(5_000);
    expect(clock.sleeps[0]).toBe(150);
  });

  it("fails fast on a terminal failure state", async () => {
    const clock = fakeClock();
    let polls = 0;
    const err = await waitFor({
      description: "operation op-1 to finish",
      poll: async () => ({ status: ++polls >= 3 ? "FAILED" : "RUNNING", error: "quota" }),
      isDone: (v) => v.status === "DONE",
      failure: (v) => (v.status === "FAILED" ? `operation failed: ${v.error}` : undefined),
      describe: (v) => `status ${v.status}`,
      timeoutMs: 600_000,
      clock,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect(err.reason).toBe("operation failed: quota");
    expect(err.lastState).toBe("status FAILED");
    expect(err.message).toContain("operation op-1 to finish");
    expect(polls).toBe(3);
    expect(clock.t).toBeLessThan(1_000);
  });

  it("times out at the deadline, not after it, with a last poll at the deadline and the last state", async () => {
    const clock = fakeClock();
    const polls: number[] = [];
    const err = await waitFor({
      description: "space 3f2 to become READY",
      poll: remote(clock, Number.POSITIVE_INFINITY, polls),
      isDone: (v) => v.status === "READY",
      describe: (v) => `status ${v.status}`,
      timeoutMs: 62_000,
      clock,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err.message).toBe("Timed out after 62s waiting for space 3f2 to become READY; last state: status QUEUED");
    expect(err.elapsedMs).toBe(62_000);
    expect(clock.t).toBe(62_000);
    expect(polls.at(-1)).toBe(62_000);
  });

  it("rides out transient poll errors and records them as the last state", async () => {
    const clock = fakeClock();
    let polls = 0;
    const value = await waitFor({
      description: "x",
      poll: async () => {
        polls++;
        if (polls === 1)
          throw new NetworkError({ phase: "sent", method: "GET", path: "/p", system: "juju", message: "reset" });
        if (polls === 2)
          throw new ServerError({
            status: 503,
            code: "http_503",
            system: "juju",
            method: "GET",
            path: "/p",
            message: "busy",
          });
        return "visible";
      },
      isDone: (v) => v === "visible",
      timeoutMs: 10_000,
      clock,
    });
    expect(value).toBe("visible");
    expect(polls).toBe(3);

    const timeout = await waitFor({
      description: "y",
      poll: async () => {
        throw new ServerError({
          status: 500,
          code: "http_500",
          system: "juju",
          method: "GET",
          path: "/p",
          message: "boom",
        });
      },
      isDone: () => true,
      timeoutMs: 1_000,
      clock: fakeClock(),
    }).catch((e) => e);
    expect(timeout).toBeInstanceOf(WaitTimeoutError);
    expect(timeout.lastState).toBe("error: boom");
  });

  it("propagates a non-transient poll error at once", async () => {
    const bad = new BadRequestError({
      status: 400,
      code: "x",
      system: "numspot",
      method: "GET",
      path: "/",
      message: "bad",
    });
    await expect(
      waitFor({
        description: "x",
        poll: async () => Promise.reject(bad),
        isDone: () => true,
        timeoutMs: 1000,
        clock: fakeClock(),
      }),
    ).rejects.toBe(bad);
  });

  it("formats durations for humans", () => {
    expect(formatDuration(450)).toBe("450ms");
    expect(formatDuration(62_000)).toBe("62s");
    expect(formatDuration(605_000)).toBe("10m05s");
  });
});
