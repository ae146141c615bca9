#!/usr/bin/env node
// The quickstart demo under the real Pulumi CLI: starts the sandbox, then up, a no-change preview, a change made
// behind Pulumi's back, a drift check that fails because of it, a restoring up, and destroy. Run it with
// `scripts/with-pulumi.sh npm run demo` (the npm script does that), which provides the CLI or says why it cannot.
//
// The program runs through the Automation API as an inline program: the CLI is handed the address of a language
// server inside this process, so no Node.js language host (`pulumi-language-nodejs`) is needed — the Go module
// proxy serves the engine but not that host. Everything is offline: a throw-away PULUMI_HOME, a local file://
// backend, no update check, no plugin downloads.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const { openEngine } = require(path.join(root, "scripts", "engine.cjs"));
const { startSandbox } = require(path.join(root, "dist", "sandbox", "index.js"));
// The quickstart is TypeScript (it is also the program of the root Pulumi.yaml); load it as is.
require("ts-node").register({
  transpileOnly: true,
  compilerOptions: { module: "nodenext", moduleResolution: "nodenext" },
});
const quickstart = require(path.join(root, "examples", "quickstart", "index.ts"));

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
let stepStarted = Date.now();
function step(text) {
  stepStarted = Date.now();
  console.log(`\n== ${text}`);
}
function done(text) {
  console.log(`   ${text} (${seconds(stepStarted)})`);
}
// The CLI's output, indented under the step; it arrives in chunks, so whole lines are printed as they complete.
let pending = "";
function print(text) {
  const lines = (pending + text).split(/\r?\n/);
  pending = lines.pop();
  for (const line of lines) if (line.trim() !== "") console.log(`   | ${line}`);
}

const sandbox = await startSandbox({ numspot: { queuedMs: 500, runningMs: 2500 } });
let engine;
let failed = false;
try {
  engine = await openEngine({ name: "quickstart", program: quickstart, env: sandbox.env });
  console.log(`Pulumi CLI ${engine.version} (${engine.cli}); sandbox APIs on 127.0.0.1; state in ${engine.dir}`);
  const { stack } = engine;

  step(
    "1. pulumi up: a Scaleway application, an API key (its secret a Pulumi secret) and a Numspot space (waits for READY)",
  );
  const up = await stack.up({ onOutput: print });
  done(
    `created: ${JSON.stringify(up.summary.resourceChanges)}; secretKey output is ${up.outputs.secretKey?.secret ? "secret" : "NOT secret"}`,
  );

  step("2. pulumi preview --expect-no-changes: nothing changed, so nothing to do");
  await stack.preview({ expectNoChanges: true, onOutput: print });
  done("no changes");

  step("3. Someone renames the application outside Pulumi (directly in the sandbox)");
  const app = sandbox.state.scaleway.applications.get(up.outputs.applicationId.value);
  app.name = `${app.name}-renamed-by-hand`;
  done(`application ${app.id} is now named "${app.name}"`);

  step("4. pulumi preview --refresh --expect-no-changes: the drift check fails because of the drift (expected)");
  try {
    await stack.preview({ refresh: true, expectNoChanges: true, onOutput: print });
    failed = true;
    done("drift NOT detected: this is a failure of the demo");
  } catch (error) {
    if (!/no changes were expected/i.test(String(error.message))) throw error;
    done("drift detected: the preview failed with 'no changes were expected', as a drift check should");
  }

  step("5. pulumi up --refresh: reads the live state and restores the declared name");
  await stack.up({ refresh: true, onOutput: print });
  done(`application is named "${sandbox.state.scaleway.applications.get(app.id)?.name}" again`);

  step("6. pulumi destroy: removes everything");
  await stack.destroy({ onOutput: print });
  const left =
    sandbox.state.scaleway.applications.size + sandbox.state.scaleway.apiKeys.size + sandbox.state.numspot.spaces.size;
  if (left !== 0) failed = true;
  done(left === 0 ? "the sandbox is empty again" : `${left} objects are left in the sandbox: this is a failure`);
} catch (error) {
  console.error(`\ndemo failed: ${error.message}`);
  failed = true;
} finally {
  await engine?.close();
  await sandbox.stop();
}
console.log(`\n${failed ? "FAILED" : "Done"} in ${seconds(started)}.`);
process.exit(failed ? 1 : 0);
