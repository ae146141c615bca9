/**
 * Turns the engine's event stream of one `preview --refresh` into per-resource drift. Nothing here knows an entity:
 * the fields compared are the ones the state records as inputs, so entities added later are covered without edits.
 *
 * The refresh steps carry the state (`old`) and the live object (`new`, empty when it is gone); the preview steps
 * that follow say what `up` would do against the refreshed state. The engine masks every secret in events
 * (`{<secret sig>, ciphertext: "[secret]"}`), so secret values never reach this process through them.
 */
import type { EngineEvent, StepEventMetadata, StepEventStateMetadata } from "@pulumi/pulumi/automation";
import type * as Runtime from "../resources/runtime";

// The entity descriptions, loaded by package name as every serialized provider loads them: always the built ones,
// however this module itself was loaded (the tests load src/ through vitest, which cannot require TypeScript).
const runtime = (): typeof Runtime => require("pulumi-eurostack/runtime");

import { type FieldChange, type ResourceDrift, SECRET, UNKNOWN_VALUE } from "./report";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";
/** The value a preview holds for an input not known until `up`. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/";

type Props = Record<string, unknown>;

export function isSecret(value: unknown): boolean {
  return (
    value !== null && typeof value === "object" && (value as Props)[SECRET_SIG] === SECRET_SIG_VALUE // engine's marker
  );
}

/** A value fit to show: secrets (at any depth) as `[secret]`, preview unknowns as `[known after up]`. */
export function shown(value: unknown): unknown {
  if (isSecret(value)) return SECRET;
  if (value === UNKNOWN) return UNKNOWN_VALUE;
  if (Array.isArray(value)) return value.map(shown);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shown(v)]));
  }
  return value;
}

function containsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsSecret);
  return false;
}

/** Deep equality that ignores key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

/**
 * Equality as the resource's provider judges it: the entity's own comparison of that field (sets, instants, SSH keys,
 * a cluster's initial pools that never count) when the type is one of ours, else deep equality.
 */
function sameField(type: string | undefined, field: string, a: unknown, b: unknown): boolean {
  const compare = type === undefined ? undefined : runtime().comparisonOf(type, field);
  return compare ? sameValue(compare(a ?? null), compare(b ?? null)) : sameValue(a, b);
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stable((value as Props)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** `scaleway` and `Application` from `pulumi-nodejs:dynamic/scaleway:Application`; other providers by package. */
export function systemOf(type: string): { system: string; entity: string } {
  if (type.startsWith(DYNAMIC_PREFIX)) {
    const [system = "dynamic", entity = type] = type.slice(DYNAMIC_PREFIX.length).split(":");
    return { system, entity };
  }
  const [pkg = type, , entity = type] = type.split(":");
  return { system: pkg, entity };
}

const isEngineOwn = (type: string) => type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");

/** A field's value in a state: the output when there is one (it is what the provider read), else the input. */
function valueIn(state: StepEventStateMetadata | undefined, field: string): unknown {
  if (!state) return undefined;
  if (state.outputs && field in state.outputs) return state.outputs[field];
  return state.inputs?.[field];
}

const inputKeys = (...states: (StepEventStateMetadata | undefined)[]) =>
  [...new Set(states.flatMap((s) => Object.keys(s?.inputs ?? {})))].filter((k) => k !== "__provider").sort();

function secretIn(state: StepEventStateMetadata | undefined, field: string): boolean {
  return containsSecret(state?.outputs?.[field]) || containsSecret(state?.inputs?.[field]);
}

/** Fields whose live value differs from the recorded one. Two masked secrets cannot be compared: left out. */
export function liveChanges(old: StepEventStateMetadata, live: StepEventStateMetadata, type?: string): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of inputKeys(old, live)) {
    const recorded = valueIn(old, field);
    const now = valueIn(live, field);
    const secret = secretIn(old, field) || secretIn(live, field);
    if (secret ? containsSecret(recorded) && containsSecret(now) : sameField(type, field, recorded, now)) continue;
    changes.push(
      secret
        ? { field, recorded: SECRET, live: SECRET, secret }
        : { field, recorded: shown(recorded), live: shown(now), secret },
    );
  }
  return changes;
}

/**
 * Fields `up` would change: the refreshed state against what the program declares. The provider's own diff decides
 * the operation (it normalizes what the API normalizes); this list names the fields for a reader. When no visible
 * field explains an update, the change is in a secret, whose values the engine never shows: those fields are listed.
 */
export function plannedChanges(
  old: StepEventStateMetadata | undefined,
  next: StepEventStateMetadata,
  type?: string,
): FieldChange[] {
  const declaredKeys = Object.keys(next.inputs ?? {})
    .filter((k) => k !== "__provider")
    .sort();
  const changes: FieldChange[] = [];
  const secrets: string[] = [];
  for (const field of declaredKeys) {
    if (secretIn(old, field) || secretIn(next, field)) {
      secrets.push(field);
      continue;
    }
    const recorded = valueIn(old, field);
    const declared = next.inputs?.[field];
    if (!sameField(type, field, recorded, declared)) {
      changes.push({ field, recorded: shown(recorded), declared: shown(declared), secret: false });
    }
  }
  if (changes.length === 0 && old) {
    for (const field of secrets) changes.push({ field, recorded: SECRET, declared: SECRET, secret: true });
  }
  return changes;
}

const REPLACE_STEPS = new Set(["replace", "create-replacement", "delete-replaced"]);
const QUIET_STEPS = new Set(["same", "refresh", "read", "discard", "discard-replaced", "remove-pending-replace"]);

/** Collects what one preview-with-refresh found. Feed it every event; then `result()`. */
export class DriftCollector {
  private readonly entries = new Map<string, ResourceDrift>();
  private readonly refreshed = new Set<string>();
  private readonly planned = new Map<string, { op: string; meta: StepEventMetadata }>();

  /** Resources the refresh has read so far (for progress). */
  get checked(): number {
    return this.refreshed.size;
  }

  add(event: EngineEvent): void {
    const outputs = event.resOutputsEvent?.metadata;
    if (outputs?.op === "refresh") this.onRefresh(outputs);
    const pre = event.resourcePreEvent?.metadata;
    if (pre && !QUIET_STEPS.has(pre.op) && !isEngineOwn(pre.type)) this.onPlanned(pre);
  }

  private entry(meta: StepEventMetadata): ResourceDrift {
    let entry = this.entries.get(meta.urn);
    if (!entry) {
      const state = meta.old ?? meta.new;
      entry = {
        urn: meta.urn,
        name: meta.urn.slice(meta.urn.lastIndexOf("::") + 2),
        type: meta.type,
        ...systemOf(meta.type),
        ...(state?.id ? { id: state.id } : {}),
        kind: "pending",
        fields: [],
        plannedFields: [],
      };
      this.entries.set(meta.urn, entry);
    }
    return entry;
  }

  private onRefresh(meta: StepEventMetadata): void {
    if (isEngineOwn(meta.type) || meta.old?.custom === false) return;
    this.refreshed.add(meta.urn);
    if (!meta.old) return;
    const live = meta.new;
    if (!live || (Object.keys(live.outputs ?? {}).length === 0 && !live.id)) {
      this.entry(meta).kind = "deleted";
      return;
    }
    const fields = liveChanges(meta.old, live, meta.type);
    if (fields.length === 0) return;
    const entry = this.entry(meta);
    entry.kind = "changed";
    entry.fields = fields;
  }

  private onPlanned(meta: StepEventMetadata): void {
    const op = REPLACE_STEPS.has(meta.op) ? "replace" : meta.op;
    const previous = this.planned.get(meta.urn);
    // A replacement shows as several steps; the one carrying both states names the fields.
    if (previous && previous.op === "replace" && (!meta.old || !meta.new)) return;
    this.planned.set(meta.urn, { op, meta });
  }

  result(): ResourceDrift[] {
    for (const [, { op, meta }] of this.planned) {
      const entry = this.entry(meta);
      entry.planned = op;
      if (meta.new && (op === "update" || op === "replace"))
        entry.plannedFields = plannedChanges(meta.old, meta.new, meta.type);
      if (meta.keys?.length) entry.replaceKeys = [...meta.keys].sort();
    }
    return [...this.entries.values()].sort((a, b) => a.urn.localeCompare(b.urn));
  }
}
