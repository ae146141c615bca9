// Preloaded (NODE_OPTIONS=--require) into the dynamic-provider plugins the real engine starts during a benchmark:
// writes the plugin's own CPU time and peak memory to EUROSTACK_BENCH_USAGE_DIR/<pid>.json when the engine stops it.
// The engine interrupts a plugin (SIGINT to its process group) before it kills it, so the handler gets to run; the
// file is written once, synchronously, and nothing else of the plugin changes. Any other Node process is left alone.
const { writeFileSync } = require("node:fs");
const path = require("node:path");

const dir = process.env.EUROSTACK_BENCH_USAGE_DIR;
if (dir && process.argv.some((arg) => arg.includes("dynamic-provider"))) {
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    const cpu = process.cpuUsage();
    const usage = process.resourceUsage();
    const report = { pid: process.pid, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: usage.maxRSS };
    writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(report));
  };
  process.on("exit", write);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      write();
      process.exit(0);
    });
  }
}
