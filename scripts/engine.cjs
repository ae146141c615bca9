// A throw-away Pulumi workspace driven by the real CLI through the Automation API, for the demo and the engine
// tests. The CLI comes from scripts/with-pulumi.sh (PULUMI_CLI). Programs are inline: the CLI talks to a language
// server inside this process, so no Node.js language host is needed. Nothing reaches the network: a private
// PULUMI_HOME, a local file:// backend, a passphrase, no update checks, no plugin downloads.
const { mkdirSync, mkdtempSync, rmSync } = require("node:fs");
const path = require("node:path");
const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");

const root = path.resolve(__dirname, "..");
const PASSPHRASE = "eurostack-engine";

/** The environment every CLI call gets, on top of the caller's (e.g. the sandbox's credentials). */
function offlineEnv(dir) {
  return {
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
  };
}

/**
 * Opens a stack `dev` of project `name` whose program is `program` (a function, as a Pulumi program module exports).
 * The workspace folder lies inside the clone (git-ignored .cache/engine) because the dynamic-provider plugin runs
 * there and must resolve `@pulumi/pulumi` and `pulumi-eurostack` from the clone's node_modules, as in a user's project.
 */
async function openEngine({ name, program, env = {}, config = {}, stackName = "dev" }) {
  const cli = process.env.PULUMI_CLI;
  if (!cli) throw new Error("no Pulumi CLI: run this through scripts/with-pulumi.sh, which provides one or says why not");
  const command = await PulumiCommand.get({ root: path.dirname(path.dirname(cli)), skipVersionCheck: true });
  const base = path.join(root, ".cache", "engine");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, `${name}-`));
  mkdirSync(path.join(dir, "state"));
  const envVars = { ...env, ...offlineEnv(dir), PULUMI_HOME: path.join(dir, "home") };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName: name, program },
    {
      workDir: dir,
      pulumiHome: envVars.PULUMI_HOME,
      pulumiCommand: command,
      envVars,
      projectSettings: { name, runtime: "nodejs", backend: { url: envVars.PULUMI_BACKEND_URL } },
    },
  );
  for (const [key, value] of Object.entries(config)) await stack.setConfig(key, value);
  return {
    cli,
    version: command.version?.toString() ?? "unknown",
    dir,
    stack,
    /** Runs the CLI itself in this workspace (e.g. `stack export`), with the same environment. */
    run: (args) => stack.workspace.pulumiCommand.run([...args, "--stack", stackName], dir, envVars),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

module.exports = { openEngine, offlineEnv };
