import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { NUMSPOT_REGIONS, type NumspotConnection, numspotClient } from "../../client/numspot/client";
import { type Connection, howToSet, setting } from "../config";
import type { SystemAdapter } from "../description";
import { HttpUrl, Uuid } from "../fields";

/** The optional per-resource `connection` input; users pass it as a secret. */
export const NumspotConnectionInput = z
  .object(
    {
      clientId: z.string().min(1, "must not be empty").optional(),
      clientSecret: z.string().min(1, "must not be empty").optional(),
      host: HttpUrl.optional(),
      region: z.enum(NUMSPOT_REGIONS, `must be one of ${NUMSPOT_REGIONS.join(", ")}`).optional(),
      organisationId: Uuid.optional(),
    },
    "must be an object",
  )
  .strict();

export interface NumspotConnectionArgs {
  clientId?: string;
  clientSecret?: string;
  /** Base URL, e.g. https://api.cloudgouv-eu-west-1.numspot.com or a sandbox URL. */
  host?: string;
  /** eu-west-2 (default) or cloudgouv-eu-west-1; used when no host is given. */
  region?: string;
  organisationId?: string;
}

const CREDENTIALS = ["clientId", "clientSecret"] as const;

/** Missing credentials, reported by check as property-level failures before any call. */
export function numspotConnectionFailures(connection?: Connection<"numspot">): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const name of CREDENTIALS) {
    if (setting("numspot", name, connection)) continue;
    const what = name === "clientId" ? "client id" : "client secret";
    failures.push({
      property: `connection.${name}`,
      reason: `no Numspot ${what} is configured; ${howToSet("numspot", name)}`,
    });
  }
  const region = setting("numspot", "region", connection);
  if (region && !setting("numspot", "host", connection) && !(NUMSPOT_REGIONS as readonly string[]).includes(region)) {
    failures.push({
      property: "connection.region",
      reason: `unknown Numspot region "${region}"; use one of ${NUMSPOT_REGIONS.join(", ")} or set a host`,
    });
  }
  return failures;
}

export function resolveNumspot(connection?: Connection<"numspot">): NumspotConnection {
  const clientId = setting("numspot", "clientId", connection);
  const clientSecret = setting("numspot", "clientSecret", connection);
  if (!clientId) throw new Error(`No Numspot client id is configured; ${howToSet("numspot", "clientId")}`);
  if (!clientSecret) throw new Error(`No Numspot client secret is configured; ${howToSet("numspot", "clientSecret")}`);
  return {
    clientId,
    clientSecret,
    host: setting("numspot", "host", connection),
    region: setting("numspot", "region", connection),
  };
}

export function numspotApi(connection?: Connection<"numspot">) {
  return numspotClient(resolveNumspot(connection));
}

/** The organisation an entity belongs to when the user names none. */
export function defaultOrganisationId(connection?: Connection<"numspot">): string | undefined {
  return setting("numspot", "organisationId", connection);
}

export const numspot: SystemAdapter = {
  name: "numspot",
  connection: NumspotConnectionInput,
  client: (connection) => numspotApi(connection),
  failures: (connection) => numspotConnectionFailures(connection),
};
