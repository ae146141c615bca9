import { timed } from "./engine.mjs";
import { applicationStack } from "./engine-refresh.mjs";
import { startSandbox } from "./support.mjs";

const N = Number(process.env.N ?? 1000);
const sandbox = await startSandbox();
const stack = await applicationStack(sandbox, N, "prev");
const before = process.cpuUsage();
const t = await timed(stack, () => stack.stack.preview({ parallel: 16 }));
const own = process.cpuUsage(before);
console.log(
  "preview",
  N,
  Math.round(t.elapsed),
  "ms; program proc cpu",
  Math.round((own.user + own.system) / 1000),
  "plugin cpu",
  Math.round(t.pluginCpuMs),
  JSON.stringify(t.result.changeSummary),
);
await stack.close();
await sandbox.stop();
process.exit(0);
