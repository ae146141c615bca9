import { createHash } from "node:crypto";

/** spec: RegisteredPermission. The real catalogue is fixed by Numspot, so UUIDs are stable across sandbox starts. */
export interface PermissionRecord {
  uuid: string;
  name: string;
  description: string;
  service: string;
  resource: string;
  /** The spec's own spelling is `subResource` here and `subresource` in ACLs and in the list filter. */
  subResource?: string;
  action: string;
  createdOn: string;
  updatedOn: string;
}

// service, resource, subresource ("" for none), actions
const ENTRIES: ReadonlyArray<readonly [string, string, string, readonly string[]]> = [
  ["iam", "roles", "", ["list", "get", "create", "update", "delete"]],
  ["iam", "roles", "permissions", ["list", "add", "remove"]],
  ["iam", "serviceAccounts", "", ["list", "get", "create", "update", "delete"]],
  ["iam", "users", "", ["list", "get", "create", "update", "delete"]],
  ["iam", "policies", "", ["get", "set"]],
  ["iam", "acls", "", ["get", "set"]],
  ["organisation", "spaces", "", ["list", "get", "create", "update", "delete"]],
  ["openshift", "clusters", "", ["list", "get", "create", "update", "delete"]],
  ["openshift", "clusters", "nodepools", ["list", "create", "update", "delete"]],
  ["openshift", "operations", "", ["list", "get"]],
  ["openshift", "versions", "", ["list"]],
  ["storageblock", "volumes", "", ["list", "get", "create", "delete"]],
  ["storageblock", "snapshots", "", ["list", "get", "create", "delete"]],
  ["objectstorage", "bucket", "", ["list", "get", "create", "delete"]],
  ["objectstorage", "bucket", "object", ["get", "put", "delete"]],
  ["compute", "vms", "", ["list", "get", "create", "start", "stop", "delete"]],
  ["network", "vpcs", "", ["list", "get", "create", "delete"]],
  ["network", "securityGroups", "", ["list", "get", "create", "update", "delete"]],
  ["kubernetes", "clusters", "", ["list", "get", "create", "delete"]],
  ["postgresql", "databases", "", ["list", "get", "create", "update", "delete"]],
];

const CATALOGUED_ON = "2024-09-01T08:00:00.000Z";

/** A few dozen realistic `service/resource/subresource/action` permissions. */
export function permissionCatalogue(): PermissionRecord[] {
  const out: PermissionRecord[] = [];
  for (const [service, resource, subResource, actions] of ENTRIES) {
    for (const action of actions) {
      const name = [service, resource, subResource, action].filter((part) => part !== "").join(".");
      const permission: PermissionRecord = {
        uuid: nameUuid(name),
        name,
        description: `Allows ${action} on ${service} ${resource}${subResource ? ` ${subResource}` : ""}`,
        service,
        resource,
        action,
        createdOn: CATALOGUED_ON,
        updatedOn: CATALOGUED_ON,
      };
      if (subResource !== "") permission.subResource = subResource;
      out.push(permission);
    }
  }
  return out;
}

/** A version-5-shaped UUID from a name, so a permission keeps its UUID from one start to the next. */
function nameUuid(name: string): string {
  const hex = createHash("sha1").update(`numspot-permission:${name}`).digest("hex").slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
