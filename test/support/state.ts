/**
 * The JSON state kept by the lifecycle driver (test/support/lifecycle.ts), shaped like a small Pulumi checkpoint.
 *
 * ```json
 * { "resources": [ { "urn": "...", "type": "pulumi-nodejs:dynamic/scaleway:ApiKey", "name": "ci", "id": "SCW...",
 *     "inputs": {...}, "outputs": { "secretKey": { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
 *     "ciphertext": "v1:..." } }, "secretOutputs": ["secretKey"], "secretInputs": [], "dependencies": [...] } ] }
 * ```
 *
 * Secret values are stored encrypted, as the engine stores them (a passphrase-style AES-GCM with a fixed test key),
 * so a scan of the state file for plaintext secrets is meaningful: a secret leaks into the state only when the
 * resource failed to mark it (`additionalSecretOutputs`, or an output named like a secret input). Use `reveal` to
 * read the plain values. Secrecy is tracked per top-level property.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { type PropertyMap, SECRET_SIG, SIG_KEY } from "./plugin";

export interface StateResource {
  urn: string;
  type: string;
  name: string;
  id: string;
  /** The checked inputs last sent to the provider (secret ones encrypted). */
  inputs: PropertyMap;
  /** The provider's outputs (secret ones encrypted). */
  outputs: PropertyMap;
  /** Top-level output keys stored as secrets (additionalSecretOutputs + outputs named like secret inputs). */
  secretOutputs: string[];
  secretInputs: string[];
  /** The resource's `additionalSecretOutputs` option, kept so a refresh marks the same outputs. */
  additionalSecretOutputs: string[];
  parent: string;
  dependencies: string[];
  /** Created (or updated) but failed to initialize: the provider threw an error carrying id/properties/reasons. */
  initErrors?: string[];
  /** A replaced object whose deletion is still owed (create-before-delete replacement interrupted by a failure). */
  pendingDelete?: boolean;
  /** Resource options the engine enforces at delete time. */
  protect?: boolean;
  retainOnDelete?: boolean;
  /** Read with `Resource.get`: never created, updated or deleted by the driver. */
  external?: boolean;
}

export interface StateFile {
  resources: StateResource[];
}

/** A path to a JSON file (created when missing), or an object updated in place. */
export type StateRef = string | StateFile;

const KEY = crypto.createHash("sha256").update("pulumi-eurostack test-state passphrase").digest();

export function encryptValue(value: unknown): PropertyMap {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", KEY, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value ?? null), "utf8"), cipher.final()]);
  const ciphertext = `v1:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64")}`;
  return { [SIG_KEY]: SECRET_SIG, ciphertext };
}

function decryptCiphertext(ciphertext: string): unknown {
  const raw = Buffer.from(ciphertext.slice(3), "base64");
  const decipher = crypto.createDecipheriv("aes-256-gcm", KEY, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8"));
}

/** Plain values: encrypted secrets decrypted, secret wrappers removed, deeply. */
export function reveal<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reveal) as T;
  if (typeof value !== "object" || value === null) return value;
  const record = value as PropertyMap;
  if (record[SIG_KEY] === SECRET_SIG) {
    return reveal((typeof record.ciphertext === "string" ? decryptCiphertext(record.ciphertext) : record.value) as T);
  }
  const out: PropertyMap = {};
  for (const [k, v] of Object.entries(record)) out[k] = reveal(v);
  return out as T;
}

/** Encrypt the listed top-level keys of plain values. */
export function sealKeys(props: PropertyMap, secretKeys: Iterable<string>): PropertyMap {
  const out: PropertyMap = { ...props };
  for (const key of secretKeys) {
    if (key in out && out[key] !== undefined) out[key] = encryptValue(out[key]);
  }
  return out;
}

export function loadState(ref: StateRef): StateFile {
  if (typeof ref !== "string") {
    ref.resources ??= [];
    return ref;
  }
  if (!fs.existsSync(ref)) return { resources: [] };
  const parsed = JSON.parse(fs.readFileSync(ref, "utf8")) as StateFile;
  parsed.resources ??= [];
  return parsed;
}

/** Write `state` where `ref` points (atomically for files; in place for objects). */
export function saveState(ref: StateRef, state: StateFile): void {
  if (typeof ref !== "string") {
    if (ref !== state) ref.resources = state.resources;
    return;
  }
  fs.mkdirSync(path.dirname(ref), { recursive: true });
  const temporary = `${ref}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(temporary, ref);
}

/** A resource by name (unique name assumed) or urn; throws when absent. */
export function findResource(state: StateFile, nameOrUrn: string): StateResource {
  const found = state.resources.filter((r) => r.urn === nameOrUrn || r.name === nameOrUrn);
  if (found.length !== 1) {
    throw new Error(`expected one resource "${nameOrUrn}" in the state, found ${found.length}`);
  }
  return found[0]!;
}

/** Dependencies (and parents) before dependents, otherwise keeping the given order. */
export function dependencyOrder(resources: StateResource[]): StateResource[] {
  const byUrn = new Map<string, StateResource[]>();
  for (const r of resources) byUrn.set(r.urn, [...(byUrn.get(r.urn) ?? []), r]);
  const placed = new Set<StateResource>();
  const visiting = new Set<StateResource>();
  const ordered: StateResource[] = [];
  const visit = (r: StateResource): void => {
    if (placed.has(r) || visiting.has(r)) return;
    visiting.add(r);
    for (const dep of [r.parent, ...r.dependencies]) {
      for (const d of byUrn.get(dep) ?? []) if (d !== r) visit(d);
    }
    visiting.delete(r);
    placed.add(r);
    ordered.push(r);
  };
  for (const r of resources) visit(r);
  return ordered;
}
