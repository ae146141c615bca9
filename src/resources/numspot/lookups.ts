import { listClusters } from "../../client/numspot/openshift-cluster";
import { listPermissions, type Permission, type PermissionFilter } from "../../client/numspot/permission";
import { listRoles, type Role } from "../../client/numspot/role";
import { listSpaces, type Space } from "../../client/numspot/space";
import type { Connection } from "../config";
import { defaultOrganisationId, type NumspotConnectionArgs, numspotApi } from "./connection";
import { scopeOf } from "./scope";

/**
 * Typed look-ups (plain async functions; wrap them in `pulumi.output(...)` to use outputs as arguments). Each reads
 * every page and fails clearly on zero or several matches.
 */

export interface LookupScope {
  /** Default: `numspot:organisationId` / `NUMSPOT_ORGANISATION_ID` when no spaceId is given. */
  organisationId?: string;
  spaceId?: string;
  connection?: NumspotConnectionArgs;
}

const client = (args: LookupScope) => numspotApi(args.connection as Connection<"numspot">);

function exactlyOne<T>(found: T[], what: string, describe: (item: T) => string): T {
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new Error(`numspot: no ${what}`);
  throw new Error(`numspot: ${found.length} matches for ${what} (${found.map(describe).join(", ")}); be more specific`);
}

/**
 * Every permission of the catalogue matching the filter (exact matches). Without `subresource`, only permissions
 * with no subresource are kept: the API's filter would otherwise match every subresource too.
 */
export async function getPermissions(args: PermissionFilter & LookupScope = {}): Promise<Permission[]> {
  const { service, resource, subresource, action } = args;
  const found = await listPermissions(client(args), scopeOf(args), { service, resource, subresource, action });
  return subresource === undefined && (service || resource || action) ? found.filter((p) => !p.subResource) : found;
}

/** The one permission `service/resource[/subresource]/action`. */
export async function getPermission(
  args: { service: string; resource: string; subresource?: string; action: string } & LookupScope,
): Promise<Permission> {
  const name = [args.service, args.resource, args.subresource, args.action].filter(Boolean).join("/");
  return exactlyOne(await getPermissions(args), `permission ${name}`, (p) => p.uuid);
}

/** The role named `name` in the scope (custom or built-in). */
export async function getRole(args: { name: string } & LookupScope): Promise<Role> {
  const scope = scopeOf(args);
  const found = (await listRoles(client(args), scope, args.name)).filter((role) => role.name === args.name);
  return exactlyOne(found, `role named "${args.name}" in ${scope.kind} ${scope.id}`, (r) => r.uuid);
}

/** The OpenShift versions offered in a space. */
export async function getOpenShiftVersions(args: { spaceId: string; connection?: NumspotConnectionArgs }) {
  const body = (await client(args).request({
    method: "GET",
    path: `/openshift/spaces/${encodeURIComponent(args.spaceId)}/versions`,
  })) as { items?: Array<{ version: string; name?: string }> };
  const versions = (body?.items ?? []).map((item) => item.version);
  return { versions, latest: [...versions].sort(compareVersions).at(-1) ?? null };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The space named `name` in the organisation. */
export async function getSpace(args: {
  name: string;
  organisationId?: string;
  connection?: NumspotConnectionArgs;
}): Promise<Space> {
  const organisationId = args.organisationId ?? defaultOrganisationId(args.connection as Connection<"numspot">);
  if (!organisationId) throw new Error("numspot.getSpace: no organisationId, and no numspot:organisationId configured");
  const found = (await listSpaces(client(args), organisationId)).filter((space) => space.name === args.name);
  return exactlyOne(found, `space named "${args.name}" in organisation ${organisationId}`, (s) => s.id);
}

/** The cluster named `name` in a space (for ACL entries on it). */
export async function getOpenShiftCluster(args: { spaceId: string; name: string; connection?: NumspotConnectionArgs }) {
  const found = (await listClusters(client(args), args.spaceId)).filter((c) => c.name === args.name);
  return exactlyOne(found, `OpenShift cluster named "${args.name}" in space ${args.spaceId}`, (c) => c.id);
}
