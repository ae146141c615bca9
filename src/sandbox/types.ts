import type { FiwareSandboxOptions } from "./fiware/state";
import type { JujuSandboxOptions } from "./juju/state";
import type { NumspotSandboxOptions } from "./numspot/state";

/** The five emulated systems; each is served by its own loopback server because their paths overlap (`/iam`). */
export type SystemName = "scaleway" | "account" | "numspot" | "juju" | "fiware";

export const SYSTEM_NAMES: readonly SystemName[] = ["scaleway", "account", "numspot", "juju", "fiware"];

/** How long a new Numspot space stays RUNNING: fixed, per space name, or drawn uniformly from `[min, max]`. */
export type DurationSpec = number | ((spaceName: string) => number) | readonly [number, number];

export type { NumspotSandboxOptions } from "./numspot/state";

export interface SandboxOptions {
  /** Added to every request of every system. */
  latencyMs?: number;
  /** Default: random values per start, so nothing can hard-code them. */
  credentials?: Partial<SandboxCredentials>;
  numspot?: NumspotSandboxOptions;
  juju?: JujuSandboxOptions;
  fiware?: FiwareSandboxOptions;
  /** Fixed ports per system (default 0: any free port). */
  ports?: Partial<Record<SystemName, number>>;
  /** Source of randomness for fault rules with a `probability` (default Math.random). */
  random?: () => number;
}

export interface SandboxCredentials {
  scalewaySecretKey: string;
  scalewayAccessKey: string;
  scalewayOrganizationId: string;
  scalewayProjectId: string;
  scalewayUserId: string;
  numspotClientId: string;
  numspotClientSecret: string;
  numspotOrganisationId: string;
  jujuApiKey: string;
  jujuUsername: string;
  jujuPassword: string;
  fiwareToken: string;
}

export interface FaultRule {
  system?: SystemName;
  method?: string;
  /** Matches the request path without its query; a string must be equal, a RegExp must match. Absent = any. */
  path?: string | RegExp;
  /** Answer with this status, in the system's own error shape unless `body` is given. */
  status?: number;
  retryAfterSeconds?: number;
  body?: unknown;
  /** "before": destroy the socket before the handler runs; "after": let the handler commit, then destroy the socket. */
  reset?: "before" | "after";
  /** Extra delay for matching requests, before anything else the rule does. */
  delayMs?: number;
  /** How many matching requests the rule applies to (default 1; Infinity allowed). */
  times?: number;
  /** Apply to this random fraction of matching requests (default 1). */
  probability?: number;
}

export interface RecordedRequest {
  system: SystemName;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON or form body; the raw text when it does not parse; undefined when empty. */
  body: unknown;
  /** The status answered; 0 while the request is in flight or when the socket was destroyed before any answer. */
  status: number;
  /** When the request arrived (epoch ms, the clock of the sandbox's timelines), so timing can be read off the log. */
  at: number;
  /** Set when a fault rule applied: "reset-before", "reset-after", "status", or "delay". */
  faulted?: string;
}
