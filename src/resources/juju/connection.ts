import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { type JujuConnection, jujuClient } from "../../client/juju/client";
import { type Connection, howToSet, setting } from "../config";
import type { SystemAdapter } from "../description";
import { HttpUrl } from "../fields";

/** The optional per-resource `connection` input; users pass it as a secret. */
export const JujuConnectionInput = z
  .object(
    {
      url: HttpUrl.optional(),
      apiKey: z.string("must be a string").min(1, "must not be empty").optional(),
      username: z.string("must be a string").min(1, "must not be empty").optional(),
      password: z.string("must be a string").min(1, "must not be empty").optional(),
    },
    "must be an object",
  )
  .strict();

export interface JujuConnectionArgs {
  /** Base URL of the Sojobo API. */
  url?: string;
  /** Sent as the `api-key` header (Sojobo's SOJOBO_API_KEY). */
  apiKey?: string;
  /** The BasicAuth login (Sojobo's admin user). */
  username?: string;
  password?: string;
}

const REQUIRED = [
  ["url", "URL"],
  ["apiKey", "API key"],
  ["username", "username"],
  ["password", "password"],
] as const;

/** Missing settings, reported by check as property-level failures before any call. */
export function jujuConnectionFailures(connection?: Connection<"juju">): pulumi.dynamic.CheckFailure[] {
  return REQUIRED.filter(([name]) => !setting("juju", name, connection)).map(([name, what]) => ({
    property: `connection.${name}`,
    reason: `no Sojobo ${what} is configured; ${howToSet("juju", name)}`,
  }));
}

export function resolveJuju(connection?: Connection<"juju">): JujuConnection {
  const values: Partial<Record<(typeof REQUIRED)[number][0], string>> = {};
  for (const [name, what] of REQUIRED) {
    const value = setting("juju", name, connection);
    if (!value) throw new Error(`No Sojobo ${what} is configured; ${howToSet("juju", name)}`);
    values[name] = value;
  }
  return values as JujuConnection;
}

export function jujuApi(connection?: Connection<"juju">) {
  return jujuClient(resolveJuju(connection));
}

export const juju: SystemAdapter = {
  name: "juju",
  connection: JujuConnectionInput,
  client: (connection) => jujuApi(connection),
  failures: (connection) => jujuConnectionFailures(connection),
};
