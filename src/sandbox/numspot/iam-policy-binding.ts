import { noContent, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { BodyCheck, findOr404, refuse, requireScope, requireUuidParams, routes } from "./common";
import { badRequest, invalidParameter } from "./errors";
import { visibleIn } from "./role";
import { serviceAccountIn } from "./service-account";
import { type NumspotContext, type PolicyRecord, policyKey, type Scope, type SubjectType } from "./state";
import { userIn } from "./user";

const SUBJECT_TYPES: readonly SubjectType[] = ["users", "serviceAccounts"];

/**
 * IAM policies: the roles and permissions granted to one user or service account in one scope (spec: GetIAMPolicy*,
 * SetIAMPolicy*). PATCH `{add, delete}` changes only what it names; the policy is created implicitly.
 */
export function registerIamPolicyRoutes(router: Router, context: NumspotContext): void {
  const on = routes(router);
  for (const scope of ["/iam/organisations/:organisationId", "/iam/spaces/:spaceId"]) {
    const path = `${scope}/iampolicy/:subjectType/:subjectId`;
    on.get(path, (request) => {
      const { policy } = subjectPolicy(context, request);
      return { status: 200, body: showPolicy(policy) };
    });
    on.patch(path, (request) => setPolicy(context, request));
  }
}

export function showPolicy(policy: PolicyRecord | undefined): Record<string, unknown> {
  return { roles: [...(policy?.roles ?? [])], permissions: [...(policy?.permissions ?? [])] };
}

/**
 * The subject named by the path in the route's scope: 400 for a subject type outside the enum or a non-UUID id,
 * 404 for a subject that is not in the scope (a space scope needs the subject assigned to the space).
 */
export function subjectOf(
  context: NumspotContext,
  request: SandboxRequest,
  subjectType: string,
  /** The path parameter holding the subject's id: subjectId, userId or serviceAccountId. */
  idParam: string,
): { scope: Scope; type: SubjectType; id: string } {
  const scope = requireScope(context, request);
  if (!(SUBJECT_TYPES as readonly string[]).includes(subjectType)) {
    refuse(invalidParameter([{ field: "subjectType", description: "must be users or serviceAccounts" }], request.path));
  }
  requireUuidParams(request, idParam);
  const id = request.params[idParam]!.toLowerCase();
  const type = subjectType as SubjectType;
  const { state } = context;
  if (type === "users") {
    findOr404(request, "User", id, state.users.get(id), (user) => userIn(scope, user));
  } else {
    findOr404(request, "Service account", id, state.serviceAccounts.get(id), (account) =>
      serviceAccountIn(scope, account),
    );
  }
  return { scope, type, id };
}

function subjectPolicy(context: NumspotContext, request: SandboxRequest) {
  const subject = subjectOf(context, request, request.params.subjectType!, "subjectId");
  const key = policyKey(subject.scope, subject.type, subject.id);
  return { ...subject, key, policy: context.state.policies.get(key) };
}

function setPolicy(context: NumspotContext, request: SandboxRequest): Reply {
  const { scope, key, policy } = subjectPolicy(context, request);
  const check = new BodyCheck(request);
  const change: Record<"add" | "delete", Record<"roles" | "permissions", string[]>> = {
    add: { roles: [], permissions: [] },
    delete: { roles: [], permissions: [] },
  };
  for (const part of ["add", "delete"] as const) {
    const value = check.body[part];
    if (value === undefined) continue;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      check.add(part, "must be an object with roles and permissions");
      continue;
    }
    const fields = value as Record<string, unknown>;
    for (const kind of ["roles", "permissions"] as const) {
      if (fields[kind] !== undefined) change[part][kind] = check.uuids(`${part}.${kind}`, fields[kind], 0, 1000);
    }
  }
  for (const kind of ["roles", "permissions"] as const) {
    const both = change.add[kind].filter((id) => change.delete[kind].includes(id));
    if (both.length > 0) check.add(`delete.${kind}`, `both adds and deletes ${both.join(", ")}`);
  }
  check.done();

  const missingRoles = change.add.roles
    .map((id, index) => ({ id, index, role: context.state.roles.get(id) }))
    .filter(({ role }) => !role || !visibleIn(role, scope))
    .map(({ id, index }) => ({ field: `add.roles[${index}]`, description: `no role ${id} in this scope` }));
  if (missingRoles.length > 0) refuse(badRequest("role_not_found", "Role not found", missingRoles, request.path));
  const missingPermissions = change.add.permissions
    .map((id, index) => ({ id, index }))
    .filter(({ id }) => !context.state.permissions.has(id))
    .map(({ id, index }) => ({ field: `add.permissions[${index}]`, description: `no permission ${id}` }));
  if (missingPermissions.length > 0) {
    refuse(badRequest("permission_not_found", "Permission not found", missingPermissions, request.path));
  }

  const next: PolicyRecord = policy ?? { roles: new Set(), permissions: new Set() };
  for (const kind of ["roles", "permissions"] as const) {
    for (const id of change.delete[kind]) next[kind].delete(id);
    for (const id of change.add[kind]) next[kind].add(id);
  }
  context.state.policies.set(key, next);
  return noContent();
}

/** Drops a deleted (or unassigned) subject's policies and ACLs: everywhere, or only in one space. */
export function forgetSubject(context: NumspotContext, type: SubjectType, id: string, spaceId?: string): void {
  const matches = (key: string) =>
    key.endsWith(`:${type}:${id}`) && (spaceId === undefined || key.startsWith(`space:${spaceId}:`));
  for (const key of [...context.state.policies.keys()]) if (matches(key)) context.state.policies.delete(key);
  for (const key of [...context.state.acls.keys()]) if (matches(key)) context.state.acls.delete(key);
}
