/**
 * The drift report: what `pulumi-eurostack drift` found, in the shape `--json` prints (documented in docs/drift.md).
 * The shape is versioned: a consumer checks `schema`; fields are only ever added within one version.
 */

export const REPORT_SCHEMA = "pulumi-eurostack/drift@1";

/** What a secret value is replaced with, everywhere a value would be shown. */
export const SECRET = "[secret]";
/** What a value not known until `up` (a preview unknown) is shown as. */
export const UNKNOWN_VALUE = "[known after up]";

export type Value = unknown;

/** One field whose recorded value differs from the live one (refresh) or from what the program declares (preview). */
export interface FieldChange {
  field: string;
  /** The value in the stack's state. */
  recorded: Value;
  /** The live value (refresh) — absent for a planned change. */
  live?: Value;
  /** What the program declares (preview) — absent for live drift. */
  declared?: Value;
  /** The field is a secret: values are `[secret]` and never compared or shown. */
  secret: boolean;
}

/**
 * - `changed`: the live object differs from the state (changed behind Pulumi's back);
 * - `deleted`: the live object is gone (deleted behind Pulumi's back);
 * - `pending`: the live object matches the state, but `up` would still change it (the program differs from the
 *   state, e.g. a merged change not yet applied).
 */
export type DriftKind = "changed" | "deleted" | "pending";

export interface ResourceDrift {
  urn: string;
  /** The logical name in the program. */
  name: string;
  /** The type token, e.g. `pulumi-nodejs:dynamic/scaleway:Application`. */
  type: string;
  /** `scaleway`, `numspot`, `juju`, `fiware`, ... from the type token; for other providers, their package name. */
  system: string;
  /** `Application`, `Space`, ... from the type token. */
  entity: string;
  id?: string;
  kind: DriftKind;
  /** Live drift, field by field (kind `changed`). */
  fields: FieldChange[];
  /** What `up` would do to this resource (`update`, `replace`, `create`, `delete`, ...), if anything. */
  planned?: string;
  /** Fields `up` would change, recorded (after refresh) vs declared, where they can be told apart. */
  plannedFields: FieldChange[];
  /** Fields that force a replacement, as the engine reports them. */
  replaceKeys?: string[];
}

export interface StackReport {
  stack: string;
  project?: string;
  status: "clean" | "drift" | "error";
  /** Why the stack could not be checked (status `error`). Never holds a secret value. */
  error?: string;
  /** Resources the refresh read (the program's, not the engine's own). */
  checked: number;
  durationMs: number;
  resources: ResourceDrift[];
}

export interface DriftReport {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  status: "clean" | "drift" | "error";
  /** The command's exit status: 0 clean, 2 drift, 1 a stack could not be checked. */
  exitCode: 0 | 1 | 2;
  stacks: StackReport[];
  summary: { stacks: number; checked: number; changed: number; deleted: number; pending: number; errors: number };
}

/** Builds the whole report; a stack that could not be checked outweighs drift (the result is incomplete). */
export function buildReport(stacks: StackReport[], now: Date = new Date()): DriftReport {
  const all = stacks.flatMap((s) => s.resources);
  const count = (kind: DriftKind) => all.filter((r) => r.kind === kind).length;
  const errors = stacks.filter((s) => s.status === "error").length;
  const status = errors > 0 ? "error" : all.length > 0 ? "drift" : "clean";
  return {
    schema: REPORT_SCHEMA,
    generatedAt: now.toISOString(),
    status,
    exitCode: status === "error" ? 1 : status === "drift" ? 2 : 0,
    stacks,
    summary: {
      stacks: stacks.length,
      checked: stacks.reduce((n, s) => n + s.checked, 0),
      changed: count("changed"),
      deleted: count("deleted"),
      pending: count("pending"),
      errors,
    },
  };
}

/** Resources of one stack grouped by system, systems and resources in a stable order. */
export function bySystem(resources: ResourceDrift[]): [string, ResourceDrift[]][] {
  const groups = new Map<string, ResourceDrift[]>();
  for (const r of [...resources].sort((a, b) => a.urn.localeCompare(b.urn))) {
    const list = groups.get(r.system) ?? [];
    list.push(r);
    groups.set(r.system, list);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}
