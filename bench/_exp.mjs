import { openBenchStack } from "/work/main/bench/engine.mjs";
import { eurostack, startSandbox } from "/work/main/bench/support.mjs";

const sandbox = await startSandbox();
const s = await openBenchStack(
  "exp",
  () => {
    new eurostack.scaleway.Application("t", { name: "t", tags: ["bench"] });
  },
  { sandbox },
);
await s.stack.up();
const d = await s.stack.exportStack();
console.log(JSON.stringify(d, null, 1).slice(0, 4000));
await s.close();
await sandbox.stop();
process.exit(0);
