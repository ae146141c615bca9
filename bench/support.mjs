/**
 * What every benchmark shares: the built package (dist/, as a user's project loads it), the built sandbox, the
 * TypeScript test support (plugin driver, lifecycle driver, program capture) loaded through bench/ts-require.cjs,
 * and small helpers for timing and result rows.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { require: requireTs } = require("./ts-require.cjs");

/** The built package, through node_modules/pulumi-eurostack (a symlink to the repo), as the tests load it. */
export const eurostack = require("pulumi-eurostack");
export const pulumi = require("@pulumi/pulumi");
export const { startSandbox } = require("pulumi-eurostack/sandbox");
export const pluginSupport = requireTs("../test/support/plugin.ts");
export const programSupport = requireTs("../test/support/program.ts");
export const lifecycleSupport = requireTs("../test/support/lifecycle.ts");
export const sandboxStack = requireTs("../test/support/sandbox-stack.ts");
export const stateSupport = requireTs("../test/support/state.ts");

export const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/";

/** Every Resource class the package exports, as `namespace.Name`, found by walking its namespaces. */
export function resourceClasses() {
  const found = [];
  for (const [namespace, members] of Object.entries(eurostack)) {
    if (typeof members !== "object" || members === null) continue;
    for (const [name, value] of Object.entries(members)) {
      if (typeof value === "function" && value.prototype instanceof pulumi.CustomResource) {
        found.push({ label: `${namespace}.${name}`, Resource: value });
      }
    }
  }
  return found.sort((a, b) => a.label.localeCompare(b.label));
}

/** The `__provider` the SDK serializes for one resource of this class (captured, never sent anywhere). */
export async function serializedProvider(Resource, args, runOptions = {}) {
  const { registrations } = await programSupport.captureRegistrations(() => {
    new Resource("bench", args);
  }, runOptions);
  const registration = registrations.find((r) => r.type.startsWith(DYNAMIC_PREFIX));
  if (!registration) throw new Error(`${Resource.name}: no dynamic resource was registered`);
  const provider = registration.inputs.__provider;
  if (typeof provider !== "string" || provider.length === 0) {
    throw new Error(`${registration.type}: the registration carries no serialized __provider`);
  }
  return { type: registration.type, provider, registration };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** CPU time (user + system) of a process, in ms, from /proc (Linux); undefined elsewhere. */
export function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

export const ms = (value) => `${Math.round(value).toLocaleString("en-US")} ms`;
export const seconds = (value) => `${(value / 1000).toFixed(2)} s`;

/**
 * One line of the results table. `ratio` is measured / bound; `ok` is whether the target (ratio ≤ target) is met.
 * An `error` marks a benchmark that could not measure at all; an `informational` row (a figure the issue asks for
 * without a target, e.g. how cost grows) is reported with its ratio and no verdict.
 */
export function row({ name, measured, bound, ratio, target = 1, notes = "", error, informational = false }) {
  return {
    name,
    measured,
    bound,
    ratio,
    target: informational ? Number.NaN : target,
    ok: error === undefined && (informational || (Number.isFinite(ratio) && ratio <= target)),
    informational,
    notes,
    error,
  };
}
