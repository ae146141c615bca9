/**
 * Shared field types and comparisons for entity descriptions. Every check here is as strict as the APIs: a value
 * that passes would be accepted by the API, so a bad input costs no request (DESIGN §7). Reasons never repeat the
 * property: check failures carry it separately.
 */
import { z } from "zod";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

export const Uuid = z
  .string("must be a string")
  .regex(UUID_PATTERN, "must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6");

/**
 * The APIs count string lengths in UTF-16 code units (JavaScript's `length`, Java's and the sandbox's), while zod 4's
 * `min`/`max` count code points: an emoji is 1 for zod and 2 for the API. Length limits therefore go through here.
 */
export function text(options: { min?: number; max: number; minReason?: string }) {
  const { min = 0, max } = options;
  return z
    .string("must be a string")
    .refine(
      (value) => value.length >= min,
      options.minReason ?? (min === 1 ? "must not be empty" : `must be at least ${min} characters`),
    )
    .refine((value) => value.length <= max, `must be at most ${max} characters (UTF-16 code units, as the API counts)`);
}

/** Calendar parts of an RFC 3339 date-time; `t`, `z` and `T`, `Z` alike (RFC 3339 §5.6 allows lowercase). */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** Why a string is not an RFC 3339 date-time the APIs accept, or undefined when it is one. */
export function rfc3339Problem(value: string): string | undefined {
  const match = RFC3339.exec(value);
  if (!match) return "must be an RFC 3339 date-time such as 2031-01-01T00:00:00Z";
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const offsetHours = match[9] === undefined ? 0 : Number(match[9]);
  const offsetMinutes = match[10] === undefined ? 0 : Number(match[10]);
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  const realDay = date.getUTCFullYear() === year && date.getUTCMonth() === month! - 1 && date.getUTCDate() === day;
  if (!realDay || hour! > 23 || minute! > 59 || second! > 59 || offsetHours > 23 || offsetMinutes > 59) {
    return "must be a real calendar date and time (no such day or time)";
  }
  return undefined;
}

/** Milliseconds since the epoch of a valid RFC 3339 value (Date.parse does not take a lowercase `t`). */
export function instantMs(value: string): number {
  return Date.parse(value.toUpperCase());
}

/** One failure per bad value, with the most useful reason. */
export const Rfc3339 = z.string("must be a string").superRefine((value, ctx) => {
  const problem = rfc3339Problem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** An RFC 3339 date-time that must lie in the future when checked (e.g. an expiry). */
export const FutureRfc3339 = Rfc3339.superRefine((value, ctx) => {
  if (rfc3339Problem(value) === undefined && instantMs(value) <= Date.now()) {
    ctx.addIssue({ code: "custom", message: "must be in the future" });
  }
});

export const Seconds = z
  .number("must be a number of seconds")
  .positive("must be a positive number of seconds")
  .max(86_400, "must be at most 86400 seconds (one day)");

export interface TimeoutValues {
  create?: number;
  update?: number;
  delete?: number;
}

export const TimeoutsInput = z
  .object({ create: Seconds.optional(), update: Seconds.optional(), delete: Seconds.optional() }, "must be an object")
  .strict();

/** The timeouts in force: what the user set, the entity's defaults for the rest. */
export function effectiveTimeouts(value: unknown, defaults: Required<TimeoutValues>): Required<TimeoutValues> {
  const given = value && typeof value === "object" ? (value as TimeoutValues) : {};
  return {
    create: given.create ?? defaults.create,
    update: given.update ?? defaults.update,
    delete: given.delete ?? defaults.delete,
  };
}

/** An http(s) URL: the clients speak nothing else (an ftp:// URL would fail only at the first request). */
export const HttpUrl = z.url({
  protocol: /^https?$/,
  error: "must be an http:// or https:// URL such as https://api.example.com",
});

/** The `timeouts` input of a waiting entity: no remote change, but delete reads it from state, so it is diffed. */
export function timeoutsField(defaults: Required<TimeoutValues>) {
  return {
    input: TimeoutsInput,
    default: {},
    compare: (value: unknown) => effectiveTimeouts(value, defaults),
    local: true,
  } as const;
}

export const Bool = z.boolean("must be true or false");

/** Makes two values comparable the way the server sees them. */
export type Comparison = (value: unknown) => unknown;

/** Set-like arrays (tags, ids) compare without order or duplicates. */
export const asSet: Comparison = (value) => (Array.isArray(value) ? [...new Set(value.map(String))].sort() : value);

/** RFC 3339 timestamps compare as instants: the server answers in UTC. */
export const asInstant: Comparison = (value) => {
  if (typeof value !== "string") return value;
  const ms = instantMs(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
};

/** SSH public keys: the server drops a trailing newline and collapses runs of blanks. */
export const asSshKey: Comparison = (value) =>
  typeof value === "string" ? value.trim().split(/\s+/).join(" ") : value;

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).filter((k) => (a as any)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as any)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as any)[k], (b as any)[k]));
  }
  return false;
}
