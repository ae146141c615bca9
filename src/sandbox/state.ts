import { scalewayTimestamp } from "./ids";
import { createNumspotState, type NumspotState } from "./numspot/state";
import { createScalewayState, type ScalewayState } from "./scaleway/state";
import type { SandboxCredentials } from "./types";

/** Entities of the systems that have none yet are added here as their modules grow. */
export type AccountState = Record<string, unknown>;
export type JujuState = Record<string, unknown>;
export type FiwareState = Record<string, unknown>;

/** Everything the sandbox holds, for tests to read and change out of band (no request is recorded for that). */
export interface SandboxState {
  scaleway: ScalewayState;
  account: AccountState;
  numspot: NumspotState;
  juju: JujuState;
  fiware: FiwareState;
}

export function createState(credentials: SandboxCredentials): SandboxState {
  return {
    scaleway: createScalewayState(credentials, scalewayTimestamp()),
    account: {},
    numspot: createNumspotState(credentials),
    juju: {},
    fiware: {},
  };
}
