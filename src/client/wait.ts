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
 * Polls until `isDone`, fails fast on `failure`, or times out at the deadline. The first poll is immediate; the
 * interval then grows with the elapsed time (10 % of it, clamped to [min, max]) so completion is noticed within
 * max(min interval, 10 % of the wait) without hammering the API on long waits. The last sleep is shortened so a final
 * poll happens at the deadline, never after it.
 */
const POLL_FRACTION = 0.08;

export async function waitFor<T>(options: WaitOptions<T>): Promise<T> {
  const clock = options.clock ?? systemClock;
  const minInterval = Math.max(1, options.minIntervalMs ?? 200);
  const maxInterval = Math.max(minInterval, options.maxIntervalMs ?? 5_000);
  const describe = options.describe ?? defaultDescribe;
  const start = clock.now();
  const deadline = start + Math.max(0, options.timeoutMs);
  let lastState: string | undefined;

  for (;;) {
    try {
      const value = await options.poll();
      lastState = describe(value);
      const reason = options.failure?.(value);
      if (reason !== undefined) throw new WaitFailedError(options.description, reason, lastState);
      if (options.isDone(value)) return value;
    } catch (error) {
      if (!isPassing(error)) throw error;
      lastState = `error: ${error instanceof Error ? error.message : String(error)}`;
    }
    const now = clock.now();
    if (now >= deadline) throw new WaitTimeoutError(options.description, now - start, lastState);
    // The target is noticing completion within 10 % of the wait; the poll's own round trip comes on top of the
    // interval, so the interval keeps to 8 % to leave it room.
    const interval = Math.min(maxInterval, Math.max(minInterval, (now - start) * POLL_FRACTION));
    await clock.sleep(Math.min(interval, deadline - now));
  }
}
