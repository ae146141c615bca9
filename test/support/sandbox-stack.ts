/**
 * The set-up every protocol test of a real resource shares: a sandbox, stack config pointing at it (as a user would
 * set with `pulumi config set`), and a plugin configured with that config.
 */
import { SETTINGS } from "../../src/resources/config";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox";
import type { EngineOptions } from "./lifecycle";
import { type Plugin, startPlugin } from "./plugin";
import type { StateFile } from "./state";

/** The config keys holding secrets, from the one table of settings. */
export const SECRET_CONFIG_KEYS: string[] = Object.values(SETTINGS).flatMap((settings) =>
  Object.values(settings as Record<string, { config: string; secret?: boolean }>)
    .filter((setting) => setting.secret)
    .map((setting) => setting.config),
);

export interface SandboxStack {
  sandbox: Sandbox;
  plugin: Plugin;
  config: Record<string, string>;
  /** Engine options over the given state (a fresh empty one by default). */
  engine(state?: StateFile): EngineOptions;
  stop(): Promise<void>;
}

/**
 * Stack config for the sandbox's credentials and URLs, with the config keys a user would set: each setting's
 * config key (SETTINGS, the one table of settings) gets the value the sandbox gives its environment variable.
 */
export function sandboxConfig(sandbox: Sandbox): Record<string, string> {
  const config: Record<string, string> = {};
  for (const settings of Object.values(SETTINGS)) {
    for (const setting of Object.values(settings as Record<string, { config: string; env: readonly string[] }>)) {
      const value = setting.env.map((name) => sandbox.env[name]).find((v) => v !== undefined);
      if (value !== undefined) config[setting.config] = value;
    }
  }
  return config;
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
