import { createAccountSystem } from "./account";
import { resolveCredentials } from "./credentials";
import { FaultRegistry } from "./faults";
import { createFiwareSystem } from "./fiware";
import { type SystemServer, startSystemServer } from "./http/server";
import { createJujuSystem } from "./juju";
import { createNumspotSystem } from "./numspot";
import { resolveNumspotSettings } from "./numspot/state";
import { createScalewaySystem } from "./scaleway";
import { createState, type SandboxState } from "./state";
import type { SystemModule } from "./system";
import {
  type FaultRule,
  type RecordedRequest,
  type SandboxCredentials,
  type SandboxOptions,
  SYSTEM_NAMES,
  type SystemName,
} from "./types";

export type { InviteRecord, LegacyAccountState, LegacyTokenRecord } from "./account/state";
export type { FiwareSandboxOptions, RemoteAnswer, RemoteCall } from "./fiware/state";
export type {
  ChangeKind,
  JujuSandboxOptions,
  JujuUserRecord,
  ModelAccessShape,
  PendingChange,
  SeedController,
} from "./juju/state";
export type { NumspotState, SpaceLifecycle, SpaceRecord, SpaceStatus, TokenRecord } from "./numspot/state";
export type {
  ApiKeyRecord,
  ApplicationRecord,
  GroupRecord,
  PolicyRecord,
  ProjectRecord,
  RuleRecord,
  ScalewayState,
  SshKeyRecord,
  UserRecord,
} from "./scaleway/state";
export type { AccountState, FiwareState, JujuState, SandboxState } from "./state";
export type {
  DurationSpec,
  FaultRule,
  NumspotSandboxOptions,
  RecordedRequest,
  SandboxCredentials,
  SandboxOptions,
  SystemName,
} from "./types";
export { SYSTEM_NAMES } from "./types";

export interface Sandbox {
  /** Each system on its own loopback server, http://127.0.0.1:<port>. */
  urls: Record<SystemName, string>;
  /** The environment variables the providers read, pointing at this sandbox. */
  env: Record<string, string>;
  credentials: SandboxCredentials;
  /** Every request received, in arrival order, including refused and faulted ones. */
  requests: RecordedRequest[];
  faults: { add(rule: FaultRule): void; clear(): void };
  setLatency(ms: number): void;
  state: SandboxState;
  /** Closes the servers and their open sockets; pending delays end at once. */
  stop(): Promise<void>;
}

/** A local, in-memory emulation of the five APIs, with their auth, error shapes, asynchronous work and faults. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const credentials = resolveCredentials(options.credentials);
  const state = createState(credentials);
  const requests: RecordedRequest[] = [];
  const faults = new FaultRegistry(options.random ?? Math.random);
  let latencyMs = options.latencyMs ?? 0;
  const stopping = new AbortController();

  const scalewayContext = { state: state.scaleway, credentials };
  const modules: Record<SystemName, SystemModule> = {
    scaleway: createScalewaySystem(scalewayContext),
    account: createAccountSystem(scalewayContext),
    numspot: createNumspotSystem({
      state: state.numspot,
      credentials,
      settings: resolveNumspotSettings(options.numspot),
    }),
    juju: createJujuSystem({ state: state.juju, credentials, options: options.juju ?? {} }),
    fiware: createFiwareSystem({ state: state.fiware, credentials, options: options.fiware ?? {} }),
  };

  const deps = { requests, faults, latencyMs: () => latencyMs, signal: stopping.signal };
  const servers: Partial<Record<SystemName, SystemServer>> = {};
  try {
    for (const name of SYSTEM_NAMES)
      servers[name] = await startSystemServer(modules[name], deps, options.ports?.[name]);
  } catch (error) {
    await Promise.all(Object.values(servers).map((server) => server.close()));
    throw error;
  }
  const urls = Object.fromEntries(SYSTEM_NAMES.map((name) => [name, servers[name]!.url])) as Record<SystemName, string>;

  let stopped: Promise<void> | undefined;
  return {
    urls,
    env: sandboxEnv(urls, credentials),
    credentials,
    requests,
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    state,
    stop: () => {
      stopped ??= (async () => {
        stopping.abort();
        await Promise.all(Object.values(servers).map((server) => server.close()));
      })();
      return stopped;
    },
  };
}

export function sandboxEnv(urls: Record<SystemName, string>, credentials: SandboxCredentials): Record<string, string> {
  return {
    SCW_API_URL: urls.scaleway,
    SCW_SECRET_KEY: credentials.scalewaySecretKey,
    SCW_ACCESS_KEY: credentials.scalewayAccessKey,
    SCW_DEFAULT_ORGANIZATION_ID: credentials.scalewayOrganizationId,
    SCW_DEFAULT_PROJECT_ID: credentials.scalewayProjectId,
    SCW_ACCOUNT_API_URL: urls.account,
    NUMSPOT_HOST: urls.numspot,
    NUMSPOT_CLIENT_ID: credentials.numspotClientId,
    NUMSPOT_CLIENT_SECRET: credentials.numspotClientSecret,
    NUMSPOT_ORGANISATION_ID: credentials.numspotOrganisationId,
    SOJOBO_URL: urls.juju,
    SOJOBO_API_KEY: credentials.jujuApiKey,
    SOJOBO_USERNAME: credentials.jujuUsername,
    SOJOBO_PASSWORD: credentials.jujuPassword,
    WSTORE_URL: urls.fiware,
    WSTORE_TOKEN: credentials.fiwareToken,
  };
}
