#!/usr/bin/env node
/**
 * `pulumi-eurostack drift`: checks stacks of a Pulumi project for drift without changing them.
 * Exit status: 0 no drift, 2 drift found, 1 a stack could not be checked (or bad usage), with the reason.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { LocalWorkspace, PulumiCommand, type PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { runDrift } from "./check";
import { formatMarkdown, formatText } from "./format";
import type { DriftReport } from "./report";

export const USAGE = `Usage: pulumi-eurostack drift [options]

Checks stacks for drift: a refresh in preview mode plus a preview of what \`up\` would do. Never changes a stack.

Options:
  --cwd <dir>         the Pulumi project's folder (default: the current folder)
  --stack <a,b,...>   the stacks to check (default: every stack of the project)
  --parallel <n>      stacks checked at once (default: 1)
  --program <file>    run this module's exported program inline (Automation API) instead of the project's
                      runtime: for machines without the Node.js language host; the module exports \`program\`
                      or a default function
  --json              print the report as JSON (schema pulumi-eurostack/drift@1, see docs/drift.md)
  --markdown          print the report as Markdown (for a pull-request comment or an issue body)
  --json-out <file>   also write the JSON report to this file (e.g. beside a Markdown one, from one run)
  -h, --help          show this help

Exit status: 0 no drift, 2 drift found, 1 could not check (the reason is printed).
The Pulumi CLI is taken from PULUMI_CLI, else \`pulumi\` on PATH; the backend and passphrase from the usual
PULUMI_BACKEND_URL / PULUMI_CONFIG_PASSPHRASE / Pulumi.yaml settings.`;

export interface CliOptions {
  cwd: string;
  stacks?: string[];
  parallel: number;
  format: "text" | "json" | "markdown";
  program?: string;
  jsonOut?: string;
}

export class UsageError extends Error {}

export function parseCli(argv: string[]): CliOptions | "help" {
  const args = argv[0] === "drift" ? argv.slice(1) : argv;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      cwd: { type: "string" },
      stack: { type: "string" },
      parallel: { type: "string" },
      program: { type: "string" },
      "json-out": { type: "string" },
      json: { type: "boolean" },
      markdown: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  if (values.json && values.markdown) throw new UsageError("choose one of --json and --markdown");
  const parallel = values.parallel === undefined ? 1 : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError("--parallel takes a whole number from 1");
  const stacks = values.stack
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (values.stack !== undefined && stacks?.length === 0) throw new UsageError("--stack takes one or more names");
  return {
    cwd: path.resolve(values.cwd ?? process.cwd()),
    ...(stacks ? { stacks } : {}),
    parallel,
    format: values.json ? "json" : values.markdown ? "markdown" : "text",
    ...(values.program ? { program: path.resolve(values.program) } : {}),
    ...(values["json-out"] ? { jsonOut: path.resolve(values["json-out"]) } : {}),
  };
}

export function render(report: DriftReport, format: CliOptions["format"]): string {
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  return format === "markdown" ? formatMarkdown(report) : formatText(report);
}

/** The CLI named by PULUMI_CLI (as scripts/with-pulumi.sh sets it), else the one on PATH. */
async function pulumiCommand(): Promise<PulumiCommand> {
  const cli = process.env.PULUMI_CLI;
  if (cli) return PulumiCommand.get({ root: path.dirname(path.dirname(cli)), skipVersionCheck: true });
  return PulumiCommand.get({ skipVersionCheck: true });
}

/** The Pulumi program a module exports (`program`, `default`, or the module itself), loaded as Node loads it. */
export async function loadProgram(file: string): Promise<PulumiFn> {
  const loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const candidates = [loaded.program, loaded.default, (loaded.default as Record<string, unknown> | undefined)?.program];
  const program = candidates.find((c) => typeof c === "function");
  if (!program) throw new Error(`${file} exports no program (a function named program, or a default export)`);
  return program as PulumiFn;
}

/** Progress on stderr: in place on a terminal, a line per 50 resources otherwise. */
function progress(stream: NodeJS.WriteStream) {
  return (stack: string, checked: number) => {
    if (stream.isTTY) stream.write(`\r${stack}: refreshed ${checked} resources…`);
    else if (checked % 50 === 0) stream.write(`${stack}: refreshed ${checked} resources…\n`);
  };
}

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let options: CliOptions | "help";
  try {
    options = parseCli(argv);
  } catch (error) {
    io.stderr.write(`pulumi-eurostack drift: ${(error as Error).message}\n\n${USAGE}\n`);
    return 1;
  }
  if (options === "help") {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { cwd, parallel, format } = options;
  let stacks = options.stacks;
  let workspace: LocalWorkspace;
  try {
    const program = options.program ? await loadProgram(options.program) : undefined;
    workspace = await LocalWorkspace.create({
      workDir: cwd,
      pulumiCommand: await pulumiCommand(),
      ...(program ? { program } : {}),
    });
    if (!stacks) {
      stacks = (await workspace.listStacks()).map((s) => s.name);
      if (stacks.length === 0) throw new Error(`the project in ${cwd} has no stack`);
    }
  } catch (error) {
    io.stderr.write(`pulumi-eurostack drift: could not check: ${(error as Error).message.split("\n")[0]}\n`);
    return 1;
  }
  // One workspace for every stack: each operation names its stack, so stacks checked at once do not interfere.
  const open = (stackName: string): Promise<Stack> => Stack.select(stackName, workspace);
  const tty = io.stderr.isTTY;
  const report = await runDrift({
    stacks,
    parallel,
    open,
    onProgress: progress(io.stderr),
    onStackDone: (s) => io.stderr.write(`${tty ? "\r" : ""}${s.stack}: ${s.status} (${s.checked} resources)\n`),
  });
  io.stdout.write(render(report, format));
  if (options.jsonOut) writeFileSync(options.jsonOut, render(report, "json"));
  if (report.exitCode === 1) {
    for (const s of report.stacks.filter((r) => r.status === "error")) {
      io.stderr.write(`pulumi-eurostack drift: could not check stack ${s.stack}: ${s.error}\n`);
    }
  }
  return report.exitCode;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`pulumi-eurostack drift: could not check: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
