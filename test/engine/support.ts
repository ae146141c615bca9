/**
 * The engine suite's set-up: a sandbox and a stack driven by the real `pulumi` CLI (scripts/engine.cjs, through the
 * Automation API with an inline program). Runs only when a CLI is available (PULUMI_CLI, set by
 * scripts/with-pulumi.sh, which `npm test` goes through); otherwise the suite is skipped with one visible line.
 *
 * Programs are plain functions; a test changes what the next `up` declares by changing the variables the program
 * reads. Every operation records the engine's steps per URN (from its event stream) and the CLI's output, so tests
 * can assert what the engine did, and scan what it printed.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe } from "vitest";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox";
import { repoRoot } from "../support/shared";

const requireHere = createRequire(__filename);
const { openEngine } = requireHere(path.join(repoRoot, "scripts", "engine.cjs")) as {
  openEngine(options: {
    name: string;
    program: () => unknown;
    env?: Record<string, string>;
    config?: Record<string, { value: string; secret?: boolean }>;
  }): Promise<Engine>;
};

interface Engine {
  cli: string;
  version: string;
  dir: string;
  stack: Stack;
  run(args: string[]): Promise<{ stdout: string; stderr: string }>;
  close(): Promise<void>;
}

export const PULUMI_CLI = process.env.PULUMI_CLI;

/** A `describe` that runs only with a CLI, and says once, visibly, why it was skipped. */
export function describeEngine(name: string, fn: () => void): void {
  if (PULUMI_CLI) {
    describe(name, fn);
    return;
  }
  console.warn(
    `engine tests skipped (${name}): no Pulumi CLI — run tests through scripts/with-pulumi.sh (npm test does), with a CLI on PATH or Go to build the pinned one`,
  );
  describe.skip(name, fn);
}

/** What one engine run did to each URN, in the engine's own words (create, same, update, replace, delete, ...). */
export type Ops = Record<string, string[]>;

export interface RunRecord {
  ops: Ops;
  /** Everything the CLI printed (stdout and stderr) and every diagnostic above debug level the engine emitted. */
  output: string;
}

export interface EngineStack {
  sandbox: Sandbox;
  stack: Stack;
  engine: Engine;
  /** Every run so far, for secret scans. */
  outputs: string[];
  up(options?: {
    refresh?: boolean;
  }): Promise<RunRecord & { outputs: Record<string, { value: unknown; secret: boolean }> }>;
  preview(options?: { refresh?: boolean; expectNoChanges?: boolean }): Promise<RunRecord>;
  refresh(): Promise<RunRecord>;
  destroy(): Promise<RunRecord>;
  /** `pulumi stack export` (the deployment as stored, secrets encrypted). */
  exportState(): Promise<{ text: string; resources: StateResource[] }>;
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
  protect?: boolean;
}

/** The short name of a URN (`...::name`). */
export const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** The root stack and the default provider: the engine's own resources, not the program's. */
export const isEngineOwn = (urn: string) =>
  urn.includes("::pulumi:pulumi:Stack::") || urn.includes("::pulumi:providers:");

/** The ops of the program's resources (not the engine's own), by resource name. */
export function opsByName(ops: Ops): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [urn, list] of Object.entries(ops)) {
    if (isEngineOwn(urn)) continue;
    result[nameOf(urn)] = list;
  }
  return result;
}

/**
 * One sandbox and one stack per test file; credentials reach the provider as stack config (the secret ones as
 * secrets), as a user sets them with `pulumi config set`.
 */
export function useEngineStack(
  name: string,
  program: () => unknown,
  options: { sandbox?: SandboxOptions } = {},
): () => EngineStack {
  let current: EngineStack | undefined;
  beforeAll(async () => {
    if (!PULUMI_CLI) return;
    const sandbox = await startSandbox(options.sandbox);
    const engine = await openEngine({ name, program, config: sandboxConfig(sandbox) });
    current = wrap(sandbox, engine);
  }, 120_000);
  afterAll(async () => {
    await current?.engine.close();
    await current?.sandbox.stop();
  });
  return () => {
    if (!current) throw new Error("engine stack not started");
    return current;
  };
}

/** Stack config for every system, pointing at the sandbox. */
export function sandboxConfig(sandbox: Sandbox): Record<string, { value: string; secret?: boolean }> {
  return {
    "scaleway:secretKey": { value: sandbox.credentials.scalewaySecretKey, secret: true },
    "scaleway:apiUrl": { value: sandbox.urls.scaleway },
    "scaleway:organizationId": { value: sandbox.credentials.scalewayOrganizationId },
    "numspot:clientId": { value: sandbox.credentials.numspotClientId },
    "numspot:clientSecret": { value: sandbox.credentials.numspotClientSecret, secret: true },
    "numspot:host": { value: sandbox.urls.numspot },
    "numspot:organisationId": { value: sandbox.credentials.numspotOrganisationId },
    "scaleway:accountApiUrl": { value: sandbox.urls.account },
    "scaleway:projectId": { value: sandbox.credentials.scalewayProjectId },
    "juju:url": { value: sandbox.urls.juju },
    "juju:apiKey": { value: sandbox.credentials.jujuApiKey, secret: true },
    "juju:username": { value: sandbox.credentials.jujuUsername },
    "juju:password": { value: sandbox.credentials.jujuPassword, secret: true },
    "fiware:url": { value: sandbox.urls.fiware },
    "fiware:token": { value: sandbox.credentials.fiwareToken, secret: true },
  };
}

function recorder() {
  const ops: Ops = {};
  const lines: string[] = [];
  return {
    ops,
    lines,
    onOutput: (text: string) => lines.push(text),
    onEvent: (event: EngineEvent) => {
      const meta = event.resourcePreEvent?.metadata;
      if (meta) (ops[meta.urn] ??= []).push(meta.op);
      // Debug-level diagnostics are left out: the SDK itself logs every RegisterResource answer at debug level,
      // outputs and secret values included (upstream behaviour, visible only with --debug or -v).
      const diagnostic = event.diagnosticEvent;
      if (diagnostic && diagnostic.severity !== "debug") lines.push(diagnostic.message);
    },
  };
}

function wrap(sandbox: Sandbox, engine: Engine): EngineStack {
  const { stack } = engine;
  const outputs: string[] = [];
  // Runs an operation; a failure still records what was printed, and the error carries it for assertions.
  async function record<T>(run: (r: ReturnType<typeof recorder>) => Promise<T>): Promise<T & RunRecord> {
    const r = recorder();
    try {
      const result = await run(r);
      return Object.assign(result as object, { ops: r.ops, output: r.lines.join("") }) as T & RunRecord;
    } catch (error) {
      const text = `${r.lines.join("")}\n${String((error as Error).message)}`;
      throw Object.assign(error as Error, { ops: r.ops, output: text });
    } finally {
      outputs.push(r.lines.join(""));
    }
  }
  return {
    sandbox,
    stack,
    engine,
    outputs,
    up: (options = {}) =>
      record(async (r) => {
        const result = await stack.up({ ...options, onOutput: r.onOutput, onEvent: r.onEvent });
        return { outputs: result.outputs as Record<string, { value: unknown; secret: boolean }> };
      }),
    preview: (options = {}) => record((r) => stack.preview({ ...options, onOutput: r.onOutput, onEvent: r.onEvent })),
    refresh: () => record((r) => stack.refresh({ onOutput: r.onOutput, onEvent: r.onEvent })),
    destroy: () => record((r) => stack.destroy({ onOutput: r.onOutput, onEvent: r.onEvent })),
    async exportState() {
      const { stdout } = await engine.run(["stack", "export"]);
      const deployment = JSON.parse(stdout) as { deployment: { resources?: StateResource[] } };
      return { text: stdout, resources: deployment.deployment.resources ?? [] };
    },
  };
}

/** The failure of an engine run, with what it printed (see `record`). */
export async function engineFailure(promise: Promise<unknown>): Promise<Error & RunRecord> {
  try {
    await promise;
  } catch (error) {
    return error as Error & RunRecord;
  }
  throw new Error("expected the engine run to fail, and it succeeded");
}
