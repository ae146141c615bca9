import type { SandboxCredentials } from "../types";

/** Everything the emulated WStore holds; entities add their maps here as they are built. */
export type FiwareState = Record<string, unknown>;

export function createFiwareState(_credentials: SandboxCredentials): FiwareState {
  return {};
}

/** Settings of the emulated Fiware (`startSandbox({ fiware: { ... } })`); entities add theirs as they are built. */
export interface FiwareSandboxOptions {
  /** Source of randomness for this system's failure rates (default Math.random). */
  random?: () => number;
}
