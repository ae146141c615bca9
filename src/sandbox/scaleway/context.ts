import type { SandboxCredentials } from "../types";
import type { ScalewayState } from "./state";

export interface ScalewayContext {
  state: ScalewayState;
  credentials: SandboxCredentials;
}

export const IAM = "/iam/v1alpha1";
