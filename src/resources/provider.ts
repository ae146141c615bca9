import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { NotFoundError } from "../client/errors";

/**
 * Shared scaffolding for entity implementations: check with zod, field-wise diff, partial-failure errors and
 * JSON-clean outputs. Implementations are plain objects of this shape, loaded by the runtime.
 */
export interface EntityProvider {
  check(olds: Record<string, any>, news: Record<string, any>): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Record<string, any>, news: Record<string, any>): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Record<string, any>): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Record<string, any>): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Record<string, any>, news: Record<string, any>): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Record<string, any>): Promise<void>;
}

/** The value preview sends for inputs not known yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * Validates inputs with a zod schema and reports property-level failures. Top-level properties whose value is (or
 * contains) the preview's unknown sentinel are not validated: they are checked again when known.
 * `__provider` is not an input of ours and is left alone.
 */
export function checkInputs<T extends Record<string, unknown>>(
  schema: z.ZodType<T>,
  news: Record<string, unknown>,
): { inputs?: T; failures: pulumi.dynamic.CheckFailure[] } {
  const unknownKeys = new Set(Object.keys(news).filter((key) => containsUnknown(news[key])));
  const candidate: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(news)) {
    if (key !== "__provider" && !unknownKeys.has(key)) candidate[key] = value;
  }
  const result = schema.safeParse(candidate);
  if (result.success) return { inputs: result.data, failures: [] };
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const issue of result.error.issues) {
    // An unknown property is reported on itself (typos such as `nmae` then point at the culprit).
    if (issue.code === "unrecognized_keys") {
      const prefix = issue.path.map(String).join(".");
      for (const key of issue.keys) {
        const property = prefix ? `${prefix}.${key}` : key;
        failures.push({ property, reason: `${property}: unknown property` });
      }
      continue;
    }
    const property = issue.path.length > 0 ? issue.path.map(String).join(".") : "(inputs)";
    if (unknownKeys.has(String(issue.path[0]))) continue;
    failures.push({ property, reason: `${property}: ${issue.message}` });
  }
  return { failures };
}

/** The result of check: normalized inputs with unknowns put back, or the original inputs with the failures. */
export function checkResult<T extends Record<string, unknown>>(
  news: Record<string, unknown>,
  checked: { inputs?: T; failures: pulumi.dynamic.CheckFailure[] },
): pulumi.dynamic.CheckResult {
  if (checked.failures.length > 0 || !checked.inputs) return { inputs: news, failures: checked.failures };
  const inputs: Record<string, unknown> = { ...checked.inputs };
  for (const [key, value] of Object.entries(news)) {
    if (containsUnknown(value)) inputs[key] = value;
  }
  return { inputs: jsonClean(inputs), failures: [] };
}

export interface FieldRule {
  /** Input name; the stored output of the same name is compared with it. */
  readonly name: string;
  /** The API cannot change it in place. */
  readonly replace?: boolean;
  /** What an omitted input means (e.g. "" for a description); without it, an omitted input is not compared. */
  readonly whenOmitted?: unknown;
  /** Makes server-normalized values comparable (UTC instants, set-like arrays). */
  readonly normalize?: (value: unknown) => unknown;
}

/**
 * Compares stored outputs with new inputs, field by field, for the fields the user set. `__provider` is never
 * compared: the host lets a newer implementation handle older state.
 */
export function diffFields(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  rules: readonly FieldRule[],
  options: { deleteBeforeReplace?: boolean } = {},
): pulumi.dynamic.DiffResult {
  const changed: string[] = [];
  const replaces: string[] = [];
  for (const rule of rules) {
    let wanted = news[rule.name];
    if (wanted === undefined) {
      if (rule.whenOmitted === undefined) continue;
      wanted = rule.whenOmitted;
    }
    const normalize = rule.normalize ?? ((value: unknown) => value);
    // An absent output and null are the same "nothing" (APIs answer null, our outputs omit undefined).
    const differs = containsUnknown(wanted) || !deepEqual(normalize(olds[rule.name] ?? null), normalize(wanted));
    if (!differs) continue;
    changed.push(rule.name);
    if (rule.replace) replaces.push(rule.name);
  }
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && options.deleteBeforeReplace === true,
  };
}

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

/** Set-like arrays (tags, ids) compare without order or duplicates. */
export function asSet(value: unknown): unknown {
  return Array.isArray(value) ? [...new Set(value.map(String))].sort() : value;
}

/** RFC 3339 timestamps compare as instants: the server answers in UTC. */
export function asInstant(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/**
 * A remote object exists but a later step failed. The host records it as created-but-failed (from `id`,
 * `properties`, `reasons`) instead of orphaning it; the next `up` sees it and can repair or replace it.
 */
export class ResourceInitError extends Error {
  readonly reasons: string[];
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    reason: string,
  ) {
    super(reason);
    this.name = "ResourceInitError";
    this.reasons = [reason];
    this.properties = jsonClean(properties);
  }
}

/** Outputs cross a protobuf Struct: no undefined, no Date, no functions. */
export function jsonClean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value ?? null)) as T;
}

/** Copies the given keys that are set. */
export function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

/** Read's answer for an object that no longer exists: an empty id makes the host drop it from state. */
export async function readOrGone(
  readLive: () => Promise<pulumi.dynamic.ReadResult>,
): Promise<pulumi.dynamic.ReadResult> {
  try {
    return await readLive();
  } catch (error) {
    if (error instanceof NotFoundError) return { id: "", props: {} };
    throw error;
  }
}

/** Delete succeeds when the object is already gone. */
export async function deleteIfExists(remove: () => Promise<void>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
}
