import { createFiwareState, type FiwareState } from "./fiware/state";
import { scalewayTimestamp } from "./ids";
import { createJujuState, type JujuState } from "./juju/state";
import { createNumspotState, type NumspotState } from "./numspot/state";
import { createScalewayState, type ScalewayState } from "./scaleway/state";
import type { SandboxCredentials } from "./types";

/** Entities of the legacy account API are added here as its module grows. */
export type AccountState = Record<string, unknown>;
export type { FiwareState, JujuState };

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
    juju: createJujuState(credentials),
    fiware: createFiwareState(credentials),
  };
}
