#!/usr/bin/env node
import { type Sandbox, startSandbox } from "./index";
import { type SandboxOptions, SYSTEM_NAMES, type SystemName } from "./types";

const USAGE = `usage: npm run sandbox -- [--port-base N] [--latency-ms N]
  --port-base N   serve scaleway, account, numspot, juju, fiware on ports N .. N+4 (default: free ports)
  --latency-ms N  add N ms to every request`;

function parseArgs(argv: string[]): SandboxOptions {
  const options: SandboxOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split("=", 2) as [string, string | undefined];
    const value = () => {
      const raw = inline ?? argv[++i];
      const number = Number(raw);
      if (raw === undefined || !Number.isInteger(number) || number < 0) throw new Error(`${flag} needs a whole number`);
      return number;
    };
    if (flag === "--port-base") {
      const base = value();
      options.ports = Object.fromEntries(SYSTEM_NAMES.map((name, index) => [name, base + index])) as Record<
        SystemName,
        number
      >;
    } else if (flag === "--latency-ms") {
      options.latencyMs = value();
    } else if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  return options;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<void> {
  let options: SandboxOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const sandbox: Sandbox = await startSandbox(options);
  // stdout carries only shell lines, so it can be pasted (or sourced from a file) as is; notes go to stderr.
  for (const [key, value] of Object.entries(sandbox.env)) console.log(`export ${key}=${shellQuote(value)}`);
  console.log(
    `# curl -s -H "X-Auth-Token: $SCW_SECRET_KEY" "$SCW_API_URL/iam/v1alpha1/applications?organization_id=$SCW_DEFAULT_ORGANIZATION_ID"`,
  );
  console.error(
    `sandbox up: ${SYSTEM_NAMES.map((name) => `${name} ${sandbox.urls[name]}`).join(", ")}; Ctrl-C stops it`,
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
