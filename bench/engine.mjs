/**
 * The real engine for benchmarks: a throw-away stack driven by the pinned `pulumi` CLI (scripts/engine.cjs, inline
 * programs through the Automation API), against a sandbox on loopback. The dynamic-provider plugins the engine starts
 * report their own CPU time and peak memory when the engine stops them (bench/plugin-usage.cjs, preloaded through
 * NODE_OPTIONS), so a benchmark can say what the plugin cost apart from the engine.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { openEngine } = require(path.join(ROOT, "scripts", "engine.cjs"));

/** Whether a CLI is at hand (bench/run.mjs is started through scripts/with-pulumi.sh, which provides one). */
export const engineAvailable = () => Boolean(process.env.PULUMI_CLI);

/**
 * With EUROSTACK_BENCH_CPU_PROF=<dir>, every plugin the engine starts writes a V8 CPU profile there when it stops
 * (open it in Chrome DevTools or summarise its self time): how the plugin's CPU per resource was taken apart.
 */
function profileOption() {
  const dir = process.env.EUROSTACK_BENCH_CPU_PROF;
  return dir ? `--cpu-prof --cpu-prof-dir=${path.resolve(dir)}` : undefined;
}

/**
 * Opens a stack whose program is `program()` (read on every operation, so a benchmark changes what it declares by
 * changing what the function reads). `env` adds to the sandbox's credentials.
 */
export async function openBenchStack(name, program, { sandbox, env = {} }) {
  const usageDir = mkdtempSync(path.join(os.tmpdir(), "eurostack-plugin-usage-"));
  const preload = path.join(ROOT, "bench", "plugin-usage.cjs");
  const engine = await openEngine({
    name,
    program,
    env: {
      ...sandbox.env,
      ...env,
      NODE_OPTIONS: [`--require ${preload}`, profileOption(), env.NODE_OPTIONS].filter(Boolean).join(" "),
      EUROSTACK_BENCH_USAGE_DIR: usageDir,
    },
  });
  /** Usage reports of the plugins stopped since the last call (one per plugin process). */
  const takeUsage = () => {
    const reports = [];
    for (const file of readdirSync(usageDir)) {
      reports.push(JSON.parse(readFileSync(path.join(usageDir, file), "utf8")));
      rmSync(path.join(usageDir, file));
    }
    return reports;
  };
  /** Bytes of the stack's state file as the file backend stores it. */
  const stateBytes = () => {
    const stacks = path.join(engine.dir, "state", ".pulumi", "stacks", name);
    const file = readdirSync(stacks).find((f) => f.endsWith(".json"));
    return statSync(path.join(stacks, file)).size;
  };
  return {
    ...engine,
    takeUsage,
    stateBytes,
    close: async () => {
      await engine.close();
      rmSync(usageDir, { recursive: true, force: true });
    },
  };
}

/**
 * CPU time of this process's finished children and their descendants (ms, from /proc; Linux): the CLI and the
 * plugins it started, once the CLI has exited. Undefined where /proc is missing.
 */
function childrenCpuMs() {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Runs `operation` and returns its wall time with what the plugins it started reported (their CPU and peak memory,
 * summed and maximal over all plugin processes of that run), the engine's own CPU (the CLI's, plugins excluded) and
 * this process's (the inline program, the Automation API and, in the benchmarks, the sandbox).
 */
export async function timed(stack, operation) {
  stack.takeUsage();
  const children = childrenCpuMs();
  const own = process.cpuUsage();
  const started = performance.now();
  const result = await operation();
  const elapsed = performance.now() - started;
  const ownUsage = process.cpuUsage(own);
  // The engine stops its plugins as the operation ends; a report is written as a plugin exits.
  let reports = stack.takeUsage();
  for (let i = 0; i < 20 && reports.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    reports = stack.takeUsage();
  }
  const pluginCpuMs = reports.length ? reports.reduce((sum, r) => sum + r.cpuMs, 0) : undefined;
  const after = childrenCpuMs();
  return {
    result,
    elapsed,
    engineCpuMs: after === undefined || pluginCpuMs === undefined ? undefined : after - children - pluginCpuMs,
    ownCpuMs: (ownUsage.user + ownUsage.system) / 1000,
    pluginCpuMs,
    pluginPeakKb: reports.length ? Math.max(...reports.map((r) => r.maxRssKb)) : undefined,
    plugins: reports.length,
  };
}

/**
 * Fills a stack with `count` copies of its one resource of `type` (made by a real `up` beforehand), as the engine
 * would have stored them: `derive(i)` gives each copy's name, id and changed inputs/outputs. One `stack import`
 * instead of `count` creates keeps the set-up short at 5,000 resources; the copies are exact because the engine's
 * own entry is the template. The template itself is removed.
 */
export async function seedFromTemplate(bench, type, count, derive) {
  const deployment = await bench.stack.exportStack();
  const resources = deployment.deployment.resources;
  const at = resources.findIndex((r) => r.type === type);
  if (at < 0) throw new Error(`no ${type} in the stack to copy`);
  const [template] = resources.splice(at, 1);
  const prefix = template.urn.slice(0, template.urn.lastIndexOf("::") + 2);
  for (let i = 0; i < count; i++) {
    const { name, id, inputs = {}, outputs = {} } = derive(i, template);
    resources.push({
      ...template,
      urn: prefix + name,
      id,
      inputs: { ...template.inputs, ...inputs },
      outputs: { ...template.outputs, ...outputs },
    });
  }
  await bench.stack.importStack(deployment);
}
