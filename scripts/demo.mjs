#!/usr/bin/env node
// The quickstart demo: starts the sandbox, then drives the real Pulumi CLI through up, a no-change preview, an
// out-of-band change, a drift check, a restoring up and a destroy. Without a Pulumi CLI it says so and exits 2:
// it never pretends. Run it with `npm run demo` (which builds first).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STACK = "demo";

function say(text) {
  console.log(`\n== ${text}`);
}

/** The CLI on PATH, else the one the `pulumi` npm package fetches on first use (needs internet). */
function findPulumi() {
  const candidates = [process.env.PULUMI_CLI, "pulumi", path.join(root, "node_modules", ".bin", "pulumi")].filter(
    Boolean,
  );
  const tried = [];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["version"], { encoding: "utf8", timeout: 180_000 });
    if (probe.status === 0) return { cli: candidate, version: probe.stdout.trim() };
    tried.push(
      `${candidate}: ${(probe.error?.message ?? probe.stderr ?? "").trim().split("\n").pop() || `exit ${probe.status}`}`,
    );
  }
  return { tried };
}

const found = findPulumi();
if (!found.cli) {
  console.error(`The demo needs the Pulumi CLI, and none could be found or fetched here:
  ${found.tried.join("\n  ")}
Install it (https://www.pulumi.com/docs/install/), put it on PATH (or set PULUMI_CLI), and run \`npm run demo\` again;
on a machine with internet access the \`pulumi\` npm package fetches it by itself.
Without a CLI, \`npm test\` still runs this quickstart end to end (up, drift, refresh, restore, destroy) through the
Pulumi plugin with a small engine stand-in, and \`npm run sandbox\` serves the emulated APIs for curl.`);
  process.exit(2);
}

const { startSandbox } = await import(path.join(root, "dist", "sandbox", "index.js"));
const sandbox = await startSandbox({ numspot: { queuedMs: 500, runningMs: 2500 } });
const home = mkdtempSync(path.join(tmpdir(), "eurostack-demo-"));
const env = {
  ...process.env,
  ...sandbox.env,
  PULUMI_HOME: path.join(home, "home"),
  PULUMI_BACKEND_URL: `file://${home}`,
  PULUMI_CONFIG_PASSPHRASE: "eurostack-demo",
  PULUMI_SKIP_UPDATE_CHECK: "true",
};

function pulumi(args, { allowFailure = false } = {}) {
  const result = spawnSync(found.cli, [...args, "--stack", STACK, "--non-interactive"], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  if (result.status !== 0 && !allowFailure) throw new Error(`pulumi ${args.join(" ")} failed (exit ${result.status})`);
  return result.status;
}

let failed = false;
try {
  console.log(`Using ${found.cli} (${found.version}); sandbox APIs on 127.0.0.1; state in ${home}`);
  spawnSync(found.cli, ["stack", "init", STACK, "--non-interactive"], { cwd: root, env, stdio: "inherit" });

  say("1. pulumi up: creates a Scaleway application, an API key (secret output) and a Numspot space (waits for READY)");
  pulumi(["up", "--yes", "--skip-preview"]);

  say("2. pulumi preview: nothing changed, so no changes are expected");
  pulumi(["preview", "--expect-no-changes"]);

  say("3. Someone renames the application outside Pulumi (directly in the sandbox)");
  const app = [...sandbox.state.scaleway.applications.values()].find((a) => a.name.endsWith("-ci-deployer"));
  app.name = `${app.name}-renamed-by-hand`;
  console.log(`   application ${app.id} is now named "${app.name}"`);

  say("4. pulumi preview --refresh --expect-no-changes: the drift check reports the change (and fails, as it should)");
  const drift = pulumi(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
  console.log(drift === 0 ? "   drift NOT detected (unexpected)" : "   drift detected");
  if (drift === 0) failed = true;

  say("5. pulumi up --refresh: restores the declared name");
  pulumi(["up", "--yes", "--skip-preview", "--refresh"]);
  console.log(`   application is named "${sandbox.state.scaleway.applications.get(app.id)?.name}" again`);

  say("6. pulumi destroy: removes everything");
  pulumi(["destroy", "--yes", "--skip-preview"]);
  pulumi(["stack", "rm", "--yes", "--force"], { allowFailure: true });
} catch (error) {
  console.error(error.message);
  failed = true;
} finally {
  await sandbox.stop();
  rmSync(home, { recursive: true, force: true });
  rmSync(path.join(root, `Pulumi.${STACK}.yaml`), { force: true });
}
process.exit(failed ? 1 : 0);
