/** Steps the FIWARE entities share: secret inputs the store never shows, stack-only destroys, limit currencies. */
import * as pulumi from "@pulumi/pulumi";
import { ApiError, UnauthorizedError } from "../../client/errors";
import { listCurrencies } from "../../client/fiware/currency";
import type { HttpClient } from "../../client/http";
import type { Props } from "../description";

/**
 * Inputs the store takes but never shows again (marketplace credentials, a card number): secret as inputs and as
 * outputs. The outputs keep the declared value (the store cannot tell it), so the state holds it encrypted only.
 */
export function withSecretInputs<A extends object>(
  args: A,
  opts: pulumi.CustomResourceOptions | undefined,
  names: readonly string[],
): [A, pulumi.CustomResourceOptions] {
  const given = { ...args } as Record<string, unknown>;
  for (const name of names) if (given[name] !== undefined) given[name] = pulumi.secret(given[name]);
  return [given as A, pulumi.mergeOptions(opts, { additionalSecretOutputs: [...names] })];
}

/**
 * The store has no way to delete units, organizations or user profiles: destroy forgets the object and says so in one
 * line (the engine shows what a dynamic provider writes to stderr).
 */
export function forgetOnly(kind: string, what: string): Promise<void> {
  console.error(
    `${kind} ${what}: the FIWARE Store has no API to delete it; it stays on the server and is only removed from the stack`,
  );
  return Promise.resolve();
}

/** Limits name one of the store's currencies: an unknown one is refused here, before a 400 (or a 500 on PUT). */
export async function checkLimitsCurrency(client: HttpClient, limits: Props | undefined): Promise<void> {
  if (!limits || typeof limits.currency !== "string") return;
  const currencies = (await listCurrencies(client)).map((entry) => entry.currency);
  if (currencies.some((currency) => currency.toLowerCase() === limits.currency.toLowerCase())) return;
  const known = currencies.length > 0 ? currencies.join(", ") : "none yet";
  throw new Error(
    `limits.currency "${limits.currency}" is not one of the store's currencies (${known}); register it with a fiware.Currency first`,
  );
}

/**
 * WStore registers an RSS (or itself in a marketplace) by calling that remote system inside the request; when the
 * remote refuses (401) or fails (502), WStore undoes its change. Says so plainly; anything else passes unchanged.
 */
export function remoteFailure(error: unknown, remote: string, host: string): unknown {
  if (!(error instanceof ApiError)) return error;
  const refused = error instanceof UnauthorizedError && !/authentication required/i.test(error.message);
  if (!refused && error.status !== 502) return error;
  const what = refused
    ? `refused the store's credentials (401: ${error.message})`
    : `failed while the store called it (502: ${error.message})`;
  return new Error(
    `the remote ${remote} at ${host} ${what}; the FIWARE Store undid its change and Pulumi recorded nothing new: fix the ${remote} and run again`,
  );
}
