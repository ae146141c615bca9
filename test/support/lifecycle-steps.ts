/**
 * Types and step rules shared by the lifecycle driver (test/support/lifecycle.ts, the entry to import).
 */
import { type CheckFailure, type Plugin, type PropertyMap, secretValue } from "./plugin";
import { type Registration, ROOT_STACK_TYPE } from "./program";
import { reveal, type StateFile, type StateRef, type StateResource } from "./state";

export type StepOp =
  | "create"
  | "update"
  | "same"
  | "delete"
  | "create-replacement"
  | "delete-replaced"
  | "read"
  | "refresh";

export interface StepRecord {
  op: StepOp;
  urn: string;
  id: string;
}

export interface Summary {
  creates: number;
  updates: number;
  replaces: number;
  deletes: number;
  sames: number;
  reads: number;
  /** creates + updates + replaces + deletes. */
  changes: number;
  /** Provider operations in the order they finished (for ordering assertions). */
  steps: StepRecord[];
}

export interface EngineOptions {
  plugin: Plugin;
  state: StateRef;
  /** Stack config (full `ns:key` names), sent to Configure and visible to the program. */
  config?: Record<string, string>;
  /** Config keys that are secrets. */
  secretKeys?: string[];
}

export interface UpResult {
  summary: Summary;
  state: StateFile;
  /** Stack outputs, plain. */
  exports: PropertyMap;
  /** Stack outputs that are secrets. */
  secretExports: string[];
  registrations: Registration[];
}

export interface PlannedStep {
  urn: string;
  type: string;
  name: string;
  op: "create" | "update" | "replace" | "same" | "delete";
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Check failures; when present, `op` is what would have been attempted ("create" or "update"). */
  failures: CheckFailure[];
}

export interface PreviewResult {
  steps: PlannedStep[];
  summary: Omit<Summary, "steps" | "reads"> & { failures: number };
  registrations: Registration[];
}

export interface FailedStep {
  urn: string;
  message: string;
  failures?: CheckFailure[];
}

/** The deployment failed; what was done is in the state (and in `summary`). */
export class DeploymentError extends Error {
  override readonly name = "DeploymentError";
  constructor(
    operation: string,
    readonly failed: FailedStep[],
    readonly summary: Summary,
    readonly state: StateFile,
  ) {
    super(`${operation} failed:\n${failed.map((f) => `  ${f.urn}: ${f.message}`).join("\n")}`);
  }
}

export function newSummary(): Summary {
  return { creates: 0, updates: 0, replaces: 0, deletes: 0, sames: 0, reads: 0, changes: 0, steps: [] };
}

export function finish(summary: Summary): Summary {
  summary.changes = summary.creates + summary.updates + summary.replaces + summary.deletes;
  return summary;
}

export async function ensureConfigured(options: EngineOptions): Promise<void> {
  const { plugin } = options;
  if (!plugin.configured) {
    await plugin.configure(options.config ?? {}, { secretKeys: options.secretKeys });
    return;
  }
  if (options.config && JSON.stringify(options.config) !== JSON.stringify(plugin.configuredWith ?? {})) {
    throw new Error(
      "this plugin process is already configured with another config; start a new plugin (the engine starts and configures one per deployment)",
    );
  }
}

export function isDynamic(registration: Registration): boolean {
  return registration.custom && registration.type.startsWith("pulumi-nodejs:dynamic");
}

/** Secret keys for stored outputs (engine rules, top-level). */
export function secretOutputKeys(outputs: PropertyMap, additional: string[], secretInputs: string[]): string[] {
  return Object.keys(outputs).filter((k) => additional.includes(k) || secretInputs.includes(k));
}

export function toProgram(outputs: PropertyMap, secretKeys: string[]): PropertyMap {
  const out: PropertyMap = { ...outputs };
  for (const key of secretKeys) if (key in out) out[key] = secretValue(out[key]);
  return out;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as PropertyMap)[k])]),
  );
}

/**
 * `ignoreChanges`: on an existing resource the engine sends the old input value for each ignored path (dotted,
 * top-level or nested in objects) before Check.
 */
export function applyIgnoreChanges(news: PropertyMap, oldInputs: PropertyMap, paths: string[]): PropertyMap {
  const result = structuredClone(news);
  for (const path of paths) {
    const keys = path.split(".");
    let target: any = result;
    let source: any = oldInputs;
    for (const key of keys.slice(0, -1)) {
      if (typeof target?.[key] !== "object" || target[key] === null) target = undefined;
      else target = target[key];
      source = source?.[key];
    }
    const last = keys.at(-1)!;
    if (target === undefined) continue;
    if (source !== undefined && typeof source === "object" && source !== null && last in source) {
      target[last] = structuredClone(source[last]);
    } else {
      delete target[last];
    }
  }
  return result;
}

/** Delete as the engine does: protected resources refuse, retained (and read) ones are only forgotten. */
export async function engineDelete(plugin: Plugin, entry: StateResource): Promise<boolean> {
  if (entry.protect) {
    throw new Error("the resource is protected; remove the `protect` option first");
  }
  if (entry.external || entry.retainOnDelete) return false;
  await plugin.delete(entry.id, entry.urn, reveal(entry.outputs), { oldInputs: reveal(entry.inputs) });
  return true;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function failureMessage(failures: CheckFailure[]): string {
  return `check failed: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`;
}

export function stackUrn(plugin: Plugin): string {
  return `urn:pulumi:${plugin.stack}::${plugin.project}::${ROOT_STACK_TYPE}::${plugin.project}-${plugin.stack}`;
}
