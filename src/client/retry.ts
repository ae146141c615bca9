import { performance } from "node:perf_hooks";
import pRetry from "p-retry";
import {
  ApiError,
  ConflictError,
  NetworkError,
  parseRetryAfter,
  RateLimitedError,
  ServerError,
  TransientStateError,
} from "./errors";

export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  maxTotalMs: number;
}

export const defaultRetryPolicy: RetryPolicy = Object.freeze({
  retries: 5,
  minDelayMs: 200,
  maxDelayMs: 5_000,
  maxTotalMs: 60_000,
});

/** Delay asked by a `Retry-After` header (seconds or HTTP date), in milliseconds. */
export function retryAfterMs(header: string | string[] | undefined, nowMs?: number): number | undefined {
  return parseRetryAfter(header, nowMs);
}

export type RetryDecision = "retry" | "recover-then-retry" | "no";

/**
 * The idempotency rule. A failure the server provably did not act on (429, refused connection, transient state) is
 * always re-sent. A failure it may have acted on (5xx, connection lost after sending) is re-sent as is only for
 * idempotent calls; a state-changing call must first look for its own result ("recover-then-retry").
 */
export function isRetryable(err: unknown, idempotent: boolean): RetryDecision {
  if (err instanceof RateLimitedError || err instanceof TransientStateError) return "retry";
  if (err instanceof NetworkError) {
    if (err.phase === "connect" || idempotent) return "retry";
    return "recover-then-retry";
  }
  if (err instanceof ServerError) return idempotent ? "retry" : "recover-then-retry";
  return "no";
}

export interface RetryOptions<T> {
  idempotent: boolean;
  recover?: () => Promise<T | undefined>;
  policy?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (info: { attempt: number; error: unknown; delayMs: number }) => void;
  /** Overrides `isRetryable` for errors it has an opinion on (returns undefined otherwise). */
  classify?: (error: unknown) => RetryDecision | undefined;
}

export function resolvePolicy(policy?: Partial<RetryPolicy>): RetryPolicy {
  const merged = { ...defaultRetryPolicy };
  for (const key of Object.keys(merged) as (keyof RetryPolicy)[]) {
    const value = policy?.[key];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) merged[key] = value;
  }
  merged.retries = Math.floor(merged.retries);
  merged.maxDelayMs = Math.max(merged.maxDelayMs, merged.minDelayMs);
  return merged;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with full jitter between minDelayMs and a ceiling that doubles per retry (capped). */
export function backoffDelay(retryNumber: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** Math.max(0, retryNumber));
  return Math.round(policy.minDelayMs + random() * (ceiling - policy.minDelayMs));
}

/** Thrown away inside p-retry: marks an error as final so p-retry stops without consulting its own rules. */
class GiveUp extends Error {
  constructor(readonly original: unknown) {
    super("give up");
  }
}

/**
 * Runs `attempt` until it succeeds, the failure is not retryable, or the retry/time budget is spent; then rejects
 * with the last error. p-retry drives the loop; delays go through the injectable `sleep` (p-retry's own timer is
 * disabled) so tests can run a whole backoff in virtual time. Elapsed time counts the attempts' real duration plus
 * the delays asked of `sleep`, which keeps `maxTotalMs` meaningful under a fake sleep.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions<T>,
): Promise<T> {
  const policy = resolvePolicy(options.policy);
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  let elapsedMs = 0;
  let retriesDone = 0;
  let mustRecover = false;
  const givenUp = new GivenUp();

  const timed = async <R>(fn: () => Promise<R>): Promise<R> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      elapsedMs += performance.now() - start;
    }
  };

  let lookedUp = false;
  const run = async (attemptNumber: number): Promise<T> => {
    if (mustRecover && options.recover) {
      const found = await timed(options.recover!);
      // The previous attempt did act: its result is what the caller wanted, and re-sending would duplicate it.
      if (found !== undefined) return found;
      mustRecover = false;
      lookedUp = true;
    }
    try {
      return await timed(() => attempt(attemptNumber));
    } catch (error) {
      // "Already exists" after a look-up found nothing: the earlier attempt may have landed after the look-up (a
      // server that acts late). Looking once more finds it, instead of failing on our own object.
      if (error instanceof ConflictError && lookedUp && options.recover) {
        lookedUp = false;
        const found = await timed(options.recover);
        if (found !== undefined) return found;
      }
      throw error;
    }
  };

  const decide = async (error: unknown, attemptNumber: number): Promise<boolean> => {
    const decision = options.classify?.(error) ?? isRetryable(error, options.idempotent);
    if (decision === "no") return false;
    if (decision === "recover-then-retry" && !options.recover) {
      // A lost connection already says so in its message; a 5xx must say why a passing failure was not re-sent.
      if (error instanceof ServerError) givenUp.set(error, NOT_RESENT);
      return false;
    }
    if (retriesDone >= policy.retries) return false;
    const remaining = policy.maxTotalMs - elapsedMs;
    const asked = error instanceof ApiError ? error.retryAfterMs : undefined;
    let delayMs: number;
    if (asked !== undefined) {
      // Coming back before the server said so would only earn another 429; say why nothing more was tried.
      if (asked > remaining) {
        givenUp.set(
          error as object,
          `not retried: the server asked to wait ${formatSeconds(asked)} (Retry-After), longer than the ${formatSeconds(Math.max(0, remaining))} left of the retry budget (maxTotalMs); try again later`,
        );
        return false;
      }
      delayMs = asked;
    } else {
      if (remaining <= 0) return false;
      delayMs = Math.min(backoffDelay(retriesDone + 1, policy, random), remaining);
    }
    retriesDone++;
    if (decision === "recover-then-retry") mustRecover = true;
    options.onRetry?.({ attempt: attemptNumber, error, delayMs });
    elapsedMs += delayMs;
    await sleep(delayMs);
    return true;
  };

  try {
    return await pRetry(
      async (attemptNumber) => {
        try {
          return await run(attemptNumber);
        } catch (error) {
          // p-retry refuses to retry TypeErrors and non-Errors on its own; wrapping keeps the decision ours.
          throw new GiveUp(error);
        }
      },
      {
        retries: policy.retries,
        minTimeout: 0,
        maxRetryTime: Number.POSITIVE_INFINITY,
        shouldRetry: ({ error, attemptNumber }) => decide((error as GiveUp).original, attemptNumber),
      },
    );
  } catch (error) {
    const original = error instanceof GiveUp ? error.original : error;
    givenUp.explain(original);
    throw original;
  }
}

const NOT_RESENT =
  "not re-sent: the request may have reached the server and acted, and sending it again could act twice (a second object, a second removal)";

/** Notes why a retryable error was not retried, and says so in its message. */
class GivenUp {
  private error?: object;
  private reason = "";

  set(error: object, reason: string): void {
    this.error = error;
    this.reason = reason;
  }

  explain(error: unknown): void {
    if (error !== this.error || !(error instanceof Error) || error.message.includes(this.reason)) return;
    error.message = `${error.message}; ${this.reason}`;
  }
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}
