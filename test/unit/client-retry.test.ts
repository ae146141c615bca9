import { describe, expect, it } from "vitest";
import {
  type ApiError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TransientStateError,
  UnauthorizedError,
} from "../../src/client/errors";
import { backoffDelay, defaultRetryPolicy, isRetryable, retryAfterMs, withRetry } from "../../src/client/retry";

function apiError<E extends ApiError>(
  cls: new (init: ConstructorParameters<typeof ServerError>[0]) => E,
  status: number,
  extra: { retryAfterMs?: number; code?: string } = {},
): E {
  return new cls({
    status,
    code: extra.code ?? `http_${status}`,
    system: "scaleway",
    method: "POST",
    path: "/x",
    message: `failed ${status}`,
    ...(extra.retryAfterMs !== undefined && { retryAfterMs: extra.retryAfterMs }),
  });
}
const network = (phase: "connect" | "sent") =>
  new NetworkError({ phase, method: "POST", path: "/x", system: "numspot", message: `net ${phase}` });

function fakeSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe("isRetryable", () => {
  it.each([
    ["429", apiError(RateLimitedError, 429), "retry", "retry"],
    ["connect failure", network("connect"), "retry", "retry"],
    ["transient_state 409", apiError(TransientStateError, 409, { code: "transient_state" }), "retry", "retry"],
    ["500", apiError(ServerError, 500), "retry", "recover-then-retry"],
    ["503", apiError(ServerError, 503), "retry", "recover-then-retry"],
    ["lost after sending", network("sent"), "retry", "recover-then-retry"],
    ["409 already exists", apiError(ConflictError, 409), "no", "no"],
    ["400", apiError(BadRequestError, 400), "no", "no"],
    ["401", apiError(UnauthorizedError, 401), "no", "no"],
    ["403", apiError(ForbiddenError, 403), "no", "no"],
    ["404", apiError(NotFoundError, 404), "no", "no"],
    ["plain Error", new Error("bug"), "no", "no"],
    ["TypeError", new TypeError("x is undefined"), "no", "no"],
  ])("%s: idempotent %s, POST %s", (_name, err, idempotent, post) => {
    expect(isRetryable(err, true)).toBe(idempotent);
    expect(isRetryable(err, false)).toBe(post);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds, dates, and rejects garbage", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(["1.5"])).toBe(1500);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(10_000);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:29:00 GMT"))).toBe(0);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("grows exponentially within [min, ceiling] and is capped", () => {
    const policy = { ...defaultRetryPolicy, minDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(100);
    expect(backoffDelay(1, policy, () => 1)).toBe(200);
    expect(backoffDelay(3, policy, () => 1)).toBe(800);
    expect(backoffDelay(10, policy, () => 1)).toBe(1000);
    expect(backoffDelay(10, policy, () => 0.5)).toBe(550);
  });
});

describe("withRetry", () => {
  it("retries a 429 after exactly the Retry-After delay", async () => {
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw apiError(RateLimitedError, 429, { retryAfterMs: 1234 });
        return "ok";
      },
      { idempotent: false, sleep },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(2);
    expect(delays).toEqual([1234]);
  });

  it("backs off with jitter between attempts and reports each retry", async () => {
    const { delays, sleep } = fakeSleep();
    const seen: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 4) throw apiError(ServerError, 503);
        return calls;
      },
      {
        idempotent: true,
        sleep,
        random: () => 1,
        policy: { minDelayMs: 10, maxDelayMs: 50 },
        onRetry: ({ attempt }) => seen.push(attempt),
      },
    );
    expect(delays).toEqual([20, 40, 50]);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("does not re-send a POST that may have reached the server when there is no recover", async () => {
    let calls = 0;
    const err = network("sent");
    await expect(
      withRetry(
        async () => {
          calls++;
          throw err;
        },
        { idempotent: false, sleep: fakeSleep().sleep },
      ),
    ).rejects.toBe(err);
    expect(calls).toBe(1);
  });

  it("says why a 5xx of a POST without recover was not re-sent", async () => {
    let calls = 0;
    const err = apiError(ServerError, 503);
    await expect(
      withRetry(
        async () => {
          calls++;
          throw err;
        },
        { idempotent: false, sleep: fakeSleep().sleep },
      ),
    ).rejects.toBe(err);
    expect(calls).toBe(1);
    expect(err.message).toMatch(/^.*failed 503.*; not re-sent: the request may have reached the server and acted/);
  });

  it("re-sends a POST that provably never left", async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls === 1) throw network("connect");
        return "created";
      },
      { idempotent: false, sleep: fakeSleep().sleep },
    );
    expect(result).toBe("created");
    expect(calls).toBe(2);
  });

  it("recovers the result of a POST that acted, without sending it again", async () => {
    let sends = 0;
    let lookups = 0;
    const result = await withRetry(
      async () => {
        sends++;
        throw apiError(ServerError, 502);
      },
      {
        idempotent: false,
        sleep: fakeSleep().sleep,
        recover: async () => {
          lookups++;
          return { id: "found" };
        },
      },
    );
    expect(result).toEqual({ id: "found" });
    expect(sends).toBe(1);
    expect(lookups).toBe(1);
  });

  it("looks once more on 'already exists' after a look-up found nothing: the first attempt landed late", async () => {
    const sent: string[] = [];
    let lookups = 0;
    const result = await withRetry(
      async () => {
        sent.push(sent.length === 0 ? "lost" : "conflict");
        throw sent.length === 1 ? network("sent") : apiError(ConflictError, 409);
      },
      {
        idempotent: false,
        sleep: fakeSleep().sleep,
        // Nothing yet at the first look-up; the first request's object at the second.
        recover: async () => (++lookups === 1 ? undefined : { id: "late" }),
      },
    );
    expect(result).toEqual({ id: "late" });
    expect(sent).toEqual(["lost", "conflict"]);
    expect(lookups).toBe(2);
  });

  it("a conflict with no earlier look-up is the caller's, not looked for", async () => {
    let lookups = 0;
    const conflict = apiError(ConflictError, 409);
    await expect(
      withRetry(
        async () => {
          throw conflict;
        },
        { idempotent: false, sleep: fakeSleep().sleep, recover: async () => ({ id: `x${++lookups}` }) },
      ),
    ).rejects.toBe(conflict);
    expect(lookups).toBe(0);
  });

  it("re-sends after a recover look-up finds nothing", async () => {
    let sends = 0;
    const order: string[] = [];
    const result = await withRetry(
      async () => {
        order.push("send");
        if (++sends === 1) throw network("sent");
        return "created";
      },
      {
        idempotent: false,
        sleep: fakeSleep().sleep,
        recover: async () => {
          order.push("recover");
          return undefined;
        },
      },
    );
    expect(result).toBe("created");
    expect(order).toEqual(["send", "recover", "send"]);
  });

  it("does not retry 4xx other than 429 and transient_state", async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw apiError(ConflictError, 409, { code: "already_exists" });
        },
        { idempotent: true, sleep: fakeSleep().sleep },
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(calls).toBe(1);

    calls = 0;
    await withRetry(
      async () => {
        if (++calls < 3) throw apiError(TransientStateError, 409, { code: "transient_state" });
        return "ok";
      },
      { idempotent: false, sleep: fakeSleep().sleep },
    );
    expect(calls).toBe(3);
  });

  it("gives up with the last error after the retry budget", async () => {
    let calls = 0;
    const errors: Error[] = [];
    const promise = withRetry(
      async () => {
        calls++;
        const err = apiError(ServerError, 500);
        errors.push(err);
        throw err;
      },
      { idempotent: true, sleep: fakeSleep().sleep, policy: { retries: 3 } },
    );
    await expect(promise).rejects.toBeInstanceOf(ServerError);
    expect(calls).toBe(4);
    await promise.catch((e) => expect(e).toBe(errors[3]));
  });

  it("bounds the total time, counting delays asked of sleep", async () => {
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw apiError(ServerError, 500);
        },
        {
          idempotent: true,
          sleep,
          random: () => 1,
          policy: { retries: 100, minDelayMs: 100, maxDelayMs: 400, maxTotalMs: 1000 },
        },
      ),
    ).rejects.toBeInstanceOf(ServerError);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(1000);
    expect(total).toBeGreaterThanOrEqual(900);
    expect(calls).toBe(delays.length + 1);
  });

  it("gives up rather than wait a Retry-After beyond the total budget", async () => {
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw apiError(RateLimitedError, 429, { retryAfterMs: 120_000 });
        },
        { idempotent: true, sleep, policy: { maxTotalMs: 60_000 } },
      ),
    ).rejects.toBeInstanceOf(RateLimitedError);
    expect(calls).toBe(1);
    expect(delays).toEqual([]);
  });

  it("keeps a TypeError thrown by the attempt as the rejection", async () => {
    const bug = new TypeError("cannot read x");
    await expect(withRetry(async () => Promise.reject(bug), { idempotent: true })).rejects.toBe(bug);
  });
});
