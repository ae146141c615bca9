/**
 * The sandbox alone in its own process (forked by bench/sandbox-rate.mjs), so its CPU time is its own: no added
 * latency, no faults. It sends its URLs and credentials to the parent over the IPC channel (never to a log) and
 * answers "cpu" with the CPU time it has used; "stop" ends it.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { startSandbox } = require("pulumi-eurostack/sandbox");

const sandbox = await startSandbox();
process.on("message", async (message) => {
  if (message === "cpu") {
    const { user, system } = process.cpuUsage();
    process.send({ cpuMs: (user + system) / 1000, requests: sandbox.requests.length });
  } else if (message === "stop") {
    await sandbox.stop();
    process.exit(0);
  }
});
// The parent going away ends this process too.
process.on("disconnect", () => process.exit(0));
process.send({ urls: sandbox.urls, credentials: sandbox.credentials });
