/**
 * The implementation entry that every serialized provider loads by package name
 * (`require("pulumi-eurostack/runtime")`, see thin.ts): the registry of entity kinds, and `install`, which gives a
 * deserialized provider its named methods.
 */
import { type ConfigSource, loadStackConfig } from "./config";
import type { EntityDescription } from "./description";
import { entityProvider } from "./entity";
import type { EntityProvider } from "./provider";

/** Every entity kind, one line each: the module holding its description (loaded on first use). */
const KINDS: Record<string, () => EntityDescription> = {
  "scaleway:Application": () => require("./scaleway/application").description,
  "scaleway:ApiKey": () => require("./scaleway/api-key").description,
  "numspot:Space": () => require("./numspot/space").description,
  "scaleway:Policy": () => require("./scaleway/policy").description,
  "scaleway:Group": () => require("./scaleway/group").description,
  "scaleway:GroupMembership": () => require("./scaleway/group-membership").description,
  "scaleway:SshKey": () => require("./scaleway/ssh-key").description,
  "scaleway:User": () => require("./scaleway/user").description,
  "scaleway:AccountToken": () => require("./scaleway/account/token").description,
  "scaleway:AccountInvitation": () => require("./scaleway/account/invitation").description,
  "numspot:Role": () => require("./numspot/role").description,
  "numspot:ServiceAccount": () => require("./numspot/service-account").description,
  "numspot:User": () => require("./numspot/user").description,
  "numspot:IamPolicyBinding": () => require("./numspot/iam-policy-binding").description,
  "numspot:AclBinding": () => require("./numspot/acl-binding").description,
  "numspot:OpenShiftCluster": () => require("./numspot/openshift-cluster").description,
  "numspot:NodePool": () => require("./numspot/node-pool").description,
  "fiware:Rss": () => require("./fiware/rss").description,
  "fiware:Marketplace": () => require("./fiware/marketplace").description,
  "fiware:Repository": () => require("./fiware/repository").description,
  "fiware:Unit": () => require("./fiware/unit").description,
  "fiware:Currency": () => require("./fiware/currency").description,
  "fiware:Organization": () => require("./fiware/organization").description,
  "fiware:UserProfile": () => require("./fiware/user-profile").description,
  "juju:User": () => require("./juju/user").description,
  "juju:SshKey": () => require("./juju/ssh-key").description,
  "juju:Credential": () => require("./juju/credential").description,
  "juju:ControllerAccess": () => require("./juju/controller-access").description,
  "juju:ModelAccess": () => require("./juju/model-access").description,
};

export const KNOWN_KINDS: readonly string[] = Object.keys(KINDS);

const loaded = new Map<string, EntityProvider>();

export function provider(kind: string): EntityProvider {
  let implementation = loaded.get(kind);
  if (!implementation) {
    const load = KINDS[kind];
    if (!load) throw new Error(`pulumi-eurostack has no implementation for ${kind}; is the installed package older?`);
    implementation = entityProvider(load());
    loaded.set(kind, implementation);
  }
  return implementation;
}

/**
 * How a field of the resource with this type token compares (its `compare` in the entity's fields table), for
 * readers of state such as the drift command: values equal after it are no change. Undefined for other providers'
 * types and for fields compared as they are.
 */
export function comparisonOf(type: string, field: string): ((value: unknown) => unknown) | undefined {
  const kind = type.startsWith(DYNAMIC_PREFIX) ? type.slice(DYNAMIC_PREFIX.length) : undefined;
  const load = kind === undefined ? undefined : KINDS[kind];
  return load?.().fields[field]?.compare;
}

const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/";

type Shape = "string" | "object" | "object?";

/**
 * The call shapes the host uses (cmd/dynamic-provider/index.js), per method. `read` may also receive the stored
 * inputs, which the host already has: a newer SDK passing them must not change where the call goes.
 */
export const CALL_SHAPES: Record<string, readonly Shape[]> = {
  check: ["object", "object"],
  diff: ["string", "object", "object"],
  create: ["object"],
  read: ["string", "object", "object?"],
  update: ["string", "object", "object"],
  delete: ["string", "object"],
};

function shapeOf(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

/** Refuses a call whose arguments are not the shape this version understands, naming both. */
export function assertShape(kind: string, method: string, args: readonly unknown[]): void {
  const expected = CALL_SHAPES[method]!;
  const required = expected.filter((shape) => !shape.endsWith("?")).length;
  const fits =
    args.length >= required &&
    args.length <= expected.length &&
    args.every(
      (arg, i) => (arg === undefined && expected[i]!.endsWith("?")) || shapeOf(arg) === expected[i]!.replace("?", ""),
    );
  if (!fits) {
    throw new Error(
      `pulumi-eurostack ${kind}: the host called ${method}(${args.map(shapeOf).join(", ")}), but this version understands ${method}(${expected.join(", ")}); the @pulumi/pulumi in use calls providers in a way this pulumi-eurostack does not know — upgrade pulumi-eurostack`,
    );
  }
}

function isConfigureRequest(value: unknown): value is { config: ConfigSource } {
  const config = (value as { config?: { get?: unknown } } | null)?.config;
  return typeof config?.get === "function";
}

/**
 * Called as the provider's `configure` with the provider object itself. Reads the stack config and installs each
 * method under its own name, synchronously (see thin.ts for why).
 */
export function install(target: Record<string, unknown> & { kind: string }, request: unknown): Promise<void> {
  if (!isConfigureRequest(request)) {
    return Promise.reject(
      new Error(`pulumi-eurostack ${target.kind}: configure was called without a config (got ${shapeOf(request)})`),
    );
  }
  loadStackConfig(request.config);
  const { kind } = target;
  for (const method of Object.keys(CALL_SHAPES)) {
    target[method] = (...args: unknown[]) => {
      assertShape(kind, method, args);
      return (provider(kind) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(...args);
    };
  }
  return Promise.resolve();
}
