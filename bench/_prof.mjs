import { execSync } from "node:child_process";
import { createRequire } from "node:module";
import { openBenchStack, timed } from "/work/main/bench/engine.mjs";
import { eurostack, startSandbox } from "/work/main/bench/support.mjs";

const require = createRequire(import.meta.url);
const { FloorResource } = require("/work/main/bench/floor-provider.cjs");
const COUNT = Number(process.env.N ?? 1000);
const kind = process.argv[2] ?? "floor";
const sandbox = await startSandbox();
const env = JSON.parse(process.argv[3] ?? "{}");
const stack = await openBenchStack(
  `prof-${kind}`,
  () => {
    for (let i = 0; i < COUNT; i++) {
      const n = `r-${i}`;
      if (kind === "floor") new FloorResource(n, { name: n, tags: ["bench"] });
      else new eurostack.scaleway.Application(n, { name: n, tags: ["bench"] });
    }
  },
  { sandbox, env },
);
let t = await timed(stack, () => stack.stack.up({ parallel: 16 }));
console.log("up", Math.round(t.elapsed), "plugin cpu", t.pluginCpuMs, "state bytes", stack.stateBytes());
sandbox.setLatency(20);
for (let i = 0; i < 2; i++) {
  const before = process.cpuUsage();
  t = await timed(stack, () => stack.stack.refresh({ parallel: 16 }));
  const own = process.cpuUsage(before);
  console.log(
    "refresh",
    Math.round(t.elapsed),
    "plugin cpu",
    t.pluginCpuMs,
    "peak",
    t.pluginPeakKb,
    "bench proc cpu",
    Math.round((own.user + own.system) / 1000),
  );
}
await stack.close();
await sandbox.stop();
process.exit(0);
