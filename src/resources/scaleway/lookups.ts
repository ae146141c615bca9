/**
 * Typed look-ups for Pulumi programs: read-only, every page walked, and a clear error on zero or several matches.
 * Credentials come from the `connection` argument, then stack config (`scaleway:*`), then the environment.
 */
import * as pulumi from "@pulumi/pulumi";
import type { HttpClient } from "../../client/http";
import { type ApiKey, getApiKey as fetchApiKey } from "../../client/scaleway/api-key";
import { type Application, listApplications } from "../../client/scaleway/application";
import { scalewayClient } from "../../client/scaleway/client";
import { type Group, listGroups } from "../../client/scaleway/group";
import { listPermissionSets, type PermissionSet } from "../../client/scaleway/permission-set";
import { listPolicies, listRules, type Policy, type Rule } from "../../client/scaleway/policy";
import { listSshKeys, type SshKey } from "../../client/scaleway/ssh-key";
import { listUsers, type User } from "../../client/scaleway/user";
import { type Connection, howToSet, SETTINGS, type SettingName } from "../config";
import type { ScalewayConnectionArgs } from "./connection";

export interface LookupOptions {
  connection?: ScalewayConnectionArgs;
}

/** A setting for a program: the argument, then stack config as the program sees it, then the environment. */
export function programSetting(name: SettingName<"scaleway">, connection?: Connection<"scaleway">): string | undefined {
  const given = connection?.[name];
  if (given) return given;
  const spec = SETTINGS.scaleway[name];
  const configured = pulumi.runtime.getConfig(spec.config);
  if (configured) return configured;
  for (const variable of spec.env) if (process.env[variable]) return process.env[variable];
  return undefined;
}

export function lookupClient(options?: LookupOptions): HttpClient {
  const connection = options?.connection as Connection<"scaleway"> | undefined;
  const secretKey = programSetting("secretKey", connection);
  if (!secretKey) throw new Error(`no Scaleway secret key is configured; ${howToSet("scaleway", "secretKey")}`);
  return scalewayClient({ secretKey, apiUrl: programSetting("apiUrl", connection) });
}

function organizationOf(given: string | undefined, options?: LookupOptions): string {
  const id = given ?? programSetting("organizationId", options?.connection as Connection<"scaleway">);
  if (!id) throw new Error(`no organization given; pass organizationId, or ${howToSet("scaleway", "organizationId")}`);
  return id;
}

/** The one item of `found`, or an error saying how many matched and which. */
export function exactlyOneMatch<T extends { id?: string; access_key?: string }>(found: T[], what: string): T {
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new Error(`no ${what}`);
  const ids = found.map((item) => item.id ?? item.access_key).join(", ");
  throw new Error(`${found.length} matches for ${what} (${ids}); a look-up needs exactly one`);
}

export async function getPermissionSets(
  args: { organizationId?: string } = {},
  options?: LookupOptions,
): Promise<PermissionSet[]> {
  return listPermissionSets(lookupClient(options), organizationOf(args.organizationId, options));
}

export async function getUser(
  args: { email: string; organizationId?: string },
  options?: LookupOptions,
): Promise<User> {
  const organizationId = organizationOf(args.organizationId, options);
  const users = await listUsers(lookupClient(options), { organization_id: organizationId });
  return exactlyOneMatch(
    users.filter((user) => user.email.toLowerCase() === args.email.toLowerCase()),
    `user with email ${JSON.stringify(args.email)} in organization ${organizationId}`,
  );
}

/** The API's name filters match substrings: the match here is exact. */
async function byName<T extends { name: string; id: string }>(
  list: (client: HttpClient, organizationId: string) => Promise<T[]>,
  noun: string,
  args: { name: string; organizationId?: string },
  options?: LookupOptions,
): Promise<T> {
  const organizationId = organizationOf(args.organizationId, options);
  const found = (await list(lookupClient(options), organizationId)).filter((item) => item.name === args.name);
  return exactlyOneMatch(found, `${noun} named ${JSON.stringify(args.name)} in organization ${organizationId}`);
}

export function getApplication(args: { name: string; organizationId?: string }, options?: LookupOptions) {
  return byName<Application>(
    (client, organization_id) => listApplications(client, { organization_id, name: args.name }),
    "application",
    args,
    options,
  );
}

export function getGroup(args: { name: string; organizationId?: string }, options?: LookupOptions) {
  return byName<Group>(
    (client, organization_id) => listGroups(client, { organization_id, name: args.name }),
    "group",
    args,
    options,
  );
}

export async function getPolicy(
  args: { name: string; organizationId?: string },
  options?: LookupOptions,
): Promise<Policy & { rules: Rule[] }> {
  const policy = await byName<Policy>(
    (client, organization_id) => listPolicies(client, { organization_id, policy_name: args.name }),
    "policy",
    args,
    options,
  );
  return { ...policy, rules: await listRules(lookupClient(options), policy.id) };
}

export function getSshKey(args: { name: string; organizationId?: string }, options?: LookupOptions) {
  return byName<SshKey>(
    (client, organization_id) => listSshKeys(client, { organization_id, name: args.name }),
    "SSH key",
    args,
    options,
  );
}

/** The key without its secret (the API shows it only at creation). */
export function getApiKey(args: { accessKey: string }, options?: LookupOptions): Promise<ApiKey> {
  return fetchApiKey(lookupClient(options), args.accessKey);
}
