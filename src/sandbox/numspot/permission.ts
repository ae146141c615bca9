import { queryValue, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import type { PermissionRecord } from "./catalogue";
import { allowQuery, findOr404, paginate, requireScope, requireUuidParams, routes } from "./common";
import type { NumspotContext } from "./state";

/** The permission catalogue (spec: ListPermissions*, GetPermission*): the same fixed list in every scope. */
export function registerPermissionRoutes(router: Router, context: NumspotContext): void {
  const on = routes(router);
  for (const scope of ["/iam/organisations/:organisationId", "/iam/spaces/:spaceId"]) {
    on.get(`${scope}/permissions`, (request) => listPermissions(context, request));
    on.get(`${scope}/permissions/:permissionUuid`, (request) => {
      requireScope(context, request);
      return { status: 200, body: showPermission(permissionOf(context, request, request.params.permissionUuid!)) };
    });
  }
}

export function showPermission(permission: PermissionRecord): Record<string, unknown> {
  return { ...permission };
}

export function permissionOf(context: NumspotContext, request: SandboxRequest, id: string): PermissionRecord {
  requireUuidParams(request, "permissionUuid");
  return findOr404(request, "Permission", id, context.state.permissions.get(id.toLowerCase()));
}

/** Filters are exact matches; `subresource` (the query's spelling) filters on the permission's `subResource`. */
function listPermissions(context: NumspotContext, request: SandboxRequest): Reply {
  requireScope(context, request);
  allowQuery(request, "service", "resource", "subresource", "action", "page");
  const filters = {
    service: queryValue(request, "service"),
    resource: queryValue(request, "resource"),
    subResource: queryValue(request, "subresource"),
    action: queryValue(request, "action"),
  };
  const matching = [...context.state.permissions.values()].filter((permission) =>
    Object.entries(filters).every(
      ([key, wanted]) => wanted === undefined || permission[key as keyof typeof filters] === wanted,
    ),
  );
  return paginate(request, matching, { defaultSize: 20, maxSize: 50 }, showPermission);
}
