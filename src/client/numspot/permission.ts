import { z } from "zod";
import type { HttpClient } from "../http";
import { type IamScope, listAll, scopePath } from "./scope";

/** spec: RegisteredPermission (its own spelling is `subResource`; the list filter says `subresource`). */
export const PermissionSchema = z.object({
  uuid: z.string(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  service: z.string(),
  resource: z.string(),
  subResource: z.string().nullish(),
  action: z.string(),
  createdOn: z.string().nullish(),
  updatedOn: z.string().nullish(),
});
export type Permission = z.infer<typeof PermissionSchema>;

export interface PermissionFilter {
  service?: string;
  resource?: string;
  subresource?: string;
  action?: string;
}

/** ListPermissions* allows at most 50 a page. */
export const MAX_PERMISSION_PAGE_SIZE = 50;

/** Every permission matching the filters (exact matches), all pages. */
export const listPermissions = (client: HttpClient, scope: IamScope, filter: PermissionFilter = {}) =>
  listAll(client, `${scopePath(scope)}/permissions`, (item) => PermissionSchema.parse(item), MAX_PERMISSION_PAGE_SIZE, {
    ...filter,
  });

export const getPermission = async (client: HttpClient, scope: IamScope, uuid: string) =>
  PermissionSchema.parse(
    await client.request({ method: "GET", path: `${scopePath(scope)}/permissions/${encodeURIComponent(uuid)}` }),
  );

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `service/resource/action` or `service/resource/subresource/action`, each part non-empty. */
export const READABLE_PERMISSION = /^[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)?\/[A-Za-z0-9_-]+$/;

export function parseReadable(name: string): Required<Pick<PermissionFilter, "service" | "resource" | "action">> & {
  subresource?: string;
} {
  const parts = name.split("/");
  const [service, resource] = parts as [string, string];
  const action = parts[parts.length - 1]!;
  return parts.length === 4 ? { service, resource, subresource: parts[2]!, action } : { service, resource, action };
}

export const readableName = (p: Permission) =>
  [p.service, p.resource, ...(p.subResource ? [p.subResource] : []), p.action].join("/");

/**
 * UUIDs of permissions given as UUIDs or readable names. Names are resolved through one listing of the catalogue
 * (two pages today), not one call per name; an unknown name fails before anything is changed.
 */
export async function resolvePermissions(
  client: HttpClient,
  scope: IamScope,
  permissions: readonly string[],
): Promise<string[]> {
  const names = permissions.filter((p) => !UUID.test(p));
  if (names.length === 0) return permissions.map((p) => p.toLowerCase());
  const byName = new Map((await listPermissions(client, scope)).map((p) => [readableName(p), p.uuid.toLowerCase()]));
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown Numspot permission${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `"${n}"`).join(", ")}: names are service/resource[/subresource]/action as in the permission catalogue (numspot.getPermissions lists it)`,
    );
  }
  return permissions.map((p) => (UUID.test(p) ? p.toLowerCase() : byName.get(p)!));
}

/** The user's spelling of each permission id: the name or UUID they declared for it, else the UUID. */
export function spellings(declared: readonly string[] = [], resolved: readonly string[] = []): Map<string, string> {
  const map = new Map<string, string>();
  declared.forEach((value, i) => {
    if (resolved[i] !== undefined) map.set(resolved[i]!, value);
  });
  return map;
}
