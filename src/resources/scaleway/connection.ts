import { z } from "zod";
import { type ScalewayConnection, scalewayClient } from "../../client/scaleway/client";
import { type Connection, howToSet, setting } from "../config";
import type { SystemAdapter } from "../description";
import { HttpUrl, Uuid } from "../fields";

/** The optional per-resource `connection` input; users pass it as a secret. */
export const ScalewayConnectionInput = z
  .object(
    {
      secretKey: z.string("must be a string").min(1, "must not be empty").optional(),
      accessKey: z
        .string("must be a string")
        .regex(/^SCW[A-Z0-9]{17}$/, "must be a Scaleway access key (SCW and 17 letters or digits)")
        .optional(),
      organizationId: Uuid.optional(),
      projectId: Uuid.optional(),
      apiUrl: HttpUrl.optional(),
      /** The legacy account API (tokens, invitations). */
      accountApiUrl: HttpUrl.optional(),
    },
    "must be an object",
  )
  .strict();

export interface ScalewayConnectionArgs {
  secretKey?: string;
  accessKey?: string;
  organizationId?: string;
  projectId?: string;
  apiUrl?: string;
  accountApiUrl?: string;
}

/** Problems that stop any call, reported by check as property-level failures. */
export function scalewayConnectionFailures(connection?: Connection<"scaleway">) {
  if (setting("scaleway", "secretKey", connection)) return [];
  return [
    {
      property: "connection.secretKey",
      reason: `no Scaleway secret key is configured; ${howToSet("scaleway", "secretKey")}`,
    },
  ];
}

export function resolveScaleway(connection?: Connection<"scaleway">): ScalewayConnection {
  const secretKey = setting("scaleway", "secretKey", connection);
  if (!secretKey) throw new Error(`No Scaleway secret key is configured; ${howToSet("scaleway", "secretKey")}`);
  return { secretKey, apiUrl: setting("scaleway", "apiUrl", connection) };
}

export function iamClient(connection?: Connection<"scaleway">) {
  return scalewayClient(resolveScaleway(connection));
}

/** The organization an entity belongs to when the user names none. */
export function defaultOrganizationId(connection?: Connection<"scaleway">): string | undefined {
  return setting("scaleway", "organizationId", connection);
}

export const scaleway: SystemAdapter = {
  name: "scaleway",
  connection: ScalewayConnectionInput,
  client: (connection) => iamClient(connection),
  failures: (connection) => scalewayConnectionFailures(connection),
};
