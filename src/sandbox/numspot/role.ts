import { noContent, queryValue, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { uuid } from "../ids";
import {
  allowQuery,
  BodyCheck,
  findOr404,
  now,
  paginate,
  refuse,
  requireScope,
  requireUuidParams,
  routes,
} from "./common";
import { badRequest, conflict, forbidden } from "./errors";
import { showPermission } from "./permission";
import type { NumspotContext, RoleRecord, Scope } from "./state";

/**
 * Roles of an organisation or a space. The published spec (european-20250505) has only the GETs; create, PATCH,
 * DELETE and the permission POST/DELETE follow the redoc document and DESIGN.md §2.3. Built-in roles (`custom:
 * false`) are visible in every scope of their tenant types and can be neither changed nor deleted.
 */
export function registerRoleRoutes(router: Router, context: NumspotContext): void {
  const on = routes(router);
  for (const scope of ["/iam/organisations/:organisationId", "/iam/spaces/:spaceId"]) {
    const base = `${scope}/roles`;
    on.get(base, (request) => listRoles(context, request));
    on.post(base, (request) => createRole(context, request));
    on.get(`${base}/:roleUuid`, (request) => ({ status: 200, body: showRole(roleOf(context, request).role) }));
    on.patch(`${base}/:roleUuid`, (request) => updateRole(context, request));
    on.delete(`${base}/:roleUuid`, (request) => deleteRole(context, request));
    on.get(`${base}/:roleUuid/permissions`, (request) => listRolePermissions(context, request));
    on.post(`${base}/:roleUuid/permissions`, (request) => changePermissions(context, request, "add"));
    on.delete(`${base}/:roleUuid/permissions`, (request) => changePermissions(context, request, "remove"));
  }
}

/** spec: RegisteredRole. */
export function showRole(role: RoleRecord): Record<string, unknown> {
  return {
    uuid: role.uuid,
    name: role.name,
    description: role.description,
    tenantType: [...role.tenantType],
    custom: role.custom,
    createdOn: role.createdOn,
    updatedOn: role.updatedOn,
  };
}

/** A role the scope can see and grant: its own custom roles and the built-ins of its tenant type. */
export function visibleIn(role: RoleRecord, scope: Scope): boolean {
  if (!role.custom) return role.tenantType.includes(scope.kind);
  return role.scope?.kind === scope.kind && role.scope.id === scope.id;
}

function roleOf(context: NumspotContext, request: SandboxRequest): { scope: Scope; role: RoleRecord } {
  const scope = requireScope(context, request);
  requireUuidParams(request, "roleUuid");
  const id = request.params.roleUuid!.toLowerCase();
  const role = findOr404(request, "Role", id, context.state.roles.get(id), (found) => visibleIn(found, scope));
  return { scope, role };
}

function customRoleOf(context: NumspotContext, request: SandboxRequest): { scope: Scope; role: RoleRecord } {
  const found = roleOf(context, request);
  if (!found.role.custom)
    refuse(forbidden(`Role ${found.role.uuid} is predefined and cannot be changed.`, request.path));
  return found;
}

function listRoles(context: NumspotContext, request: SandboxRequest): Reply {
  const scope = requireScope(context, request);
  allowQuery(request, "name", "page");
  const name = queryValue(request, "name");
  const roles = [...context.state.roles.values()].filter(
    (role) => visibleIn(role, scope) && (name === undefined || role.name === name),
  );
  return paginate(request, roles, { defaultSize: 20, maxSize: 50 }, showRole);
}

/** spec (redoc): Role — name and description required, both non-empty; names are unique within a scope. */
function checkRole(request: SandboxRequest, required: boolean): BodyCheck {
  const check = new BodyCheck(request);
  check.string("name", required, { min: 1, max: 255 });
  check.string("description", required, { min: 1, max: 1024 });
  check.done();
  return check;
}

function refuseDuplicate(context: NumspotContext, request: SandboxRequest, scope: Scope, name: string, self?: string) {
  const taken = [...context.state.roles.values()].some(
    (role) => role.uuid !== self && role.name === name && visibleIn(role, scope),
  );
  if (taken) refuse(conflict("duplicate_role", `A role named "${name}" already exists in this scope.`, request.path));
}

function createRole(context: NumspotContext, request: SandboxRequest): Reply {
  const scope = requireScope(context, request);
  const { body } = checkRole(request, true);
  const name = body.name as string;
  refuseDuplicate(context, request, scope, name);
  const stamp = now();
  const role: RoleRecord = {
    uuid: uuid(),
    name,
    description: body.description as string,
    tenantType: [scope.kind],
    custom: true,
    scope,
    permissionIds: [],
    createdOn: stamp,
    updatedOn: stamp,
  };
  context.state.roles.set(role.uuid, role);
  return { status: 201, body: showRole(role) };
}

function updateRole(context: NumspotContext, request: SandboxRequest): Reply {
  const { scope, role } = customRoleOf(context, request);
  const { body } = checkRole(request, false);
  if (typeof body.name === "string") {
    refuseDuplicate(context, request, scope, body.name, role.uuid);
    role.name = body.name;
  }
  if (typeof body.description === "string") role.description = body.description;
  role.updatedOn = now();
  return { status: 200, body: showRole(role) };
}

/** Deleting a role also takes it out of every policy that granted it. */
function deleteRole(context: NumspotContext, request: SandboxRequest): Reply {
  const { role } = customRoleOf(context, request);
  context.state.roles.delete(role.uuid);
  for (const policy of context.state.policies.values()) policy.roles.delete(role.uuid);
  return noContent();
}

function listRolePermissions(context: NumspotContext, request: SandboxRequest): Reply {
  const { role } = roleOf(context, request);
  allowQuery(request, "page");
  const permissions = role.permissionIds.map((id) => context.state.permissions.get(id)!).filter(Boolean);
  return paginate(request, permissions, { defaultSize: 20, maxSize: 50 }, showPermission);
}

/**
 * `{permissions: [uuid, ...]}` with 1–100 items (redoc: Add/RemoveRolePermissions). Adding a permission the role has
 * and removing one it lacks change nothing. The answer lists the role's permissions after the change.
 */
function changePermissions(context: NumspotContext, request: SandboxRequest, change: "add" | "remove"): Reply {
  const { role } = customRoleOf(context, request);
  const check = new BodyCheck(request);
  const ids = check.uuids("permissions", check.body.permissions, 1, 100);
  check.done();
  const unknown = ids
    .map((id, index) => ({ id, index }))
    .filter(({ id }) => !context.state.permissions.has(id))
    .map(({ id, index }) => ({ field: `permissions[${index}]`, description: `no permission ${id}` }));
  if (unknown.length > 0) refuse(badRequest("permission_not_found", "Permission not found", unknown, request.path));
  const current = new Set(role.permissionIds);
  for (const id of ids) {
    if (change === "add") current.add(id);
    else current.delete(id);
  }
  role.permissionIds = [...current];
  role.updatedOn = now();
  return { status: 200, body: { permissions: [...role.permissionIds] } };
}
