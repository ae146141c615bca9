import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { fiwareClient } from "../../client/fiware/client";
import { type Connection, howToSet, setting } from "../config";
import type { SystemAdapter } from "../description";
import { HttpUrl } from "../fields";

/** The optional per-resource `connection` input; users pass it as a secret. */
export const FiwareConnectionInput = z
  .object(
    {
      url: HttpUrl.optional(),
      token: z.string("must be a string").min(1, "must not be empty").optional(),
    },
    "must be an object",
  )
  .strict();

export interface FiwareConnectionArgs {
  /** The store's base URL, e.g. https://store.example.com (routes are under /api/administration). */
  url?: string;
  /** An OAuth2 bearer token of a WStore user (staff for RSS, marketplaces, repositories, units and currencies). */
  token?: string;
}

const SETTINGS_NEEDED = [
  ["url", "store URL"],
  ["token", "bearer token"],
] as const;

/** Missing settings, reported by check as property-level failures before any call. */
export function fiwareConnectionFailures(connection?: Connection<"fiware">): pulumi.dynamic.CheckFailure[] {
  return SETTINGS_NEEDED.filter(([name]) => !setting("fiware", name, connection)).map(([name, what]) => ({
    property: `connection.${name}`,
    reason: `no FIWARE Store ${what} is configured; ${howToSet("fiware", name)}`,
  }));
}

export function fiwareApi(connection?: Connection<"fiware">) {
  const url = setting("fiware", "url", connection);
  const token = setting("fiware", "token", connection);
  if (!url) throw new Error(`No FIWARE Store URL is configured; ${howToSet("fiware", "url")}`);
  if (!token) throw new Error(`No FIWARE Store token is configured; ${howToSet("fiware", "token")}`);
  return fiwareClient({ url, token });
}

export const fiware: SystemAdapter = {
  name: "fiware",
  connection: FiwareConnectionInput,
  client: (connection) => fiwareApi(connection),
  failures: (connection) => fiwareConnectionFailures(connection),
};
