/**
 * The implementation entry that every serialized provider loads by package name
 * (`require("pulumi-eurostack/runtime")`, see thin.ts). It maps an entity kind to its implementation, loaded on
 * first use, and turns the two shared serialized functions back into the seven provider methods.
 */
import { type ConfigSource, loadStackConfig } from "./config";
import type { EntityProvider } from "./provider";

const implementations: Record<string, () => EntityProvider> = {
  "scaleway:Application": () => require("./scaleway/application").applicationProvider,
  "scaleway:ApiKey": () => require("./scaleway/api-key").apiKeyProvider,
  "numspot:Space": () => require("./numspot/space").spaceProvider,
};

const loaded = new Map<string, EntityProvider>();

export function provider(kind: string): EntityProvider {
  let implementation = loaded.get(kind);
  if (!implementation) {
    const load = implementations[kind];
    if (!load) throw new Error(`pulumi-eurostack has no implementation for ${kind}; is the installed package older?`);
    implementation = load();
    loaded.set(kind, implementation);
  }
  return implementation;
}

export async function configure(request: { config: ConfigSource }): Promise<void> {
  loadStackConfig(request.config);
}

function isConfigureRequest(value: unknown): value is { config: ConfigSource } {
  const config = (value as { config?: { get?: unknown } } | null)?.config;
  return typeof config?.get === "function";
}

/**
 * configure(req) · create(inputs) · check(olds, news) · read(id, props) · diff(id, olds, news).
 * Inputs and outputs cross a protobuf Struct, so they can never hold a function: a request whose `config.get` is a
 * function is configure's.
 */
export function groupA(kind: string, args: unknown[]): Promise<unknown> {
  const [a, b, c] = args as [any, any, any];
  if (args.length === 1) return isConfigureRequest(a) ? configure(a) : provider(kind).create(a);
  if (args.length === 2) return typeof a === "string" ? provider(kind).read(a, b) : provider(kind).check(a, b);
  return provider(kind).diff(a, b, c);
}

/** delete(id, props) · update(id, olds, news). */
export function groupB(kind: string, args: unknown[]): Promise<unknown> {
  const [a, b, c] = args as [any, any, any];
  return args.length === 2 ? provider(kind).delete(a, b) : provider(kind).update(a, b, c);
}
