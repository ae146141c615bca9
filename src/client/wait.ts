import { NetworkError, RateLimitedError, ServerError } from "./errors";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface WaitOptions<T> {
  /** What is awaited, e.g. "space 3f2… to become READY". */
  description: string;
  poll: () => Promise<T>;
  isDone: (value: T) => boolean;
  /** A terminal failure reason ends the wait at once. */
  failure?: (value: T) => string | undefined;
  /** State text for messages, e.g. "status RUNNING". */
  describe?: (value: T) => string;
  timeoutMs: number;
  minIntervalMs?: number;
  maxIntervalMs?: number;
  clock?: Clock;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
}

export class WaitTimeoutError extends Error {
  readonly description: string;
  readonly lastState?: string;
  readonly elapsedMs: number;

  constructor(description: string, elapsedMs: number, lastState?: string) {
    super(
      `Timed out after ${formatDuration(elapsedMs)} waiting for ${description}; ` +
        `last state: ${lastState ?? "none (no poll answered)"}`,
    );
    this.name = "WaitTimeoutError";
    this.description = description;
    this.elapsedMs = elapsedMs;
    if (lastState !== undefined) this.lastState = lastState;
  }
}

export class WaitFailedError extends Error {
  readonly description: string;
  readonly lastState?: string;
  readonly reason: string;

  constructor(description: string, reason: string, lastState?: string) {
    super(`Failed waiting for ${description}: ${reason}${lastState !== undefined ? `; last state: ${lastState}` : ""}`);
    this.name = "WaitFailedError";
    this.description = description;
    this.reason = reason;
    if (lastState !== undefined) this.lastState = lastState;
  }
}

/** Errors that say "ask again later", not "this will never work". */
function isPassing(error: unknown): boolean {
  return error instanceof NetworkError || error instanceof ServerError || error instanceof RateLimitedError;
}

function defaultDescribe(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
}

/**
 * The target (DESIGN §7): completion is noticed within max(250 ms, 10 % of the wait). A poll that sees it still has
 * to come back, and the answer has to travel on (a last read of the object, the gRPC answer to the engine), so each
 * interval leaves LATENCY_ALLOWANCE_MS of that bound free: on a busy machine with dozens of waits at once, that
 * travel was measured at up to ~100 ms (bench/waits.mjs). Beyond a few seconds 8 % of the elapsed time is the
 * tighter limit, which keeps a 60 s wait to about 60 polls.
 */
export const MIN_BOUND_MS = 250;
export const BOUND_FRACTION = 0.1;
export const LATENCY_ALLOWANCE_MS = 100;
const POLL_FRACTION = 0.08;
export const DEFAULT_MIN_INTERVAL_MS = MIN_BOUND_MS - LATENCY_ALLOWANCE_MS;
export const DEFAULT_MAX_INTERVAL_MS = 5_000;

/**
 * How long after a poll started the next one starts, `elapsedMs` after the wait began. Completion just after a poll
 * is seen by the next one, one interval later, so the interval plus the allowance stays within the bound of a wait
 * at least that long; clamped to [min, max].
 */
export function pollInterval(
  elapsedMs: number,
  minMs = DEFAULT_MIN_INTERVAL_MS,
  maxMs = DEFAULT_MAX_INTERVAL_MS,
): number {
  const withinBound = Math.max(MIN_BOUND_MS, BOUND_FRACTION * elapsedMs) - LATENCY_ALLOWANCE_MS;
  return Math.min(Math.max(minMs, maxMs), Math.max(minMs, Math.min(POLL_FRACTION * elapsedMs, withinBound)));
}

/**
 * Polls until `isDone`, fails fast on `failure`, or times out at the deadline. The first poll is immediate; each
 * next one starts `pollInterval` after the previous one started (its round trip is inside the interval, not added
 * to it; after a failed poll, after it ended), so completion is noticed within max(250 ms, 10 % of the wait) without hammering the API on long waits.
 * The last sleep is shortened so a final poll happens at the deadline, never after it.
 */
export async function waitFor<T>(options: WaitOptions<T>): Promise<T> {
  const clock = options.clock ?? systemClock;
  const minInterval = Math.max(1, options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS);
  const maxInterval = Math.max(minInterval, options.maxIntervalMs ?? DEFAULT_MAX_INTERVAL_MS);
  const describe = options.describe ?? defaultDescribe;
  const start = clock.now();
  const deadline = start + Math.max(0, options.timeoutMs);
  let lastState: string | undefined;

  for (;;) {
    let polledAt = clock.now();
    try {
      const value = await options.poll();
      lastState = describe(value);
      const reason = options.failure?.(value);
      if (reason !== undefined) throw new WaitFailedError(options.description, reason, lastState);
      if (options.isDone(value)) return value;
    } catch (error) {
      if (!isPassing(error)) throw error;
      lastState = `error: ${error instanceof Error ? error.message : String(error)}`;
      // A failed poll (after the client's own retries) counts from its end: no second request right behind it.
      polledAt = clock.now();
    }
    const now = clock.now();
    if (now >= deadline) throw new WaitTimeoutError(options.description, now - start, lastState);
    const next = polledAt + pollInterval(polledAt - start, minInterval, maxInterval);
    await clock.sleep(Math.max(0, Math.min(next, deadline) - now));
  }
}
