/**
 * The fault soak driver. Design: one sandbox of the five systems and one real dynamic-provider plugin, driven by the
 * engine stand-in (test/support/lifecycle.ts) over a state file, the way users drive it: each round changes the
 * program (new resources, in-place changes, replacing changes, resources dropped) and runs `up`, whose steps run
 * concurrently as the engine runs them; every third round also runs `refresh`. A failed round is what a user sees
 * (the deployment stops, the state keeps what was done) and the next round's `up` carries on. Resources a kind needs
 * are declared beside it in the same program; a Numspot space and cluster are made before the faults start.
 *
 * Operation and fault choice come from SOAK_SEED; what the plugin's concurrency makes of them is timing, so a replay
 * gives the same plan and fault rates, not byte-identical traffic.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as eurostack from "pulumi-eurostack";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { seededRandom } from "../reliability/support";
import { DeploymentError, type EngineOptions, refresh, type StepRecord, up } from "../support/lifecycle";
import { type Plugin, startPlugin } from "../support/plugin";
import { SECRET_CONFIG_KEYS, sandboxConfig } from "../support/sandbox-stack";
import { findResource, loadState, reveal, type StateFile } from "../support/state";
import {
  checkRemote,
  type Findings,
  newLedger,
  note,
  sandboxSecrets,
  scanForSecrets,
  stateSecrets,
  takeBaseline,
  unclearBecause,
} from "./checks";
import {
  asyncTimings,
  countFaults,
  type FaultCounts,
  injectFaults,
  REQUEST_TIMEOUT_MS,
  revokeNumspotTokens,
} from "./faults";
import { type DeclareContext, type Logical, WAIT_TIMEOUTS } from "./kinds";
import { OTHER_ORGANIZATION } from "./scaleway";
import { kindOfUrn, nameOfUrn, SOAK_KINDS } from "./table";

export const OPS = ["create", "update", "replace", "refresh", "delete"] as const;
export type Op = (typeof OPS)[number];

export interface Failure {
  kind: string;
  urn: string;
  message: string;
  cause: string;
}

export interface SoakResult {
  seed: number;
  operations: number;
  rounds: number;
  durationMs: number;
  /** Completed operations per kind and operation (what the engine's steps did). */
  ops: Record<string, Record<Op, number>>;
  requests: number;
  faults: FaultCounts;
  revocations: number;
  failures: Failure[];
  /** Failure messages judged unclear, with the reason. */
  unclear: string[];
  /** Objects a failed create named (answer lost, nothing proves them ours), cleaned by the soak, per kind. */
  reported: Record<string, number>;
  findings: Findings;
  /** Changes of an up and of a refresh with faults off, after the last settling up: both must be 0. */
  driftAfter: { refresh: number; up: number };
  /** What that refresh changed: "urn: fields". */
  drifted: string[];
  leaks: string[];
  /** Remote objects a create may have made when it failed without naming them (a kind with no look-up). */
  unnamedObjects: string[];
  secretsScanned: number;
  live: number;
}

const MUTATIONS_PER_ROUND = 12;
const ROOT_HOLDERS = ["holder-space", "holder-cluster"];

function classify(message: string): string {
  if (/answer was lost/.test(message)) return "lost create answer (object named, not taken)";
  if (/no complete answer within/.test(message)) return "timeout";
  if (/connection lost|could not connect/.test(message)) return "connection";
  if (/\b429\b/.test(message)) return "rate limited";
  if (/\b5\d\d\b/.test(message)) return "server error";
  if (/\b401\b|unauthori[sz]ed/i.test(message)) return "authentication";
  return "other";
}

/** Rounds stop starting after this much time per operation asked (a run takes about a fifth of it). */
const ROUND_BUDGET_MS_PER_OPERATION = 500;

/** A run still going after this long per operation asked is stuck: it prints what it has done and what is in flight. */
const STUCK_AFTER_MS_PER_OPERATION = 750;

export async function runSoak(options: { operations: number; seed: number; log?: (line: string) => void }) {
  const { operations, seed } = options;
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    options.log?.(line);
  };
  const started = Date.now();
  const random = seededRandom(seed + 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const sandbox = await startSandbox({ random: seededRandom(seed), ...asyncTimings(seededRandom(seed + 2)) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eurostack-soak-"));
  let plugin: Plugin | undefined;
  // A hang in CI must leave more than a test timeout behind: the rounds so far and the requests of the last minute.
  const stuckAfterMs = operations * STUCK_AFTER_MS_PER_OPERATION;
  const stuck = setTimeout(() => {
    const recent = sandbox.requests.filter((r) => r.at >= Date.now() - 60_000);
    const requests = recent.map(
      (r) => `${new Date(r.at).toISOString()} ${r.system} ${r.method} ${r.path} ${r.status} ${r.faulted ?? ""}`,
    );
    console.error(
      `soak (seed ${seed}) still running after ${stuckAfterMs / 1000} s. Its log:\n${lines.join("\n")}\nRequests of the last minute:\n${requests.join("\n")}`,
    );
  }, stuckAfterMs);
  stuck.unref();
  try {
    prepareSandbox(sandbox);
    plugin = await startPlugin({
      inheritEnv: false,
      env: { EUROSTACK_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
    });
    const engine: EngineOptions = {
      plugin,
      state: path.join(dir, "state.json"),
      config: sandboxConfig(sandbox),
      secretKeys: SECRET_CONFIG_KEYS,
    };
    const ctx: DeclareContext = {
      sandbox,
      holders: { numspotSpace: "", numspotCluster: "" },
      prefix: `s${seed % 100_000}`,
    };
    const live = new Map<string, Logical>();
    const program = () => {
      const space = new eurostack.numspot.Space("holder-space", {
        name: `${ctx.prefix}-shared`,
        description: "soak",
        timeouts: WAIT_TIMEOUTS,
      });
      new eurostack.numspot.OpenShiftCluster("holder-cluster", {
        spaceId: space.id,
        name: `${ctx.prefix}-shared`,
        cidr: "172.16.0.0/12",
        version: "4.16.19",
        nodePools: [{ name: "workers", nodeProfile: "SMALL", nodeCount: 2 }],
        timeouts: WAIT_TIMEOUTS,
      });
      for (const r of live.values()) SOAK_KINDS.get(r.kind)!.declare(ctx, r);
    };
    // The shared objects, faults off.
    await up(program, engine);
    const holders = loadState(engine.state);
    ctx.holders.numspotSpace = findResource(holders, "holder-space").id;
    ctx.holders.numspotCluster = findResource(holders, "holder-cluster").id;
    const ledger = newLedger();
    takeBaseline(sandbox, ledger);
    const requestsBefore = sandbox.requests.length;

    const ops: Record<string, Record<Op, number>> = {};
    for (const kind of SOAK_KINDS.keys()) ops[kind] = { create: 0, update: 0, replace: 0, refresh: 0, delete: 0 };
    const failures: Failure[] = [];
    /** Creates that failed saying the request may have reached the server, without naming what it made, per kind. */
    const unnamed = new Map<string, number>();
    const messages: string[] = [];
    const secrets = new Set<string>();
    const leaks = new Set<string>();
    /** Secrets vanish from the sandbox (deleted keys, revoked tokens): gathered, and the state scanned, every round. */
    const scan = () => {
      const state = loadState(engine.state);
      for (const secret of [...sandboxSecrets(sandbox), ...stateSecrets(state)]) secrets.add(secret);
      const text = fs.readFileSync(engine.state as string, "utf8");
      for (const leak of scanForSecrets(secrets, { state: text })) leaks.add(leak);
    };
    let completed = 0;
    let serial = 0;
    let revocations = 0;

    const count = (steps: StepRecord[]) => {
      for (const step of steps) {
        if (ROOT_HOLDERS.includes(nameOfUrn(step.urn))) continue;
        const kind = kindOfUrn(step.urn);
        if (step.op === "delete" || step.op === "delete-replaced") note(ledger.deleted, kind, step.id);
        const op: Op | undefined =
          step.op === "create-replacement" ? "replace" : OPS.includes(step.op as Op) ? (step.op as Op) : undefined;
        if (!op || !ops[kind]) continue;
        ops[kind][op]++;
        completed++;
      }
    };
    const fail = (error: unknown) => {
      if (!(error instanceof DeploymentError)) throw error;
      count(error.summary.steps);
      messages.push(error.message);
      for (const failed of error.failed) {
        const kind = kindOfUrn(failed.urn);
        if (/^create.*may have reached the server/.test(failed.message))
          unnamed.set(kind, (unnamed.get(kind) ?? 0) + 1);
        failures.push({ kind, urn: failed.urn, message: failed.message, cause: classify(failed.message) });
        // Named candidates of a lost create: reported, then removed as the user would, so the next up makes one.
        const named = /created at that moment \(([^)]*)\)/.exec(failed.message)?.[1];
        for (const id of named?.split(", ") ?? []) {
          const spec = SOAK_KINDS.get(kind)!;
          const key = spec.keyOf?.(id) ?? id;
          note(ledger.reported, kind, key);
          spec.remove(sandbox, key);
        }
      }
    };

    // The plan: first every kind once, then the (kind, operation) pairs not done yet, then a seeded mix.
    const uncovered = () =>
      [...SOAK_KINDS].flatMap(([kind, spec]) =>
        (["update", "replace", "delete"] as const)
          .filter((op) => (op === "delete" || spec[op]) && ops[kind]![op] === 0)
          .map((op) => ({ kind, op })),
      );
    const unrefreshed = () => [...SOAK_KINDS.keys()].some((kind) => ops[kind]!.refresh === 0);
    const newLogical = (kind: string) => {
      const n = ++serial;
      const name = `${kind.replace(":", "-").toLowerCase()}-${n}`;
      live.set(name, { kind, n, name, version: 0, generation: 0, memo: new Map() });
    };
    const inState = () => new Map(loadState(engine.state).resources.map((r) => [nameOfUrn(r.urn), kindOfUrn(r.urn)]));
    const mutate = (
      kind: string,
      op: "create" | "update" | "replace" | "delete",
      recorded: Map<string, string>,
      used: Set<string>,
    ) => {
      const spec = SOAK_KINDS.get(kind)!;
      const mine = [...live.values()].filter((r) => r.kind === kind);
      if (op === "create") {
        // A dropped one still in the state is deleted only after the program: it counts until then.
        const leaving = [...recorded].filter(([name, k]) => k === kind && !live.has(name)).length;
        if (mine.length + leaving >= (spec.max ?? Number.POSITIVE_INFINITY)) return false;
        newLogical(kind);
        return true;
      }
      if ((op === "update" && !spec.update) || (op === "replace" && !spec.replace)) return false;
      const candidates = mine.filter((r) => recorded.has(r.name) && !used.has(r.name));
      if (candidates.length === 0) return false;
      const r = pick(candidates);
      used.add(r.name);
      if (op === "update") r.version++;
      else if (op === "replace") r.generation++;
      else live.delete(r.name);
      return true;
    };

    for (const kind of SOAK_KINDS.keys()) newLogical(kind);
    injectFaults(sandbox);
    let rounds = 0;
    const done = () => completed >= operations && uncovered().length === 0 && !unrefreshed();
    // A kind that can never complete an operation (an object stuck on "already exists") must end the rounds, not
    // keep them going: the run then fails on what it could not cover, within the test's time.
    const roundsUntil = started + operations * ROUND_BUDGET_MS_PER_OPERATION;
    while (!done() && rounds < Math.max(30, operations / 4) && Date.now() < roundsUntil) {
      rounds++;
      const failuresBefore = failures.length;
      if (rounds > 1) {
        const recorded = inState();
        const used = new Set<string>();
        let planned = 0;
        for (const pair of uncovered()) {
          if (planned >= MUTATIONS_PER_ROUND) break;
          if (mutate(pair.kind, pair.op, recorded, used)) planned++;
        }
        // A kind still owed an operation but with nothing live gets a new resource.
        const owed = new Set([
          ...uncovered().map((pair) => pair.kind),
          ...[...SOAK_KINDS.keys()].filter((k) => ops[k]!.refresh === 0),
        ]);
        for (const kind of owed) {
          if (![...live.values()].some((r) => r.kind === kind) && mutate(kind, "create", recorded, used)) planned++;
        }
        for (let tries = 0; planned < MUTATIONS_PER_ROUND && tries < 100; tries++) {
          const op = pick(["create", "create", "update", "update", "replace", "delete", "delete"] as const);
          if (mutate(pick([...SOAK_KINDS.keys()]), op, recorded, used)) planned++;
        }
      }
      // Numspot tokens revoked at a seeded moment of most rounds.
      const revokeAt = random() < 0.6 ? Math.floor(random() * 400) : undefined;
      const timer =
        revokeAt === undefined
          ? undefined
          : setTimeout(() => (revocations += revokeNumspotTokens(sandbox) > 0 ? 1 : 0), revokeAt);
      try {
        count((await up(program, engine)).summary.steps);
      } catch (error) {
        fail(error);
      } finally {
        clearTimeout(timer);
      }
      if (rounds % 3 === 1 || (completed >= operations && unrefreshed())) {
        try {
          count((await refresh({ ...engine, parallel: 8 })).summary.steps);
        } catch (error) {
          fail(error);
        }
      }
      scan();
      log(`round ${rounds}: ${completed} operations, ${failures.length} failures, ${live.size} live`);
      for (const f of failures.slice(failuresBefore)) log(`  ${f.urn}: ${f.message.split("\n")[0]}`);
    }

    // Faults off: the next up finishes what failed rounds left; then nothing may change.
    sandbox.faults.clear();
    const faults = countFaults(sandbox.requests.slice(requestsBefore));
    const requests = sandbox.requests.length - requestsBefore;
    for (let i = 0; i < 3; i++) {
      try {
        count((await up(program, engine)).summary.steps);
        break;
      } catch (error) {
        fail(error);
      }
    }
    const settled = structuredClone(loadState(engine.state));
    await refresh(engine);
    const drifted = driftBetween(settled, loadState(engine.state));
    const again = await up(program, engine);
    const state = loadState(engine.state) as StateFile;
    const findings = checkRemote(sandbox, state, ledger);
    // An object such a create may have made is not taken for an orphan, up to one per such failure: reported apart.
    const unnamedObjects: string[] = [];
    findings.orphans = findings.orphans.filter((orphan) => {
      const kind = orphan.split(" ")[0]!;
      const left = unnamed.get(kind) ?? 0;
      if (left === 0) return true;
      unnamed.set(kind, left - 1);
      unnamedObjects.push(orphan);
      return false;
    });
    scan();
    const places = { logs: plugin.logs(), errors: [...messages, ...failures.map((f) => f.message)].join("\n") };
    for (const leak of scanForSecrets(secrets, places)) leaks.add(leak);
    const unclear = failures.flatMap((f) => {
      const why = unclearBecause(f.message);
      return why ? [`${f.urn}: ${why}: ${f.message.slice(0, 300)}`] : [];
    });
    const reported = Object.fromEntries([...ledger.reported].map(([kind, keys]) => [kind, keys.size]));
    return {
      seed,
      operations: completed,
      rounds,
      durationMs: Date.now() - started,
      ops,
      requests,
      faults,
      revocations,
      failures,
      unclear,
      reported,
      findings,
      driftAfter: { refresh: drifted.length, up: again.summary.changes },
      drifted: [
        ...drifted,
        ...again.summary.steps
          .filter((step) => step.op !== "same")
          .map((step) => `${step.urn}: the next up's ${step.op}`),
      ],
      leaks: [...leaks],
      unnamedObjects,
      secretsScanned: secrets.size,
      live: state.resources.length,
    } satisfies SoakResult;
  } finally {
    clearTimeout(stuck);
    // Every request of the run, also of one that failed: SOAK_DEBUG=<file>.
    if (process.env.SOAK_DEBUG) {
      const lines = sandbox.requests.map(
        (r) =>
          `${new Date(r.at).toISOString()} ${r.system} ${r.method} ${r.path} ${JSON.stringify(r.query)} ${r.status} ${r.faulted ?? ""}`,
      );
      fs.writeFileSync(process.env.SOAK_DEBUG, `${lines.join("\n")}\n`);
    }
    await plugin?.stop();
    await sandbox.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The resources whose outputs a refresh changed, with the fields. (A refresh also stores the inputs read returns,
 * defaults filled in: not a difference from the remote.) A cluster's `nodePools` shows every pool of the cluster,
 * NodePool resources' ones included, so it follows them; the diff compares only the cluster's own pools.
 */
/**
 * Outputs that follow other resources of the stack, so an up that changes those leaves them stale until the next
 * refresh (as any computed output): a cluster's pools (NodePool resources), an application's key count (ApiKey
 * resources created after it, in the same up).
 */
const FOLLOWS_OTHERS: Record<string, readonly string[]> = {
  "numspot:OpenShiftCluster": ["nodePools"],
  "scaleway:Application": ["nbApiKeys"],
};

function driftBetween(before: StateFile, after: StateFile): string[] {
  return before.resources.flatMap((entry) => {
    const now = after.resources.find((r) => r.urn === entry.urn);
    if (!now) return [`${entry.urn}: gone`];
    const [old, next] = [reveal(entry.outputs), reveal(now.outputs)] as Record<string, unknown>[];
    const follows = FOLLOWS_OTHERS[kindOfUrn(entry.urn)] ?? [];
    const fields = [...new Set([...Object.keys(old!), ...Object.keys(next!)])].filter(
      (key) => !follows.includes(key) && JSON.stringify(old![key]) !== JSON.stringify(next![key]),
    );
    return fields.length > 0 ? [`${entry.urn}: ${fields.join(", ")}`] : [];
  });
}

/** Objects of the sandbox the soak's resources refer to: a second organization, currencies, a default repository. */
function prepareSandbox(sandbox: Sandbox): void {
  sandbox.state.scaleway.organizationIds.add(OTHER_ORGANIZATION);
  const { currencies, repositories } = sandbox.state.fiware;
  for (const code of ["EUR", "USD"]) {
    if (!currencies.allowed.some((entry) => entry.currency === code))
      currencies.allowed.push({ currency: code, in_use: false });
  }
  currencies.default ??= "EUR";
  repositories.set("elsewhere", {
    name: "elsewhere",
    host: "http://elsewhere.example.com/",
    is_default: true,
    offering_collection: "offerings",
    resource_collection: "resources",
    api_version: 2,
  });
}
