import type { LegacyAccountState } from "./account/state";
import { createFiwareState, type FiwareState } from "./fiware/state";
import { scalewayTimestamp } from "./ids";
import { createJujuState, type JujuState } from "./juju/state";
import { createNumspotState, type NumspotState } from "./numspot/state";
import { createScalewayState, type ScalewayState } from "./scaleway/state";
import type { SandboxCredentials } from "./types";

/** The legacy account API's state lives inside the Scaleway state (it shares the organization and its users). */
export type AccountState = LegacyAccountState;
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
  const scaleway = createScalewayState(credentials, scalewayTimestamp());
  return {
    scaleway,
    account: scaleway.legacy,
    numspot: createNumspotState(credentials),
    juju: createJujuState(credentials),
    fiware: createFiwareState(credentials),
  };
}
