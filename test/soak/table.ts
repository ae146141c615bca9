/**
 * Every kind the soak drives, by kind name (`<system>:<Type>`), from the per-system tables.
 */
import { FIWARE } from "./fiware";
import { JUJU } from "./juju";
import { kindOf, type SoakKind } from "./kinds";
import { NUMSPOT } from "./numspot";
import { ACCOUNT, SCALEWAY } from "./scaleway";

export const SOAK_KINDS: ReadonlyMap<string, SoakKind> = new Map(
  [...SCALEWAY, ...ACCOUNT, ...NUMSPOT, ...JUJU, ...FIWARE].map((spec) => [kindOf(spec), spec]),
);

/** The kind of a state entry or URN type token. */
export function kindOfType(type: string): string {
  return type.replace(/^pulumi-nodejs:dynamic\//, "");
}

/** The kind named in a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function kindOfUrn(urn: string): string {
  const type = urn.split("::")[2] ?? "";
  return kindOfType(type.split("$").at(-1) ?? type);
}

/** The resource name in a URN. */
export function nameOfUrn(urn: string): string {
  return urn.split("::").at(-1) ?? urn;
}
