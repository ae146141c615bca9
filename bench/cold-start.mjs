/**
 * Plugin cold start: the plugin spawned as the engine spawns it (no preload; see test/support/plugin.ts), timed from
 * spawn to the port line, to GetPluginInfo answered (the first answer), and to the first Check answered (after
 * Configure, as the engine sends them; the first Check loads the package's runtime). Median of 5; bound 500 ms.
 */
import { eurostack, median, ms, pluginSupport, row, serializedProvider } from "./support.mjs";

const RUNS = 5;
const BOUND_MS = 500;

export async function benchColdStart(log) {
  const { type, provider } = await serializedProvider(eurostack.scaleway.Application, { name: "bench" });
  const config = {
    "scaleway:secretKey": "00000000-0000-4000-8000-000000000000",
    "scaleway:organizationId": "11111111-1111-4111-8111-111111111111",
  };
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
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
      runs.push({ port: plugin.startupMs, info, check });
      log(
        `cold-start: run ${run + 1}: port ${ms(plugin.startupMs)}, GetPluginInfo ${ms(info)}, first Check ${ms(check)}`,
      );
    } finally {
      await plugin.stop();
    }
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
  ];
}
