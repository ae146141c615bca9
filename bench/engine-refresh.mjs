/**
 * `pulumi refresh` of 1,000 scaleway.Application under the real engine (the pinned CLI), 20 ms sandbox latency,
 * `--parallel 16`, side by side with the host's floor: the same refresh of 1,000 do-nothing dynamic resources
 * (bench/floor-provider.cjs) through the same engine and plugin, run alternately. Bound: requests × latency /
 * parallelism = 1000 × 20 ms / 16 = 1.25 s; target ≤ 1.2 × the bound. Our plugin's CPU per refreshed resource is
 * compared with the floor's: target ours ≤ floor + 0.3 ms.
 *
 * Set-up: a real `up` of one resource of each kind, then its state entry copied 1,000 times (seedFromTemplate) and
 * the applications put into the sandbox. Each refresh is a whole CLI run (start-up, state load and save, plugin start
 * included), as a user runs it; each must make exactly one GET per application and see no change.
 */
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { engineAvailable, openBenchStack, seedFromTemplate, timed } from "./engine.mjs";
import { eurostack, median, row, seconds, startSandbox } from "./support.mjs";

const require = createRequire(import.meta.url);
const { FloorResource } = require("./floor-provider.cjs");

const COUNT = 1000;
const LATENCY_MS = 20;
const PARALLEL = 16;
const RUNS = 3;
const TARGET = 1.2;
const FLOOR_MARGIN_MS = 0.3;
export const APPLICATION = "pulumi-nodejs:dynamic/scaleway:Application";
const FLOOR = "pulumi-nodejs:dynamic/bench:FloorResource";

export const appName = (i) => `bench-app-${String(i).padStart(4, "0")}`;

/**
 * A stack of `count` applications, known to the sandbox and to the state, whose program declares exactly them (so a
 * preview sees no change). The sandbox must have no latency while this runs.
 */
export async function applicationStack(sandbox, count, name = "bench-refresh") {
  let declared = 1;
  const stack = await openBenchStack(
    name,
    () => {
      for (let i = 0; i < declared; i++)
        new eurostack.scaleway.Application(appName(i), { name: appName(i), tags: ["bench"] });
    },
    { sandbox },
  );
  await stack.stack.up();
  const apps = sandbox.state.scaleway.applications;
  let templateId;
  await seedFromTemplate(stack, APPLICATION, count, (i, template) => {
    templateId = template.id;
    const record = { ...apps.get(template.id), id: randomUUID(), name: appName(i), tags: ["bench"] };
    apps.set(record.id, record);
    return { name: appName(i), id: record.id, inputs: { name: record.name }, outputs: { name: record.name } };
  });
  apps.delete(templateId);
  declared = count;
  return stack;
}

/** The same for the floor's do-nothing resources (no sandbox objects). */
async function floorStack(sandbox, count) {
  let declared = 1;
  const stack = await openBenchStack(
    "bench-floor",
    () => {
      for (let i = 0; i < declared; i++) new FloorResource(appName(i), { name: appName(i), tags: ["bench"] });
    },
    { sandbox },
  );
  await stack.stack.up();
  await seedFromTemplate(stack, FLOOR, count, (i) => ({
    name: appName(i),
    id: `floor-${appName(i)}`,
    inputs: { name: appName(i) },
    outputs: { name: appName(i) },
  }));
  declared = count;
  return stack;
}

function oneGetEach(requests) {
  const ids = new Set();
  for (const r of requests) {
    const match = /^\/iam\/v1alpha1\/applications\/([^/]+)$/.exec(r.path);
    if (r.method !== "GET" || !match) throw new Error(`refresh made an unexpected request: ${r.method} ${r.path}`);
    ids.add(match[1]);
  }
  return ids.size;
}

/** One whole `pulumi refresh`: its time, plugin usage and requests; fails on any change or unexpected request. */
export async function refreshOnce(stack, sandbox) {
  const first = sandbox.requests.length;
  const measured = await timed(stack, () => stack.stack.refresh({ parallel: PARALLEL }));
  const changes = measured.result.summary.resourceChanges ?? {};
  const others = Object.keys(changes).filter((k) => k !== "same");
  if (others.length > 0) throw new Error(`refresh saw changes: ${JSON.stringify(changes)}`);
  const requests = sandbox.requests.slice(first);
  return { ...measured, requests: requests.length, distinct: oneGetEach(requests) };
}

export async function benchEngineRefresh(log) {
  if (!engineAvailable()) throw new Error("no Pulumi CLI: run the benchmarks through scripts/with-pulumi.sh");
  const sandbox = await startSandbox();
  const stacks = [];
  try {
    const started = performance.now();
    stacks.push(await applicationStack(sandbox, COUNT));
    stacks.push(await floorStack(sandbox, COUNT));
    const [ours, floor] = stacks;
    log(
      `engine-refresh: ${COUNT} applications and ${COUNT} floor resources in state (${seconds(performance.now() - started)})`,
    );
    sandbox.setLatency(LATENCY_MS);
    const oursRuns = [];
    const floorRuns = [];
    // Alternately, so that both see the same machine load.
    for (let run = 0; run < RUNS; run++) {
      const mine = await refreshOnce(ours, sandbox);
      if (mine.requests !== COUNT || mine.distinct !== COUNT) {
        throw new Error(`refresh made ${mine.requests} requests for ${mine.distinct} applications, not one GET each`);
      }
      oursRuns.push(mine);
      const base = await refreshOnce(floor, sandbox);
      if (base.requests !== 0) throw new Error(`the floor's refresh made ${base.requests} requests`);
      floorRuns.push(base);
      const cpu = (r) => `${Math.round(r.pluginCpuMs)} ms`;
      log(
        `engine-refresh: run ${run + 1}: ours ${seconds(mine.elapsed)} (plugin CPU ${cpu(mine)}), floor ${seconds(base.elapsed)} (plugin CPU ${cpu(base)})`,
      );
    }
    return summarize(oursRuns, floorRuns);
  } finally {
    for (const stack of stacks) await stack.close();
    await sandbox.stop();
  }
}

const mib = (kb) => `${Math.round(kb / 1024)} MiB`;

/** Where the CPU went, per refreshed resource (medians): the engine (CLI), the plugin, and this process. */
function cpuSplit(runs) {
  const per = (pick) => `${(median(runs.map(pick)) / COUNT).toFixed(2)} ms`;
  return `CPU per resource: engine ${per((r) => r.engineCpuMs)}, plugin ${per((r) => r.pluginCpuMs)}, sandbox + Automation API ${per((r) => r.ownCpuMs)} (2 cores)`;
}

function summarize(oursRuns, floorRuns) {
  const bound = (COUNT * LATENCY_MS) / PARALLEL;
  const elapsed = median(oursRuns.map((r) => r.elapsed));
  const floorElapsed = median(floorRuns.map((r) => r.elapsed));
  const cpuPerResource = (runs) => median(runs.map((r) => r.pluginCpuMs)) / COUNT;
  const ours = cpuPerResource(oursRuns);
  const floor = cpuPerResource(floorRuns);
  const list = (runs) => runs.map((r) => seconds(r.elapsed)).join(", ");
  return [
    row({
      name: `pulumi refresh of ${COUNT} scaleway.Application, real engine, ${LATENCY_MS} ms latency, --parallel ${PARALLEL}`,
      measured: seconds(elapsed),
      bound: seconds(bound),
      ratio: elapsed / bound,
      target: TARGET,
      notes: `median of ${RUNS} whole CLI runs (${list(oursRuns)}); one GET per application, no change; ${cpuSplit(oursRuns)}`,
    }),
    row({
      name: `the host's floor: pulumi refresh of ${COUNT} do-nothing dynamic resources, same engine, no HTTP`,
      measured: seconds(floorElapsed),
      bound: seconds(bound),
      ratio: floorElapsed / bound,
      target: TARGET,
      notes: `median of ${RUNS} (${list(floorRuns)}), run alternately with ours; ours ÷ floor ${(elapsed / floorElapsed).toFixed(2)}; ${cpuSplit(floorRuns)}`,
    }),
    row({
      name: "plugin CPU per refreshed resource: ours against the floor + 0.3 ms",
      measured: `${ours.toFixed(2)} ms`,
      bound: `${(floor + FLOOR_MARGIN_MS).toFixed(2)} ms`,
      ratio: ours / (floor + FLOOR_MARGIN_MS),
      notes: `floor ${floor.toFixed(2)} ms; ours − floor ${(ours - floor).toFixed(2)} ms (whole plugin process: start-up, Read and Diff of every resource); plugin peak memory ${mib(median(oursRuns.map((r) => r.pluginPeakKb)))}, floor ${mib(median(floorRuns.map((r) => r.pluginPeakKb)))}`,
    }),
  ];
}
