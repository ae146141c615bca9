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
  read(id: string, props: Record<string, any>, inputs?: Record<string, any>): Promise<pulumi.dynamic.ReadResult>;
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
        failures.push({ property, reason: "unknown property" });
      }
      continue;
    }
    const property = issue.path.length > 0 ? issue.path.map(String).join(".") : "(inputs)";
    if (unknownKeys.has(String(issue.path[0]))) continue;
    // One reason per property: the first is the most basic (type, then format, then range).
    if (failures.some((failure) => failure.property === property)) continue;
    failures.push({ property, reason: issue.message });
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

export { asInstant, asSet, deepEqual } from "./fields";

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
