/**
 * Helpers shared by the reliability tests: a seeded random source (so a failing fault mix can be replayed), arrival
 * times of sandbox requests (to measure how long a client waited before retrying), the engine's check-then-create
 * step for in-process implementations, and the environment a plugin-less test needs.
 */
import { performance } from "node:perf_hooks";
import { expect } from "vitest";
import { resetStackConfig } from "../../src/resources/config";
import type { EntityProvider } from "../../src/resources/provider";
import type { RecordedRequest, Sandbox } from "../../src/sandbox";

/** mulberry32: small, fast, good enough to spread faults; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Notes when each request reached the sandbox (the sandbox records requests in arrival order, without times). The
 * server pushes a record as soon as the request is read, before latency and faults.
 */
export function stampArrivals(sandbox: Sandbox): (request: RecordedRequest) => number {
  const arrivals = new WeakMap<RecordedRequest, number>();
  const push = sandbox.requests.push.bind(sandbox.requests);
  sandbox.requests.push = (...items: RecordedRequest[]) => {
    const now = performance.now();
    for (const item of items) arrivals.set(item, now);
    return push(...items);
  };
  return (request) => {
    const at = arrivals.get(request);
    if (at === undefined) throw new Error(`no arrival time for ${request.method} ${request.path}`);
    return at;
  };
}

/** The process environment of a provider run against this sandbox (credentials from the environment). */
export function useSandboxEnv(sandbox: Sandbox, saved: NodeJS.ProcessEnv): void {
  resetStackConfig();
  process.env = { ...saved, ...sandbox.env };
}

/** What the engine does before a create: check, then create with the checked inputs. */
export async function checkAndCreate(provider: EntityProvider, news: Record<string, unknown>) {
  const checked = await provider.check({}, news);
  expect(checked.failures ?? []).toEqual([]);
  const inputs = checked.inputs as Record<string, unknown>;
  const created = await provider.create(inputs);
  return { inputs, id: created.id, outs: (created.outs ?? {}) as Record<string, any> };
}

/** The rejection of a promise that must fail. */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the operation to fail");
}

/** Every string an error carries where a user or a log could see it: message, stack, cause chain, own fields. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown, depth: number): void => {
    if (value === null || value === undefined || depth > 6 || seen.has(value)) return;
    if (typeof value !== "object") {
      parts.push(String(value));
      return;
    }
    seen.add(value);
    if (value instanceof Error) {
      parts.push(value.name, value.message, value.stack ?? "");
      walk((value as { cause?: unknown }).cause, depth + 1);
    }
    for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key], depth + 1);
  };
  walk(error, 0);
  return parts.join("\n");
}

export const unique = (() => {
  let counter = 0;
  const run = Date.now().toString(36).slice(-4);
  return (prefix: string) => `${prefix}-${run}-${++counter}`;
})();
