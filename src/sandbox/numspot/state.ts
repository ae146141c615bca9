import type { DurationSpec, NumspotSandboxOptions, SandboxCredentials } from "../types";

export type SpaceStatus = "QUEUED" | "RUNNING" | "READY" | "FAILED";

/** When a space moves on: fixed at creation, evaluated against the real clock whenever the space is read. */
export interface SpaceLifecycle {
  /** Epoch ms of creation. */
  startedAt: number;
  queuedMs: number;
  runningMs: number;
  outcome: "READY" | "FAILED";
  /** Set by a test to hold the space in a status regardless of the clock. */
  pinned?: SpaceStatus;
}

/** The API fields of a space (spec: Space) except `status`, which is computed from `lifecycle`. */
export interface SpaceRecord {
  id: string;
  organisationId: string;
  name: string;
  description: string;
  createdOn: string;
  updatedOn: string;
  lifecycle: SpaceLifecycle;
}

export interface TokenRecord {
  clientId: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface NumspotState {
  /** Organisations the sandbox's client may act in. */
  organisations: Set<string>;
  spaces: Map<string, SpaceRecord>;
  /** Access tokens handed out by POST /iam/token. */
  tokens: Map<string, TokenRecord>;
}

export interface NumspotSettings {
  queuedMs: number;
  runningMs: DurationSpec;
  failureRate: number;
  tokenTtlSeconds: number;
  random: () => number;
}

export function resolveNumspotSettings(options: NumspotSandboxOptions = {}): NumspotSettings {
  return {
    queuedMs: options.queuedMs ?? 500,
    runningMs: options.runningMs ?? 2000,
    failureRate: options.failureRate ?? 0,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    random: options.random ?? Math.random,
  };
}

export function createNumspotState(credentials: SandboxCredentials): NumspotState {
  return { organisations: new Set([credentials.numspotOrganisationId]), spaces: new Map(), tokens: new Map() };
}

export interface NumspotContext {
  state: NumspotState;
  credentials: SandboxCredentials;
  settings: NumspotSettings;
}
