/**
 * The drift check of a 100-resource stack under the real engine, against the sandbox on loopback: the time of one
 * `pulumi-eurostack drift` run (a preview --refresh through the Automation API, engine start and plugin cold start
 * included), untouched and with 10 resources drifted behind Pulumi's back. Not a timed test: it prints numbers.
 *
 *   scripts/with-node.sh npm run build --silent
 *   scripts/with-node.sh scripts/with-pulumi.sh node bench/drift.mjs [count] [runs]
 */
import { createRequire } from "node:module";
import os from "node:os";

const require = createRequire(import.meta.url);
const { openEngine } = require("../scripts/engine.cjs");
const { runDrift } = require("../dist/drift/check.js");
const eurostack = require("pulumi-eurostack");
const { startSandbox } = require("pulumi-eurostack/sandbox");

const COUNT = Number(process.argv[2] ?? 100);
const RUNS = Number(process.argv[3] ?? 3);
const DRIFTED = Math.min(10, COUNT);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function program() {
  for (let i = 0; i < COUNT; i++) {
    new eurostack.scaleway.Application(`app-${i}`, { name: `bench-app-${i}`, description: "drift bench" });
  }
  return {};
}

async function timed(stack, label) {
  const times = [];
  let report;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    report = await runDrift({ stacks: [stack.name], open: async () => stack });
    times.push(performance.now() - started);
  }
  const s = report.summary;
  console.log(
    `${label}: median ${(median(times) / 1000).toFixed(2)} s over ${RUNS} runs (${times.map((t) => (t / 1000).toFixed(2)).join(", ")}) — exit ${report.exitCode}, ${s.checked} checked, ${s.changed} changed`,
  );
  return { report, median: median(times) };
}

const sandbox = await startSandbox();
const engine = await openEngine({
  name: "bench-drift",
  program,
  config: {
    "scaleway:secretKey": { value: sandbox.credentials.scalewaySecretKey, secret: true },
    "scaleway:apiUrl": { value: sandbox.urls.scaleway },
    "scaleway:organizationId": { value: sandbox.credentials.scalewayOrganizationId },
  },
});
try {
  console.log(`drift bench: ${COUNT} scaleway.Application, Pulumi ${engine.version}, ${os.cpus().length} cores`);
  const setup = performance.now();
  await engine.stack.up({});
  console.log(`setup: up of ${COUNT} resources in ${((performance.now() - setup) / 1000).toFixed(1)} s`);
  const clean = await timed(engine.stack, "untouched");
  if (clean.report.exitCode !== 0) throw new Error("the untouched stack reported drift");
  const apps = [...sandbox.state.scaleway.applications.values()].slice(0, DRIFTED);
  for (const app of apps) app.description = "changed by hand";
  const drifted = await timed(engine.stack, `${DRIFTED} drifted`);
  if (drifted.report.summary.changed !== DRIFTED) throw new Error(`expected ${DRIFTED} changed resources`);
} finally {
  await engine.close();
  await sandbox.stop();
}
