/**
 * Where credentials come from: a resource's own `connection` input first, then stack config (handed to the plugin's
 * `configure`), then environment variables. Nothing here is ever put into a serialized provider or an output.
 */
import type { SystemName } from "../client/errors";

/** The systems with settings (the legacy account API shares Scaleway's). */
export type System = Exclude<SystemName, "account">;

interface Setting {
  readonly config: string;
  readonly env: readonly string[];
  readonly secret?: boolean;
}

/** Settings per system; the key is the field name of that system's `connection` input. */
export const SETTINGS = {
  scaleway: {
    secretKey: { config: "scaleway:secretKey", env: ["SCW_SECRET_KEY"], secret: true },
    accessKey: { config: "scaleway:accessKey", env: ["SCW_ACCESS_KEY"] },
    organizationId: { config: "scaleway:organizationId", env: ["SCW_DEFAULT_ORGANIZATION_ID"] },
    projectId: { config: "scaleway:projectId", env: ["SCW_DEFAULT_PROJECT_ID"] },
    apiUrl: { config: "scaleway:apiUrl", env: ["SCW_API_URL"] },
    accountApiUrl: { config: "scaleway:accountApiUrl", env: ["SCW_ACCOUNT_API_URL"] },
  },
  numspot: {
    clientId: { config: "numspot:clientId", env: ["NUMSPOT_CLIENT_ID"] },
    clientSecret: { config: "numspot:clientSecret", env: ["NUMSPOT_CLIENT_SECRET"], secret: true },
    host: { config: "numspot:host", env: ["NUMSPOT_HOST"] },
    region: { config: "numspot:region", env: ["NUMSPOT_REGION"] },
    organisationId: { config: "numspot:organisationId", env: ["NUMSPOT_ORGANISATION_ID"] },
  },
  juju: {
    url: { config: "juju:url", env: ["SOJOBO_URL"] },
    apiKey: { config: "juju:apiKey", env: ["SOJOBO_API_KEY"], secret: true },
    username: { config: "juju:username", env: ["SOJOBO_USERNAME"] },
    password: { config: "juju:password", env: ["SOJOBO_PASSWORD"], secret: true },
  },
  fiware: {
    url: { config: "fiware:url", env: ["WSTORE_URL"] },
    token: { config: "fiware:token", env: ["WSTORE_TOKEN"], secret: true },
  },
} as const satisfies Record<System, Record<string, Setting>>;

export type SettingName<S extends System> = keyof (typeof SETTINGS)[S] & string;
export type Connection<S extends System> = Partial<Record<SettingName<S>, string>>;

let stackConfig: Record<string, string> = {};

/** What the plugin's configure hands over: an object with a synchronous `get(key)`. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/**
 * Reads every known key synchronously: the plugin may start several first calls at once, and each awaits configure;
 * reading everything before any await means no call can see half a configuration.
 */
export function loadStackConfig(source: ConfigSource): void {
  const next: Record<string, string> = {};
  for (const settings of Object.values(SETTINGS)) {
    for (const setting of Object.values(settings) as Setting[]) {
      const value = source.get(setting.config);
      if (value !== undefined && value !== "") next[setting.config] = value;
    }
  }
  stackConfig = next;
}

export function resetStackConfig(): void {
  stackConfig = {};
}

export function setting<S extends System>(
  system: S,
  name: SettingName<S>,
  connection?: Connection<S>,
): string | undefined {
  const fromResource = connection?.[name];
  if (typeof fromResource === "string" && fromResource !== "") return fromResource;
  const spec = SETTINGS[system][name] as Setting;
  if (stackConfig[spec.config] !== undefined) return stackConfig[spec.config];
  for (const variable of spec.env) {
    const value = process.env[variable];
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

/** How to tell a user to provide a missing setting. */
export function howToSet<S extends System>(system: S, name: SettingName<S>): string {
  const spec = SETTINGS[system][name] as Setting;
  const secret = spec.secret ? "--secret " : "";
  return `set it with \`pulumi config set ${secret}${spec.config} ...\`, the environment variable ${spec.env.join(" or ")}, or the resource's connection.${name}`;
}
