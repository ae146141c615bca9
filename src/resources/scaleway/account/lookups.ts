import type { HttpClient } from "../../../client/http";
import {
  accountClient,
  getTokenPermissions as fetchPermissions,
  getLegacyUser,
  listOrganizations,
} from "../../../client/scaleway/account";
import type { Connection } from "../../config";
import { type LookupOptions, programSetting } from "../lookups";

function client(options?: LookupOptions): HttpClient {
  const connection = options?.connection as Connection<"scaleway"> | undefined;
  return accountClient({
    apiUrl: programSetting("accountApiUrl", connection),
    secretKey: programSetting("secretKey", connection),
  });
}

/** The organizations the configured credentials (or `token`) can see. */
export async function getOrganizations(args: { token?: string } = {}, options?: LookupOptions) {
  const organizations = await listOrganizations(
    client(options),
    args.token ? { "X-Auth-Token": args.token } : undefined,
  );
  if (organizations.length === 0) throw new Error("the account API lists no organization for these credentials");
  return organizations;
}

/** What a legacy token may do: service → resource pattern → organizations or users covered. */
export function getTokenPermissions(args: { token: string }, options?: LookupOptions) {
  return fetchPermissions(client(options), args.token);
}

/** A user as the legacy account API shows it (with its organizations and roles). */
export function getUser(args: { id: string }, options?: LookupOptions) {
  return getLegacyUser(client(options), args.id);
}
