import { noContent, queryValue, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { allowQuery, BodyCheck, paginate, refuse, routes } from "./common";
import { badRequest, invalidParameter } from "./errors";
import { subjectOf } from "./iam-policy-binding";
import { type AclRecord, type NumspotContext, policyKey } from "./state";

/**
 * ACLs: a subject's permission on one resource instance (spec: CreateACL*Bulk, DeleteACL*Bulk, GetACL*). Bulk calls
 * take 1–100 items; creating an ACL the subject has and deleting one it lacks change nothing. GET needs `service`
 * and `resource` and pages with the policy page rules (default 50, at most 100).
 */
export function registerAclRoutes(router: Router, context: NumspotContext): void {
  const on = routes(router);
  for (const scope of ["/iam/organisations/:organisationId", "/iam/spaces/:spaceId"]) {
    for (const [type, param] of [
      ["serviceAccounts", "serviceAccountId"],
      ["users", "userId"],
    ] as const) {
      const base = `${scope}/${type}/:${param}`;
      on.get(`${base}/acl`, (request) => listAcls(context, request, type, param));
      on.post(`${base}/bulk/acl`, (request) => changeAcls(context, request, type, param, "create"));
      on.delete(`${base}/bulk/acl`, (request) => changeAcls(context, request, type, param, "delete"));
    }
  }
}

function aclKey(context: NumspotContext, request: SandboxRequest, type: string, param: string): string {
  const subject = subjectOf(context, request, type, param);
  return policyKey(subject.scope, subject.type, subject.id);
}

const same = (a: AclRecord, b: AclRecord) =>
  a.service === b.service &&
  a.resource === b.resource &&
  (a.subresource ?? "") === (b.subresource ?? "") &&
  a.resourceId === b.resourceId &&
  a.permissionId === b.permissionId;

function listAcls(context: NumspotContext, request: SandboxRequest, type: string, param: string): Reply {
  const key = aclKey(context, request, type, param);
  allowQuery(request, "service", "resource", "subresource", "page");
  const service = queryValue(request, "service");
  const resource = queryValue(request, "resource");
  const subresource = queryValue(request, "subresource");
  const missing = [
    ...(service ? [] : [{ field: "service", description: "is required" }]),
    ...(resource ? [] : [{ field: "resource", description: "is required" }]),
  ];
  if (missing.length > 0) refuse(invalidParameter(missing, request.path));
  const matching = (context.state.acls.get(key) ?? []).filter(
    (acl) =>
      acl.service === service &&
      acl.resource === resource &&
      (subresource === undefined || acl.subresource === subresource),
  );
  return paginate(request, matching, { defaultSize: 50, maxSize: 100 }, (acl) => ({ ...acl }));
}

/** spec: ACLList. Each item's permission must exist and be a permission of the item's service and resource. */
function changeAcls(
  context: NumspotContext,
  request: SandboxRequest,
  type: string,
  param: string,
  change: "create" | "delete",
): Reply {
  const key = aclKey(context, request, type, param);
  const check = new BodyCheck(request);
  const items = check.body.items;
  const acls: AclRecord[] = [];
  if (!Array.isArray(items)) check.add("items", "is required: an array of 1 to 100 ACLs");
  else {
    if (items.length < 1 || items.length > 100) check.add("items", "must contain between 1 and 100 items");
    items.forEach((item, index) => {
      const acl = checkAcl(check, `items[${index}]`, item);
      if (acl) acls.push(acl);
    });
  }
  check.done();
  if (change === "create") {
    const wrong = acls
      .map((acl, index) => ({ acl, index, permission: context.state.permissions.get(acl.permissionId) }))
      .filter(
        ({ acl, permission }) =>
          !permission || permission.service !== acl.service || permission.resource !== acl.resource,
      )
      .map(({ acl, index, permission }) => ({
        field: `items[${index}].permissionId`,
        description: permission
          ? `permission ${acl.permissionId} is not a permission of ${acl.service}/${acl.resource}`
          : `no permission ${acl.permissionId}`,
      }));
    if (wrong.length > 0) refuse(badRequest("permission_not_found", "Permission not found", wrong, request.path));
  }
  const current = context.state.acls.get(key) ?? [];
  if (change === "create") {
    for (const acl of acls) if (!current.some((existing) => same(existing, acl))) current.push(acl);
    context.state.acls.set(key, current);
    return { status: 201 };
  }
  context.state.acls.set(
    key,
    current.filter((existing) => !acls.some((acl) => same(existing, acl))),
  );
  return noContent();
}

function checkAcl(check: BodyCheck, field: string, item: unknown): AclRecord | undefined {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    check.add(field, "must be an ACL object");
    return undefined;
  }
  const fields = item as Record<string, unknown>;
  let ok = true;
  const text = (name: string, required: boolean) => {
    const value = fields[name];
    if (value === undefined && !required) return undefined;
    if (typeof value !== "string" || value === "") {
      check.add(`${field}.${name}`, required ? "is required: a non-empty string" : "must be a non-empty string");
      ok = false;
      return undefined;
    }
    return value;
  };
  const acl = {
    service: text("service", true),
    resource: text("resource", true),
    subresource: text("subresource", false),
    resourceId: text("resourceId", true),
    permissionId: text("permissionId", true),
  };
  if (acl.permissionId !== undefined && !/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(acl.permissionId)) {
    check.add(`${field}.permissionId`, "must be a valid UUID");
    ok = false;
  }
  if (!ok) return undefined;
  const record: AclRecord = {
    service: acl.service!,
    resource: acl.resource!,
    resourceId: acl.resourceId!,
    permissionId: acl.permissionId!.toLowerCase(),
  };
  if (acl.subresource !== undefined) record.subresource = acl.subresource;
  return record;
}
