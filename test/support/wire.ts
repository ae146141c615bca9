/**
 * The engine's wire conventions for property values, shared by the harness files: property maps travel as
 * `google.protobuf.Struct` (JSON semantics), secrets as `{[SIG_KEY]: SECRET_SIG, value}`, resource references as
 * `{[SIG_KEY]: RESOURCE_SIG, urn, id?}`, values not known yet (previews) as the {@link UNKNOWN} string.
 */
import * as structproto from "google-protobuf/google/protobuf/struct_pb";

/** The engine's marker for a value not known yet (previews). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** `{[SIG_KEY]: SECRET_SIG, value}` is a secret on the wire. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

export type PropertyMap = Record<string, unknown>;

/** JSON semantics, as the wire has: `undefined` members vanish, nothing that JSON cannot carry survives. */
export function toStruct(props: PropertyMap): structproto.Struct {
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(props ?? {})));
}

export function fromStruct(struct: structproto.Struct | undefined): PropertyMap {
  return (struct?.toJavaScript() ?? {}) as PropertyMap;
}

export function secretValue(value: unknown): PropertyMap {
  return { [SIG_KEY]: SECRET_SIG, value };
}

export function isSecretValue(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as PropertyMap)[SIG_KEY] === SECRET_SIG;
}

/** Whether a wire value has a secret anywhere inside. */
export function containsSecret(value: unknown): boolean {
  if (isSecretValue(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsSecret);
  return false;
}

/** Whether a wire value has the unknown sentinel anywhere inside. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * The engine's marshaling for a provider that does not accept secrets/resources: secrets become their plain
 * value, resource references their id (custom resources) or urn.
 */
export function downgrade(value: unknown, opts: { keepSecrets?: boolean; keepResources?: boolean } = {}): unknown {
  if (Array.isArray(value)) return value.map((v) => downgrade(v, opts));
  if (typeof value !== "object" || value === null) return value;
  const record = value as PropertyMap;
  if (record[SIG_KEY] === SECRET_SIG) {
    return opts.keepSecrets ? secretValue(downgrade(record.value, opts)) : downgrade(record.value, opts);
  }
  if (record[SIG_KEY] === RESOURCE_SIG && !opts.keepResources) {
    return typeof record.id === "string" && record.id !== "" ? record.id : record.urn;
  }
  const out: PropertyMap = {};
  for (const [k, v] of Object.entries(record)) out[k] = downgrade(v, opts);
  return out;
}

/** Plain values: every secret wrapper removed. */
export function stripSecrets<T>(value: T): T {
  return downgrade(value, { keepResources: true }) as T;
}
