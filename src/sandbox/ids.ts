import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uuid(): string {
  return randomUUID();
}

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

// Crockford base32: what real Scaleway access keys are drawn from (no I, L, O, U).
const ACCESS_KEY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** "SCW" + 17 upper-case alphanumerics, like SCW9AXCN349HVWTA0M0H. */
export function scalewayAccessKey(): string {
  let key = "SCW";
  for (let i = 0; i < 17; i++) key += ACCESS_KEY_ALPHABET[randomInt(ACCESS_KEY_ALPHABET.length)];
  return key;
}

let lastMicros = 0n;

/**
 * Wall-clock microseconds, strictly increasing within the process: records created in the same millisecond still
 * get distinct timestamps, so ordering by created_at is the creation order, as on the real server.
 */
function nowMicros(): bigint {
  const subMillisecond = BigInt(Math.floor((performance.now() % 1) * 1000));
  const micros = BigInt(Date.now()) * 1000n + subMillisecond;
  lastMicros = micros > lastMicros ? micros : lastMicros + 1n;
  return lastMicros;
}

/** RFC 3339 in UTC with exactly six fractional digits, as Scaleway writes created_at: 2026-06-10T16:12:40.263060Z. */
export function scalewayTimestamp(): string {
  const micros = nowMicros();
  const seconds = new Date(Number(micros / 1000n)).toISOString().slice(0, 19);
  return `${seconds}.${(micros % 1_000_000n).toString().padStart(6, "0")}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export interface ParsedTimestamp {
  /** UTC with `Z`, fractional digits as protobuf JSON writes them (none, 3, 6 or 9): what the server echoes. */
  utc: string;
  epochMs: number;
}

/** Parses an RFC 3339 date-time with any offset; undefined when it is not one (or names an impossible date). */
export function parseRfc3339(value: string): ParsedTimestamp | undefined {
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const offsetMinutes = m[8] ? 0 : (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  const epochSeconds = local - offsetMinutes * 60_000;
  const nanos = Number((m[7] ?? "").padEnd(9, "0"));
  const base = new Date(epochSeconds).toISOString().slice(0, 19);
  let fraction = "";
  if (nanos % 1_000_000 === 0 && nanos !== 0) fraction = `.${String(nanos / 1_000_000).padStart(3, "0")}`;
  else if (nanos % 1000 === 0 && nanos !== 0) fraction = `.${String(nanos / 1000).padStart(6, "0")}`;
  else if (nanos !== 0) fraction = `.${String(nanos).padStart(9, "0")}`;
  return { utc: `${base}${fraction}Z`, epochMs: epochSeconds + Math.floor(nanos / 1_000_000) };
}
