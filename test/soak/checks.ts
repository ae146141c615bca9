/**
 * What the soak checks once the faults are off: every recorded resource against its remote object, remote objects
 * nobody recorded (orphans) or recorded twice over (duplicates), objects deleted or forgotten, failure messages, and
 * a scan for secrets.
 */
import type { Sandbox } from "../../src/sandbox";
import { reveal, type StateFile } from "../support/state";
import { kindOfType, SOAK_KINDS } from "./table";

export interface Ledger {
  /** Remote keys per kind that existed before the soak (the sandbox's own objects). */
  baseline: Map<string, Set<string>>;
  /** Remote keys per kind a failed create named (its answer lost, nothing proving it ours); cleaned by the soak. */
  reported: Map<string, Set<string>>;
  /** Ids per kind the engine deleted (or, for kinds that cannot be deleted, forgot). */
  deleted: Map<string, Set<string>>;
}

export function newLedger(): Ledger {
  return { baseline: new Map(), reported: new Map(), deleted: new Map() };
}

export function note(map: Map<string, Set<string>>, kind: string, key: string): void {
  const set = map.get(kind) ?? new Set<string>();
  map.set(kind, set.add(key));
}

export function takeBaseline(sandbox: Sandbox, ledger: Ledger): void {
  for (const [kind, spec] of SOAK_KINDS) ledger.baseline.set(kind, new Set(spec.remote(sandbox).keys()));
}

export interface Findings {
  /** "kind key: what differs" for recorded resources whose remote object differs or is missing. */
  mismatches: string[];
  /** Remote objects of a kind that no resource records and nobody was told about. */
  orphans: string[];
  /** Remote objects no resource records, named like one that is recorded: a second object for one resource. */
  duplicates: string[];
  /** Deleted objects still there. */
  undeleted: string[];
  /** Forgotten objects (kinds the API cannot delete) that are gone: "remote kept" failed. */
  forgottenGone: string[];
  /** How many recorded resources were compared, per kind. */
  compared: Record<string, number>;
}

const nameOf = (value: any): unknown => value?.name ?? value?.email ?? value?.username;

export function checkRemote(sandbox: Sandbox, state: StateFile, ledger: Ledger): Findings {
  const findings: Findings = {
    mismatches: [],
    orphans: [],
    duplicates: [],
    undeleted: [],
    forgottenGone: [],
    compared: {},
  };
  const recorded = new Map<string, Set<string>>();
  const recordedNames = new Map<string, Set<string>>();
  for (const entry of state.resources) {
    const kind = kindOfType(entry.type);
    const spec = SOAK_KINDS.get(kind);
    if (!spec) {
      findings.mismatches.push(`${entry.urn}: a kind the soak does not know`);
      continue;
    }
    const key = spec.keyOf?.(entry.id) ?? entry.id;
    note(recorded, kind, key);
    const remotes = spec.remote(sandbox);
    const remote = remotes.get(key);
    findings.compared[kind] = (findings.compared[kind] ?? 0) + 1;
    if (remote === undefined) {
      findings.mismatches.push(`${kind} ${key}: recorded, but no remote object`);
      continue;
    }
    const outputs = reveal(entry.outputs) as Record<string, any>;
    for (const difference of spec.compare(outputs, remote)) findings.mismatches.push(`${kind} ${key}: ${difference}`);
    if (entry.initErrors?.length) findings.mismatches.push(`${kind} ${key}: still has init errors`);
    const name = nameOf(outputs);
    if (typeof name === "string") note(recordedNames, kind, name);
  }
  for (const [kind, spec] of SOAK_KINDS) {
    const known = (map: Map<string, Set<string>>, key: string) => map.get(kind)?.has(key) ?? false;
    const remotes = spec.remote(sandbox);
    for (const key of remotes.keys()) {
      if (known(recorded, key) || known(ledger.baseline, key) || known(ledger.reported, key)) continue;
      // A kind the API cannot delete keeps what a delete forgot: not an orphan.
      if (!spec.deletes && known(ledger.deleted, key)) continue;
      // Unrecorded, and named like a recorded one: a second object for one resource.
      const name = nameOf(remotes.get(key));
      if (typeof name === "string" && known(recordedNames, name)) findings.duplicates.push(`${kind} ${key} (${name})`);
      else findings.orphans.push(`${kind} ${key}`);
    }
    for (const id of ledger.deleted.get(kind) ?? []) {
      const key = spec.keyOf?.(id) ?? id;
      if (known(recorded, key)) continue;
      if (spec.deletes && remotes.has(key)) findings.undeleted.push(`${kind} ${key}`);
      if (!spec.deletes && !remotes.has(key)) findings.forgottenGone.push(`${kind} ${key}`);
    }
  }
  return findings;
}

/**
 * Why a failure message is unclear, or undefined when it is clear: it must name the operation and the system, say
 * what went wrong in words, and carry no placeholder of a value that was never rendered.
 */
export function unclearBecause(message: string): string | undefined {
  const first = message.split("\n")[0] ?? "";
  if (message.includes("[object Object]")) return "it shows [object Object]";
  if (/^\s*at\s/.test(first) || first.trim() === "") return "it starts with a stack trace or nothing";
  if (!/^(check|diff|create|create replacement|update|delete|delete before replace|read)\b/.test(first))
    return "it does not name the operation";
  if (!/scaleway|account|numspot|juju|sojobo|fiware|wstore|store/i.test(message)) return "it does not name the system";
  if (/\bundefined\b|\bNaN\b/.test(first)) return "it shows undefined or NaN";
  if (first.replace(/^[a-z ]+:\s*/, "").length < 20) return "it gives no cause";
  return undefined;
}

/** Every secret value worth scanning for in what the sandbox holds now (the scan never prints them). */
export function sandboxSecrets(sandbox: Sandbox): string[] {
  const { credentials, state } = sandbox;
  return [
    credentials.scalewaySecretKey,
    credentials.numspotClientSecret,
    credentials.jujuApiKey,
    credentials.jujuPassword,
    credentials.fiwareToken,
    ...state.scaleway.apiKeySecrets.values(),
    ...state.scaleway.userPasswords.values(),
    ...state.numspot.tokens.keys(),
    ...[...state.account.tokens.values()].map((t) => t.id),
    ...[...state.fiware.users.values()].map((u) => u.token),
    state.fiware.nonStaffToken,
  ].filter((value): value is string => typeof value === "string" && value.length >= 8);
}

/** The plaintext of every secret the state holds (secret inputs and outputs), for the scan. */
export function stateSecrets(state: StateFile): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string") {
      if (value.length >= 8) found.push(value);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  for (const entry of state.resources) {
    for (const key of entry.secretOutputs) walk(reveal(entry.outputs[key]));
    for (const key of entry.secretInputs) {
      if (key !== "connection") walk(reveal(entry.inputs[key]));
    }
  }
  return found;
}

/** Where each secret shows up in plaintext: "state", "logs", "errors" (never the secret itself). */
export function scanForSecrets(secrets: Iterable<string>, places: Record<string, string>): string[] {
  const leaks: string[] = [];
  let index = 0;
  for (const secret of new Set(secrets)) {
    index++;
    for (const [place, text] of Object.entries(places)) {
      if (text.includes(secret)) leaks.push(`secret #${index} (${secret.length} characters) in ${place}`);
    }
  }
  return leaks;
}
