import * as pulumi from "@pulumi/pulumi";
import type { HttpClient } from "../../client/http";
import { type Permission, readableName, resolvePermissions } from "../../client/numspot/permission";
import {
  type Role as ApiRole,
  changeRolePermissions,
  createRole,
  deleteRole,
  getRole,
  listRolePermissions,
  listRoles,
  updateRole,
} from "../../client/numspot/role";
import type { IamScope } from "../../client/numspot/scope";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { asSet, text } from "../fields";
import { resourceArguments } from "../resource";
import { type NumspotConnectionArgs, numspot } from "./connection";
import { checkScope, PermissionRefs, type ScopeArgs, scopeFields, scopeOf, scopeOutputs } from "./scope";

export interface RoleArgs extends ScopeArgs {
  /** 1–255 characters, unique in the scope. Changes in place (PATCH). */
  name: pulumi.Input<string>;
  /** 1–1024 characters. Changes in place (PATCH). */
  description: pulumi.Input<string>;
  /**
   * Permission UUIDs or readable names (`service/resource[/subresource]/action`, e.g.
   * `openshift/clusters/nodepools/create`), compared as a set of UUIDs; an unknown name fails before anything is
   * created. Changes in place, by adding and removing the difference in calls of at most 100.
   */
  permissions?: pulumi.Input<pulumi.Input<string>[]>;
  adopt?: pulumi.Input<boolean>;
  connection?: pulumi.Input<NumspotConnectionArgs>;
}

type Api = ApiRole & {
  organisationId: string | null;
  spaceId: string | null;
  permissions: string[];
  permissionIds: string[];
};

/** The role's permissions, each in the user's spelling when declared (name or UUID), else as a UUID. */
function spelled(remote: Permission[], declared: readonly string[] = []) {
  const wanted = new Set(declared.map((p) => p.toLowerCase()));
  return remote.map((p) => {
    const uuid = p.uuid.toLowerCase();
    if (wanted.has(uuid)) return declared.find((d) => d.toLowerCase() === uuid)!;
    return declared.includes(readableName(p)) ? readableName(p) : uuid;
  });
}

async function read(client: HttpClient, scope: IamScope, id: string, declared?: string[]): Promise<Api> {
  const [role, remote] = await Promise.all([getRole(client, scope, id), listRolePermissions(client, scope, id)]);
  return {
    ...role,
    ...scopeOutputs(scope),
    permissions: spelled(remote, declared),
    permissionIds: remote.map((p) => p.uuid.toLowerCase()),
  };
}

async function setPermissions(client: HttpClient, scope: IamScope, id: string, ids: string[]) {
  const wanted = new Set(ids);
  const current = new Set((await listRolePermissions(client, scope, id)).map((p) => p.uuid.toLowerCase()));
  await changeRolePermissions(
    client,
    scope,
    id,
    "add",
    [...wanted].filter((p) => !current.has(p)),
  );
  await changeRolePermissions(
    client,
    scope,
    id,
    "remove",
    [...current].filter((p) => !wanted.has(p)),
  );
}

export const description = {
  system: numspot,
  type: "Role",
  noun: "role",
  fields: {
    ...scopeFields,
    name: { input: text({ min: 1, max: 255 }), required: true, api: "name" },
    description: { input: text({ min: 1, max: 1024 }), required: true, api: "description" },
    permissions: { input: PermissionRefs, api: "permissions", default: [], compare: asSet },
    uuid: { api: "uuid" },
    custom: { api: "custom", fromApi: (value) => value ?? true },
    permissionIds: { api: "permissionIds" },
    createdOn: { api: "createdOn", fromApi: (value) => value ?? null },
    updatedOn: { api: "updatedOn", fromApi: (value) => value ?? null },
  },
  id: (role) => role.uuid,
  createdAt: (role) => role.createdOn,
  endpoints: {
    get: (client, id, props) => read(client, scopeOf(props), id, props.permissions),
    list: async (client, inputs) => {
      const scope = scopeOf(inputs);
      const found = await listRoles(client, scope, inputs.name);
      // The list shows no permissions: they are left out, so a look-up does not compare them (as "none" they made
      // a lost create's own role, declared with permissions, look like someone else's, and the POST was sent again).
      return found.filter((role) => role.custom !== false).map((role) => ({ ...role, ...scopeOutputs(scope) }) as Api);
    },
    create: async (client, body, inputs, recover, made) => {
      const scope = scopeOf(inputs);
      const declared: string[] = inputs.permissions ?? [];
      // Names resolve before the role exists: an unknown one creates nothing.
      const ids = await resolvePermissions(client, scope, declared);
      const role = await createRole(
        client,
        scope,
        { name: body.name, description: body.description },
        recover as () => Promise<ApiRole | undefined>,
      );
      made({ ...role, ...scopeOutputs(scope), permissions: [], permissionIds: [] });
      await changeRolePermissions(client, scope, role.uuid, "add", [...new Set(ids)]);
      return read(client, scope, role.uuid, declared);
    },
    update: async (client, id, body, olds) => {
      const scope = scopeOf(olds);
      // Names resolve before anything changes: an unknown one changes nothing.
      const ids =
        body.permissions === undefined ? undefined : await resolvePermissions(client, scope, body.permissions);
      if (body.name !== undefined || body.description !== undefined) {
        await updateRole(client, scope, id, { name: body.name, description: body.description });
      }
      if (ids !== undefined) await setPermissions(client, scope, id, ids);
      return read(client, scope, id, body.permissions ?? olds.permissions);
    },
    delete: (client, id, props) => deleteRole(client, scopeOf(props), id),
  },
  naturalKey: ["organisationId", "spaceId", "name"],
  adopt: true,
  lostCreate: "take",
  checkMore: (news, inputs) => checkScope(news, inputs),
  conflictHint: (inputs: Props) =>
    `a role named "${inputs.name}" probably exists in this scope: set adopt: true to manage it, or choose another name`,
} satisfies EntityDescription<Api>;

export const roleProvider = entityProvider(description);
const args = resourceArguments(description);

/** A custom Numspot IAM role of an organisation or a space. Its id is the role's UUID. */
export class Role extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/numspot:Role";

  declare readonly organisationId: pulumi.Output<string | null>;
  declare readonly spaceId: pulumi.Output<string | null>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  /** As declared (names or UUIDs); permissions added behind Pulumi's back appear as UUIDs. */
  declare readonly permissions: pulumi.Output<string[]>;
  declare readonly permissionIds: pulumi.Output<string[]>;
  declare readonly uuid: pulumi.Output<string>;
  declare readonly custom: pulumi.Output<boolean>;
  declare readonly createdOn: pulumi.Output<string | null>;
  declare readonly updatedOn: pulumi.Output<string | null>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, roleArgs: RoleArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, roleArgs, opts));
  }
}
