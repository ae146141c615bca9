/**
 * The set-up every protocol test of a real resource shares: a sandbox, stack config pointing at it (as a user would
 * set with `pulumi config set`), and a plugin configured with that config.
 */
import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox";
import type { EngineOptions } from "./lifecycle";
import { type Plugin, startPlugin } from "./plugin";
import type { StateFile } from "./state";

export const SECRET_CONFIG_KEYS = ["scaleway:secretKey", "numspot:clientSecret"];

export interface SandboxStack {
  sandbox: Sandbox;
  plugin: Plugin;
  config: Record<string, string>;
  /** Engine options over the given state (a fresh empty one by default). */
  engine(state?: StateFile): EngineOptions;
  stop(): Promise<void>;
}

/** Stack config for the sandbox's credentials and URLs, with the config keys a user would set. */
export function sandboxConfig(sandbox: Sandbox): Record<string, string> {
  return {
    "scaleway:secretKey": sandbox.credentials.scalewaySecretKey,
    "scaleway:apiUrl": sandbox.urls.scaleway,
    "scaleway:organizationId": sandbox.credentials.scalewayOrganizationId,
    "numspot:clientId": sandbox.credentials.numspotClientId,
    "numspot:clientSecret": sandbox.credentials.numspotClientSecret,
    "numspot:host": sandbox.urls.numspot,
    "numspot:organisationId": sandbox.credentials.numspotOrganisationId,
  };
}

export function emptyState(): StateFile {
  return { resources: [] } as unknown as StateFile;
}

export async function startSandboxStack(
  options: { sandbox?: SandboxOptions; project?: string; config?: Record<string, string> } = {},
): Promise<SandboxStack> {
  const sandbox = await startSandbox(options.sandbox);
  const config = { ...sandboxConfig(sandbox), ...options.config };
  // inheritEnv false: credentials reach the provider only through Configure, as with the real engine.
  const plugin = await startPlugin({ inheritEnv: false, project: options.project });
  await plugin.configure(config, { secretKeys: SECRET_CONFIG_KEYS });
  return {
    sandbox,
    plugin,
    config,
    engine: (state = emptyState()) => ({ plugin, state, config, secretKeys: SECRET_CONFIG_KEYS }),
    async stop() {
      await plugin.stop();
      await sandbox.stop();
    },
  };
}
