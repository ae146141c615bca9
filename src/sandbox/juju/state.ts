import type { SandboxCredentials } from "../types";

/** Everything the emulated Sojobo holds; entities add their maps here as they are built. */
export type JujuState = Record<string, unknown>;

export function createJujuState(_credentials: SandboxCredentials): JujuState {
  return {};
}

/** Settings of the emulated Juju (`startSandbox({ juju: { ... } })`); entities add theirs as they are built. */
export interface JujuSandboxOptions {
  /** Source of randomness for this system's failure rates (default Math.random). */
  random?: () => number;
}
