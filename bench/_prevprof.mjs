import { applicationStack } from "./engine-refresh.mjs";
import { timed } from "./engine.mjs";
import { startSandbox } from "./support.mjs";
const N = Number(process.env.N ?? 1000);
const sandbox = await startSandbox();
const stack = await applicationStack(sandbox, N, "prevprof");
await stack.close();
const { openBenchStack } = await import("./engine.mjs");
process.exit(0);
