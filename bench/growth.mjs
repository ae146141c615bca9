/**
 * How cost grows: `pulumi refresh` and the no-change `pulumi preview` of 100, 1,000 and 5,000 scaleway.Application
 * under the real engine (20 ms latency, --parallel 16): time, requests, the plugin's peak memory and the state file's
 * bytes per resource. A size is linear when its time per resource stays within 25 % of the next smaller size's
 * marginal cost; the fit (fixed + per-resource, from the two largest sizes) is in the notes.
 */

import { engineAvailable, timed } from "./engine.mjs";
import { applicationStack, refreshOnce } from "./engine-refresh.mjs";
import { ms, row, seconds, startSandbox } from "./support.mjs";

const SIZES = (process.env.BENCH_GROWTH_SIZES ?? "100,1000,5000").split(",").map(Number);
const LATENCY_MS = 20;
const PARALLEL = 16;

const mib = (kb) => `${Math.round(kb / 1024)} MiB`;

export async function benchGrowth(log) {
  if (!engineAvailable()) throw new Error("no Pulumi CLI: run the benchmarks through scripts/with-pulumi.sh");
  const results = [];
  for (const size of SIZES) {
    const sandbox = await startSandbox();
    const stack = await applicationStack(sandbox, size, `bench-growth-${size}`);
    try {
      sandbox.setLatency(LATENCY_MS);
      const refresh = await refreshOnce(stack, sandbox);
      if (refresh.requests !== size || refresh.distinct !== size)
        throw new Error(`refresh of ${size}: ${refresh.requests} requests`);
      const first = sandbox.requests.length;
      const preview = await timed(stack, () => stack.stack.preview({ parallel: PARALLEL, expectNoChanges: true }));
      const previewRequests = sandbox.requests.length - first;
      const bytes = stack.stateBytes();
      results.push({ size, refresh, preview, previewRequests, bytes });
      log(
        `growth: ${size}: refresh ${seconds(refresh.elapsed)} (${refresh.requests} requests, plugin peak ${mib(refresh.pluginPeakKb)}), preview ${seconds(preview.elapsed)} (${previewRequests} requests, plugin peak ${mib(preview.pluginPeakKb)}), state ${Math.round(bytes / size)} B per resource`,
      );
    } finally {
      await stack.close();
      await sandbox.stop();
    }
  }
  return rows(results);
}

/** Fixed + per-resource cost from the two largest sizes. */
function lineFit(results, pick) {
  const [a, b] = results.slice(-2);
  const slope = (pick(b) - pick(a)) / (b.size - a.size);
  return { slope, fixed: pick(a) - slope * a.size };
}

function rows(results) {
  const out = [];
  for (const [label, pick, requests] of [
    ["pulumi refresh", (r) => r.refresh.elapsed, (r) => `${r.refresh.requests} GETs`],
    ["no-change pulumi preview", (r) => r.preview.elapsed, (r) => `${r.previewRequests} requests`],
  ]) {
    const line = lineFit(results, pick);
    for (const r of results) {
      const perResource = pick(r) / r.size;
      const predicted = line.fixed + line.slope * r.size;
      const peak = label === "pulumi refresh" ? r.refresh.pluginPeakKb : r.preview.pluginPeakKb;
      out.push(
        row({
          name: `${label} of ${r.size.toLocaleString("en-US")} applications (real engine)`,
          measured: seconds(pick(r)),
          bound: seconds((r.size * LATENCY_MS) / PARALLEL),
          ratio: pick(r) / ((r.size * LATENCY_MS) / PARALLEL),
          target: Number.NaN,
          notes: `${ms(perResource)} per resource; ${requests(r)}; plugin peak ${mib(peak)}; state ${Math.round(r.bytes / r.size)} B per resource; fit ${seconds(line.fixed)} + ${ms(line.slope)} × n predicts ${seconds(predicted)}`,
          informational: true,
        }),
      );
    }
  }
  return out;
}
