/**
 * What the soak knows about one entity kind, beyond its description: how a program declares a resource of it (and
 * whatever that resource needs of its own), which changes it takes in place and which replace it, where the sandbox
 * keeps its remote objects, and how a recorded resource compares with its remote object. Each system's table is in
 * test/soak/<system>.ts.
 */
import type { Sandbox } from "../../src/sandbox";

/**
 * The waits of every kind that has them (seconds). Changes land within a second here, so a wait that runs out is a
 * defect: it ends as a failure naming what it awaited and what the server showed, well within the test's time,
 * instead of the defaults' minutes.
 */
export const WAIT_TIMEOUTS = { create: 60, update: 60, delete: 60 };

export type Args = Record<string, unknown>;

/** One logical resource of the soak: a name in the program whose arguments move on with each change. */
export interface Logical {
  kind: string;
  /** Serial number, unique across the soak (names derive from it, so no two logical resources share a name). */
  n: number;
  /** The resource's name in the program. */
  name: string;
  /** Bumped by each in-place change. */
  version: number;
  /** Bumped by each replacing change. */
  generation: number;
  /** Values fixed once per logical resource and generation (generated keys), so arguments stay stable. */
  memo: Map<string, unknown>;
}

/** Shared objects made before the soak, with faults off (slow to make, or needed by several kinds). */
export interface Holders {
  numspotSpace: string;
  numspotCluster: string;
}

export interface DeclareContext {
  sandbox: Sandbox;
  holders: Holders;
  /** A prefix making remote names unique to this run. */
  prefix: string;
}

export type ResourceClass = (new (name: string, args: any, opts?: any) => unknown) & { __pulumiType: string };

export interface SoakKind {
  Resource: ResourceClass;
  /** Declares the resource named `r.name` (and any resource it needs of its own, named `${r.name}-…`). */
  declare(ctx: DeclareContext, r: Logical): void;
  /** It has a change made in place (a new `version` makes one). */
  update: boolean;
  /** It has a change that replaces it (a new `generation` makes one). */
  replace: boolean;
  /** false: the API cannot delete it; a delete only forgets it, and the remote object stays. */
  deletes: boolean;
  /** At most this many live at once (a kind bound to a few existing objects, e.g. a user's profile). */
  max?: number;
  /** The remote objects of this kind that exist now, by key. */
  remote(sandbox: Sandbox): Map<string, any>;
  /** The key of the remote object a recorded resource id names (default: the id itself). */
  keyOf?(id: string): string;
  /** Recorded outputs against the remote object: the fields that differ, as "field: recorded ≠ remote". */
  compare(outputs: Record<string, any>, remote: any): string[];
  /** Removes a remote object out of band: the cleaning of objects a failed create named. */
  remove(sandbox: Sandbox, key: string): void;
}

export function kindOf(spec: SoakKind): string {
  return spec.Resource.__pulumiType.replace(/^pulumi-nodejs:dynamic\//, "");
}

/** A value generated once per logical resource and generation. */
export function memo<T>(r: Logical, key: string, make: () => T): T {
  const slot = `${key}#${r.generation}`;
  if (!r.memo.has(slot)) r.memo.set(slot, make());
  return r.memo.get(slot) as T;
}

const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.every((item) => typeof item !== "object") ? [...items].sort() : items;
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value ?? null;
};

/**
 * Compares outputs with the remote object field by field: `fields` maps an output name to how the remote object
 * shows it, or to a pair (how the outputs show it, how the remote shows it). Arrays of plain values compare as sets;
 * absent and null are the same.
 */
export function compareFields(
  outputs: Record<string, any>,
  remote: any,
  fields: Record<
    string,
    ((remote: any) => unknown) | [(outputs: Record<string, any>) => unknown, (remote: any) => unknown]
  >,
): string[] {
  const differences: string[] = [];
  for (const [field, how] of Object.entries(fields)) {
    const [fromOutputs, fromRemote] = Array.isArray(how) ? how : [(o: Record<string, any>) => o[field], how];
    const recorded = JSON.stringify(canonical(fromOutputs(outputs)));
    const live = JSON.stringify(canonical(fromRemote(remote)));
    if (recorded !== live) differences.push(`${field}: ${recorded} ≠ ${live}`);
  }
  return differences;
}

/** Entries of a map whose values pass `keep`. */
export function mapOf<V>(entries: Iterable<[string, V]>, keep: (value: V) => boolean = () => true): Map<string, V> {
  return new Map([...entries].filter(([, value]) => keep(value)));
}
