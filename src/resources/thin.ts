import type * as pulumi from "@pulumi/pulumi";

/**
 * The serialized provider of every resource. Pulumi stores its source text twice per resource in state, so it must
 * stay small (target: under 1 KB) and hold nothing but the entity's kind.
 *
 * The closure serializer emits about 200 bytes of wrapper per distinct function, so seven one-line methods already
 * weigh 1.5 KB. Instead, two capture-free functions serve all seven methods, and the runtime tells the methods
 * apart by the plugin's argument shapes (see `groupA` and `groupB` in runtime.ts): within each function no two methods share a
 * shape. `this` is the provider object itself, which carries the kind.
 *
 * The implementation is loaded by package name on every call (cached by Node after the first): the plugin evaluates
 * this text with an empty filename, so "pulumi-eurostack/runtime" resolves from the Pulumi project's node_modules,
 * as in a user's project, and a fixed read/delete in a newer package version reaches resources already deployed.
 */
export interface ThinProvider extends pulumi.dynamic.ResourceProvider {
  readonly kind: string;
}

/** configure(req) · create(inputs) · check(olds, news) · read(id, props) · diff(id, olds, news) */
const groupA = function (this: ThinProvider, ...args: unknown[]) {
  return require("pulumi-eurostack/runtime").groupA(this.kind, args);
};

/** delete(id, props) · update(id, olds, news) */
const groupB = function (this: ThinProvider, ...args: unknown[]) {
  return require("pulumi-eurostack/runtime").groupB(this.kind, args);
};

/** One provider object per resource type (the SDK caches serialization per object). */
export function thinProvider(kind: string): ThinProvider {
  return {
    kind,
    configure: groupA,
    create: groupA,
    check: groupA,
    read: groupA,
    diff: groupA,
    delete: groupB,
    update: groupB,
  } as ThinProvider;
}
