import type * as pulumi from "@pulumi/pulumi";

/**
 * The serialized provider of every resource. Pulumi stores its source text twice per resource in state, so it must
 * stay small (target: under 1 KB) and hold nothing but the entity's kind.
 *
 * The closure serializer emits about 200 bytes of wrapper per distinct function, so seven one-line methods would
 * weigh 1.5 KB. Instead the object carries a single function, `configure`, which the host always calls — and awaits —
 * before any other method of a freshly deserialized provider (cmd/dynamic-provider `getProvider`). It installs the six
 * other methods on this very object, each bound to its own name (runtime.ts `install`), so no call is ever routed by
 * the number or the types of its arguments. It installs them synchronously, before any await, so a concurrent first
 * call that finds the provider in the host's cache while configure is still pending finds them too.
 *
 * The implementation is loaded by package name: the plugin evaluates this text with an empty filename, so
 * "pulumi-eurostack/runtime" resolves from the Pulumi project's node_modules, as in a user's project, and a fixed
 * read/delete in a newer package version reaches resources already deployed.
 */
export interface ThinProvider extends pulumi.dynamic.ResourceProvider {
  readonly kind: string;
}

const configure = function (this: ThinProvider, request: unknown) {
  return require("pulumi-eurostack/runtime").install(this, request);
};

/** One provider object per resource type (the SDK caches serialization per object). */
export function thinProvider(kind: string): ThinProvider {
  return { kind, configure } as unknown as ThinProvider;
}
