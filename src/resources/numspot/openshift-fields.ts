import { z } from "zod";

/** spec: AvailabilityZoneName. */
export const AVAILABILITY_ZONES = [
  "eu-west-2a",
  "eu-west-2b",
  "eu-west-2c",
  "cloudgouv-eu-west-1a",
  "cloudgouv-eu-west-1b",
  "cloudgouv-eu-west-1c",
] as const;
export const NODE_PROFILES = ["SMALL", "MEDIUM", "LARGE", "VERY_LARGE"] as const;
/** spec: Gpu. */
export const GPUS = ["P6", "P100", "V100", "A100-80"] as const;

export const AvailabilityZone = z.enum(AVAILABILITY_ZONES, `must be one of ${AVAILABILITY_ZONES.join(", ")}`);
export const NodeProfile = z.enum(NODE_PROFILES, `must be one of ${NODE_PROFILES.join(", ")}`);
export const Gpu = z.enum(GPUS, `must be one of ${GPUS.join(", ")}`);

/**
 * spec: StrictSlugMax63 — the OpenAPI's pattern, not the redoc document's `^[a-zA-Z0-9-]{3,64}$` (which allows a
 * leading `-` and 64 characters the OpenAPI refuses, and refuses the `_` it allows).
 */
export const ClusterName = z
  .string("must be a string")
  .regex(/^[a-zA-Z0-9]+(?:[-_][a-zA-Z0-9]+)*$/, "must be letters and digits with single - or _ between them")
  .refine((v) => v.length >= 3 && v.length <= 63, "must be 3 to 63 characters");

/** spec: StrictLowerCaseSlugMax63. */
export const NodePoolName = z
  .string("must be a string")
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, "must be lower-case letters and digits with single - or _ between them")
  .refine((v) => v.length >= 3 && v.length <= 63, "must be 3 to 63 characters");

export const NodeCount = z.number("must be a number").int("must be a whole number").min(1, "must be at least 1");

/** spec: OpenShiftNodepool (the pools a cluster is created with). */
export const NodePoolSpecInput = z
  .object(
    {
      name: NodePoolName,
      nodeProfile: NodeProfile,
      nodeCount: NodeCount,
      availabilityZoneName: AvailabilityZone.optional(),
      gpu: Gpu.optional(),
    },
    "must be a node pool {name, nodeProfile, nodeCount, availabilityZoneName?, gpu?}",
  )
  .strict();

export interface NodePoolSpec {
  name: string;
  nodeProfile: string;
  nodeCount: number;
  availabilityZoneName?: string;
  gpu?: string;
}
