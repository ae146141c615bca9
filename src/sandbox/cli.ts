#!/usr/bin/env node
import { writeFileSync } from "node:fs";
import { type Sandbox, startSandbox } from "./index";
import { type FaultRule, type SandboxOptions, SYSTEM_NAMES, type SystemName } from "./types";

const USAGE = `usage: npm run --silent sandbox -- [options]
  --port-base N              serve scaleway, account, numspot, juju, fiware on ports N .. N+4 (default: free ports)
  --latency-ms N             add N ms to every request of every system
  --write-env FILE           also write the export lines to FILE, to source from another shell
  --fault SYSTEM:KIND[:P]    inject a fault into a fraction P (default 1) of SYSTEM's requests, for ever;
                             KIND is an HTTP status (429 comes with Retry-After: 1), reset-before or reset-after
                             (the connection is cut before or after the server acted); repeatable
  --numspot-queued-ms N      how long a new space stays QUEUED (default 500)
  --numspot-running-ms N     how long it stays RUNNING before READY (default 2000)
  --numspot-failure-rate P   probability that a space ends FAILED (default 0)
  --openshift-running-ms N   how long an OpenShift operation runs (default 1500)
  --juju-change-delay-ms N   how long a Sojobo 202 change takes to land (default 1000)`;

type Flag = (value: string, options: SandboxOptions) => void;

const FLAGS: Record<string, Flag> = {
  "--port-base": (value, options) => {
    const base = whole(value, "--port-base");
    options.ports = Object.fromEntries(SYSTEM_NAMES.map((name, index) => [name, base + index])) as Record<
      SystemName,
      number
    >;
  },
  "--latency-ms": (value, options) => {
    options.latencyMs = whole(value, "--latency-ms");
  },
  "--numspot-queued-ms": (value, options) => {
    options.numspot = { ...options.numspot, queuedMs: whole(value, "--numspot-queued-ms") };
  },
  "--numspot-running-ms": (value, options) => {
    options.numspot = { ...options.numspot, runningMs: whole(value, "--numspot-running-ms") };
  },
  "--numspot-failure-rate": (value, options) => {
    options.numspot = { ...options.numspot, failureRate: fraction(value, "--numspot-failure-rate") };
  },
  "--openshift-running-ms": (value, options) => {
    options.numspot = { ...options.numspot, operationRunningMs: whole(value, "--openshift-running-ms") };
  },
  "--juju-change-delay-ms": (value, options) => {
    options.juju = { ...options.juju, changeDelayMs: whole(value, "--juju-change-delay-ms") };
  },
};

function whole(raw: string, flag: string): number {
  const number = Number(raw);
  if (raw === "" || !Number.isInteger(number) || number < 0) throw new Error(`${flag} needs a whole number`);
  return number;
}

function fraction(raw: string, flag: string): number {
  const number = Number(raw);
  if (raw === "" || !(number >= 0 && number <= 1)) throw new Error(`${flag} needs a number from 0 to 1`);
  return number;
}

/** `SYSTEM:KIND[:P]`, e.g. `numspot:503:0.1` or `scaleway:reset-after:0.05`. */
export function parseFault(spec: string): FaultRule {
  const [system, kind, probability] = spec.split(":");
  if (!SYSTEM_NAMES.includes(system as SystemName) || !kind) {
    throw new Error(`--fault ${spec}: expected SYSTEM:KIND[:P] with SYSTEM one of ${SYSTEM_NAMES.join(", ")}`);
  }
  const rule: FaultRule = { system: system as SystemName, times: Number.POSITIVE_INFINITY };
  if (probability !== undefined) rule.probability = fraction(probability, `--fault ${spec}`);
  if (kind === "reset-before" || kind === "reset-after") rule.reset = kind === "reset-before" ? "before" : "after";
  else if (/^[45]\d\d$/.test(kind)) {
    rule.status = Number(kind);
    if (rule.status === 429) rule.retryAfterSeconds = 1;
  } else throw new Error(`--fault ${spec}: KIND must be a 4xx/5xx status, reset-before or reset-after`);
  return rule;
}

export function parseArgs(argv: string[]): { options: SandboxOptions; envFile?: string; faults: FaultRule[] } {
  const options: SandboxOptions = {};
  const faults: FaultRule[] = [];
  let envFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => {
      const raw = inline ?? argv[++i];
      if (raw === undefined) throw new Error(`${flag} needs a value`);
      return raw;
    };
    // (Not `--env-file`: Node itself takes that flag from anywhere on its command line.)
    if (flag === "--write-env") envFile = value();
    else if (flag === "--fault") faults.push(parseFault(value()));
    else if (FLAGS[flag]) FLAGS[flag](value(), options);
    else throw new Error(`unknown argument ${arg}`);
  }
  return { options, envFile, faults };
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const sandbox: Sandbox = await startSandbox(parsed.options);
  for (const fault of parsed.faults) sandbox.faults.add(fault);
  // stdout carries only shell lines, so it can be sourced as is; notes go to stderr.
  const lines = Object.entries(sandbox.env).map(([key, value]) => `export ${key}=${shellQuote(value)}`);
  console.log(lines.join("\n"));
  if (parsed.envFile) writeFileSync(parsed.envFile, `${lines.join("\n")}\n`, { mode: 0o600 });
  console.error(
    `sandbox up: ${SYSTEM_NAMES.map((name) => `${name} ${sandbox.urls[name]}`).join(", ")}` +
      `${parsed.envFile ? `; environment in ${parsed.envFile} (source it from another shell)` : ""}` +
      `${parsed.faults.length ? `; ${parsed.faults.length} fault rule(s) active` : ""}; Ctrl-C stops it`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    sandbox.stop().then(
      () => {
        console.error(`sandbox stopped (${signal}, ${sandbox.requests.length} requests served)`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
