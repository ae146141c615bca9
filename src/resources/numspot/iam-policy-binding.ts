import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { getPolicy, type PolicyChange, patchPolicy } from "../../client/numspot/iam-policy-binding";
import { resolvePermissions } from "../../client/numspot/permission";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { asSet, Uuid } from "../fields";
import { resourceArguments } from "../resource";
import { type NumspotConnectionArgs, numspot } from "./connection";
import { PermissionRefs, scopeFields, scopeOutputs } from "./scope";
import {
  checkSubject,
  parseSubjectPath,
  type Subject,
  type SubjectArgs,
  subjectFields,
  subjectOf,
  subjectPath,
} from "./subject";

export interface IamPolicyBindingArgs extends SubjectArgs {
  /** Role UUIDs to grant (a set). */
  roles?: pulumi.Input<pulumi.Input<string>[]>;
  /** Permission UUIDs or readable names (`service/resource[/subresource]/action`) to grant (a set). */
  permissions?: pulumi.Input<pulumi.Input<string>[]>;
  connection?: pulumi.Input<NumspotConnectionArgs>;
}

interface Api {
  path: string;
  organisationId: string | null;
  spaceId: string | null;
  userId: string | null;
  serviceAccountId: string | null;
  roles: string[];
  permissions: string[];
  permissionIds: string[];
  addedRoles: string[];
  addedPermissionIds: string[];
}

const lower = (values: readonly string[] = []) => values.map((v) => v.toLowerCase());
const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));
const unique = (values: readonly string[]) => [...new Set(values)];

/**
 * What the binding shows: only its declared grants still present remotely. Grants made by others never appear (no
 * drift from them); a declared grant removed behind its back is missing, so the next up restores it.
 */
function view(
  subject: Subject,
  props: Props,
  remote: { roles: string[]; permissions: string[] },
  over: Partial<Api> = {},
): Api {
  const roles: string[] = over.roles ?? props.roles ?? [];
  const permissions: string[] = over.permissions ?? props.permissions ?? [];
  const ids: string[] = over.permissionIds ?? props.permissionIds ?? [];
  const kept = permissions.map((_, i) => i).filter((i) => ids[i] !== undefined && remote.permissions.includes(ids[i]!));
  return {
    path: subjectPath(subject),
    ...scopeOutputs(subject.scope),
    userId: subject.type === "users" ? subject.id : null,
    serviceAccountId: subject.type === "serviceAccounts" ? subject.id : null,
    roles: roles.filter((role) => remote.roles.includes(role.toLowerCase())),
    permissions: kept.map((i) => permissions[i]!),
    permissionIds: kept.map((i) => ids[i]!),
    addedRoles: over.addedRoles ?? props.addedRoles ?? [],
    addedPermissionIds: over.addedPermissionIds ?? props.addedPermissionIds ?? [],
  };
}

const isEmpty = (change: PolicyChange) =>
  [change.add, change.delete].every((part) => !part || [part.roles, part.permissions].every((l) => !l?.length));

export const description = {
  system: numspot,
  type: "IamPolicyBinding",
  noun: "IAM policy binding",
  fields: {
    ...scopeFields,
    ...subjectFields,
    roles: { input: z.array(Uuid, "must be a list of role UUIDs"), api: "roles", default: [], compare: asSet },
    permissions: { input: PermissionRefs, api: "permissions", default: [], compare: asSet },
    permissionIds: { api: "permissionIds" },
    addedRoles: { api: "addedRoles" },
    addedPermissionIds: { api: "addedPermissionIds" },
  },
  id: (binding) => binding.path,
  createdAt: () => null,
  endpoints: {
    get: async (client, id, props) => {
      const subject = parseSubjectPath(id);
      return view(subject, props, await getPolicy(client, subject.scope, subject.type, subject.id));
    },
    create: async (client, _body, inputs) => {
      const subject = subjectOf(inputs);
      const { scope, type, id } = subject;
      const declaredRoles = lower(inputs.roles);
      const ids = await resolvePermissions(client, scope, inputs.permissions ?? []);
      const remote = await getPolicy(client, scope, type, id);
      const add = {
        roles: unique(minus(declaredRoles, remote.roles)),
        permissions: unique(minus(ids, remote.permissions)),
      };
      if (!isEmpty({ add })) await patchPolicy(client, scope, type, id, { add });
      const after = {
        roles: unique([...remote.roles, ...add.roles]),
        permissions: unique([...remote.permissions, ...add.permissions]),
      };
      return view(subject, inputs, after, {
        permissionIds: ids,
        addedRoles: add.roles,
        addedPermissionIds: add.permissions,
      });
    },
    update: async (client, path, body, olds) => {
      const subject = parseSubjectPath(path);
      const { scope, type, id } = subject;
      const roles: string[] = body.roles ?? olds.roles ?? [];
      const permissions: string[] = body.permissions ?? olds.permissions ?? [];
      const ids = await resolvePermissions(client, scope, permissions);
      const remote = await getPolicy(client, scope, type, id);
      const addedRoles: string[] = olds.addedRoles ?? [];
      const addedIds: string[] = olds.addedPermissionIds ?? [];
      const change = {
        add: { roles: unique(minus(lower(roles), remote.roles)), permissions: unique(minus(ids, remote.permissions)) },
        // Only what this binding added, and no longer declares, is removed.
        delete: {
          roles: minus(addedRoles, lower(roles)).filter((r) => remote.roles.includes(r)),
          permissions: minus(addedIds, ids).filter((p) => remote.permissions.includes(p)),
        },
      };
      if (!isEmpty(change)) await patchPolicy(client, scope, type, id, change);
      const after = {
        roles: minus(unique([...remote.roles, ...change.add.roles]), change.delete.roles),
        permissions: minus(unique([...remote.permissions, ...change.add.permissions]), change.delete.permissions),
      };
      return view(subject, olds, after, {
        roles,
        permissions,
        permissionIds: ids,
        addedRoles: unique([...addedRoles.filter((r) => lower(roles).includes(r)), ...change.add.roles]),
        addedPermissionIds: unique([...addedIds.filter((p) => ids.includes(p)), ...change.add.permissions]),
      });
    },
    delete: async (client, path, props) => {
      const { scope, type, id } = parseSubjectPath(path);
      const remote = await getPolicy(client, scope, type, id);
      const change = {
        delete: {
          roles: (props.addedRoles ?? []).filter((r: string) => remote.roles.includes(r)),
          permissions: (props.addedPermissionIds ?? []).filter((p: string) => remote.permissions.includes(p)),
        },
      };
      if (!isEmpty(change)) await patchPolicy(client, scope, type, id, change);
    },
  },
  naturalKey: ["organisationId", "spaceId", "userId", "serviceAccountId"],
  adopt: {
    refused:
      "a binding owns only the grants it declares and never removes grants it did not add, so there is nothing to adopt: declare the grants and run up",
  },
  lostCreate: "take",
  checkMore: (news, inputs) => checkSubject(news, inputs),
} satisfies EntityDescription<Api>;

export const iamPolicyBindingProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * Grants roles and permissions to one user or service account in an organisation or a space. It owns only what it
 * declares: it adds what is missing, and on change or delete removes only grants it added itself; grants made by
 * others are never touched nor reported. Its id is `{organisations|spaces}/{id}/{users|serviceAccounts}/{id}`.
 */
export class IamPolicyBinding extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/numspot:IamPolicyBinding";

  declare readonly organisationId: pulumi.Output<string | null>;
  declare readonly spaceId: pulumi.Output<string | null>;
  declare readonly userId: pulumi.Output<string | null>;
  declare readonly serviceAccountId: pulumi.Output<string | null>;
  declare readonly roles: pulumi.Output<string[]>;
  declare readonly permissions: pulumi.Output<string[]>;
  declare readonly permissionIds: pulumi.Output<string[]>;
  /** The grants this binding added (and alone will remove). */
  declare readonly addedRoles: pulumi.Output<string[]>;
  declare readonly addedPermissionIds: pulumi.Output<string[]>;

  constructor(name: string, bindingArgs: IamPolicyBindingArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, bindingArgs, opts));
  }
}
