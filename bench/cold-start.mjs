/**
 * Plugin cold start: the plugin spawned as the engine spawns it (no preload; see test/support/plugin.ts), timed from
 * spawn to the port line, to GetPluginInfo answered (the first answer), and to the first Check answered (after
 * Configure, as the engine sends them; the first Check loads the package's runtime). Median of 5; bound 500 ms.
 * The same plugin serving the host's floor (bench/floor-provider.cjs, a trivial provider) is timed alternately, so
 * what our package adds to a cold start is the difference.
 */
import { createRequire } from "node:module";
import { eurostack, median, ms, pluginSupport, row, serializedProvider } from "./support.mjs";

const { FloorResource } = createRequire(import.meta.url)("./floor-provider.cjs");

const RUNS = 5;
const BOUND_MS = 500;

async function coldStart(type, provider, config) {
  const plugin = await pluginSupport.startPlugin({ inheritEnv: false, watchdog: false });
  try {
    const connected = performance.now();
    const spawned = connected - plugin.startupMs;
    await plugin.getPluginInfo();
    const info = performance.now() - spawned;
    await plugin.configure(config, { secretKeys: ["scaleway:secretKey"] });
    const checked = await plugin.check(plugin.urn(type, "cold"), {}, { __provider: provider, name: "cold-start" });
    const check = performance.now() - spawned;
    if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    return { port: plugin.startupMs, info, check };
  } finally {
    await plugin.stop();
  }
}

export async function benchColdStart(log) {
  const { type, provider } = await serializedProvider(eurostack.scaleway.Application, { name: "bench" });
  const floor = await serializedProvider(FloorResource, { name: "bench" });
  const config = {
    "scaleway:secretKey": "00000000-0000-4000-8000-000000000000",
    "scaleway:organizationId": "11111111-1111-4111-8111-111111111111",
  };
  const runs = [];
  const floorRuns = [];
  for (let run = 0; run < RUNS; run++) {
    const ours = await coldStart(type, provider, config);
    const base = await coldStart(floor.type, floor.provider, config);
    runs.push(ours);
    floorRuns.push(base);
    log(
      `cold-start: run ${run + 1}: port ${ms(ours.port)}, GetPluginInfo ${ms(ours.info)}, first Check ${ms(ours.check)} (floor: first Check ${ms(base.check)})`,
    );
  }
  const info = median(runs.map((r) => r.info));
  const check = median(runs.map((r) => r.check));
  const port = median(runs.map((r) => r.port));
  return [
    row({
      name: `plugin cold start → GetPluginInfo answered (median of ${RUNS})`,
      measured: ms(info),
      bound: ms(BOUND_MS),
      ratio: info / BOUND_MS,
      notes: `spawn → port line ${ms(port)} (median); runs ${runs.map((r) => Math.round(r.info)).join(", ")} ms`,
    }),
    row({
      name: `plugin cold start → first Check answered, after Configure (median of ${RUNS})`,
      measured: ms(check),
      bound: ms(BOUND_MS),
      ratio: check / BOUND_MS,
      notes: `runs ${runs.map((r) => Math.round(r.check)).join(", ")} ms; includes loading pulumi-eurostack/runtime`,
    }),
    row({
      name: `plugin cold start → first Check: ours against the same plugin serving a trivial provider (median of ${RUNS})`,
      measured: ms(check),
      bound: ms(median(floorRuns.map((r) => r.check))),
      ratio: check / median(floorRuns.map((r) => r.check)),
      target: Number.NaN,
      notes: `trivial provider's runs ${floorRuns.map((r) => Math.round(r.check)).join(", ")} ms, run alternately with ours; ours − trivial ${ms(check - median(floorRuns.map((r) => r.check)))} (loading our runtime, zod, undici and the entity)`,
      informational: true,
    }),
  ];
}
