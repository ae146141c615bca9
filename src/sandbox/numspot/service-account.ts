import { randomBytes } from "node:crypto";
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
  requireOrganisation,
  requireScope,
  requireUuidParams,
  routes,
} from "./common";
import { conflict, invalidParameter } from "./errors";
import { forgetSubject } from "./iam-policy-binding";
import type { NumspotContext, Scope, ServiceAccountRecord } from "./state";

/** ISO 8601 durations as `format: duration` means them (RFC 3339 appendix A). */
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/**
 * Service accounts of an organisation, assigned to spaces. The secret is in the create answer only and is never kept.
 * A space-scoped DELETE deletes an account created in that space and unassigns any other (the spec names it
 * "Delete" for both scopes but has no other way to unassign an account from a space).
 */
export function registerServiceAccountRoutes(router: Router, context: NumspotContext): void {
  const on = routes(router);
  for (const scope of ["/iam/organisations/:organisationId", "/iam/spaces/:spaceId"]) {
    const base = `${scope}/serviceAccounts`;
    on.post(base, (request) => createServiceAccount(context, request, requireScope(context, request)));
    on.get(base, (request) => listServiceAccounts(context, request));
    on.get(`${scope}/match/serviceAccounts`, (request) => matchServiceAccounts(context, request));
    on.get(`${base}/:serviceAccountId`, (request) => ({
      status: 200,
      body: showServiceAccount(serviceAccountOf(context, request).account),
    }));
    on.put(`${base}/:serviceAccountId`, (request) => updateServiceAccount(context, request));
    on.delete(`${base}/:serviceAccountId`, (request) => deleteServiceAccount(context, request));
  }
  on.post("/iam/spaces/:spaceId/serviceAccounts/:serviceAccountId", (request) => assign(context, request));
  on.get("/iam/organisations/:organisationId/serviceAccounts/:serviceAccountId/spaces", (request) => {
    const { account } = serviceAccountOf(context, request);
    allowQuery(request, "page");
    return paginate(request, [...account.spaceIds], { defaultSize: 20, maxSize: 50 }, (id) => ({ id }));
  });
  on.post("/iam/admin/organisations/:organisationId/spaces/:spaceId/serviceAccounts", (request) => {
    const organisationId = requireOrganisation(context, request);
    const scope = requireScope(context, { ...request, params: { spaceId: request.params.spaceId! } });
    if (scope.organisationId !== organisationId) {
      refuse(invalidParameter([{ field: "spaceId", description: "is not a space of the organisation" }], request.path));
    }
    return createServiceAccount(context, request, scope, true);
  });
}

/** spec: ServiceAccountEdited. */
export function showServiceAccount(account: ServiceAccountRecord): Record<string, unknown> {
  return { id: account.id, name: account.name, tokenDuration: account.tokenDuration };
}

/** An account of the scope's organisation; in a space scope it must also be assigned to the space. */
export function serviceAccountIn(scope: Scope, account: ServiceAccountRecord): boolean {
  if (account.organisationId !== scope.organisationId) return false;
  return scope.kind === "organisation" || account.spaceIds.has(scope.id);
}

function serviceAccountOf(context: NumspotContext, request: SandboxRequest) {
  const scope = requireScope(context, request);
  requireUuidParams(request, "serviceAccountId");
  const id = request.params.serviceAccountId!.toLowerCase();
  const account = findOr404(request, "Service account", id, context.state.serviceAccounts.get(id), (found) =>
    serviceAccountIn(scope, found),
  );
  return { scope, account };
}

function checkServiceAccount(request: SandboxRequest): { name: string; tokenDuration: string } {
  const check = new BodyCheck(request);
  const name = check.string("name", true, { min: 1, max: 255 });
  const tokenDuration = check.string("tokenDuration", false, {
    pattern: DURATION,
    patternName: "an ISO 8601 duration",
  });
  check.done();
  return { name: name!, tokenDuration: tokenDuration ?? "PT24H" };
}

function refuseDuplicate(
  context: NumspotContext,
  request: SandboxRequest,
  organisationId: string,
  name: string,
  self?: string,
) {
  const taken = [...context.state.serviceAccounts.values()].some(
    (account) => account.id !== self && account.organisationId === organisationId && account.name === name,
  );
  if (taken) refuse(conflict("duplicate_resource", `A service account named "${name}" already exists.`, request.path));
}

function createServiceAccount(context: NumspotContext, request: SandboxRequest, scope: Scope, admin = false): Reply {
  const fields = checkServiceAccount(request);
  refuseDuplicate(context, request, scope.organisationId, fields.name);
  const account: ServiceAccountRecord = {
    id: uuid(),
    organisationId: scope.organisationId,
    name: fields.name,
    tokenDuration: fields.tokenDuration,
    spaceIds: new Set(scope.kind === "space" ? [scope.id] : []),
    homeSpaceId: scope.kind === "space" ? scope.id : undefined,
    createdOn: now(),
  };
  context.state.serviceAccounts.set(account.id, account);
  if (admin) {
    const key = `space:${scope.id}:serviceAccounts:${account.id}`;
    context.state.policies.set(key, {
      roles: new Set(["6f1a0c1e-5b1f-4d0e-9a51-0d6b1c000002"]),
      permissions: new Set(),
    });
  }
  const secret = randomBytes(24).toString("base64url");
  return { status: 201, body: { ...showServiceAccount(account), secret } };
}

function listServiceAccounts(context: NumspotContext, request: SandboxRequest): Reply {
  const scope = requireScope(context, request);
  allowQuery(request, "page");
  const accounts = [...context.state.serviceAccounts.values()].filter((account) => serviceAccountIn(scope, account));
  return paginate(request, accounts, { defaultSize: 20, maxSize: 50 }, showServiceAccount);
}

/** Exact name match (spec: MatchServiceAccount*, which requires `serviceAccountName`). */
function matchServiceAccounts(context: NumspotContext, request: SandboxRequest): Reply {
  const scope = requireScope(context, request);
  allowQuery(request, "serviceAccountName");
  const name = queryValue(request, "serviceAccountName");
  if (name === undefined || name === "") {
    refuse(invalidParameter([{ field: "serviceAccountName", description: "is required" }], request.path));
  }
  const accounts = [...context.state.serviceAccounts.values()].filter(
    (account) => serviceAccountIn(scope, account) && account.name === name,
  );
  return paginate(request, accounts, { defaultSize: 20, maxSize: 50 }, showServiceAccount);
}

/** PUT replaces: an omitted tokenDuration is the spec's default, PT24H. */
function updateServiceAccount(context: NumspotContext, request: SandboxRequest): Reply {
  const { account } = serviceAccountOf(context, request);
  const fields = checkServiceAccount(request);
  refuseDuplicate(context, request, account.organisationId, fields.name, account.id);
  account.name = fields.name;
  account.tokenDuration = fields.tokenDuration;
  return { status: 200, body: showServiceAccount(account) };
}

function deleteServiceAccount(context: NumspotContext, request: SandboxRequest): Reply {
  const { scope, account } = serviceAccountOf(context, request);
  if (scope.kind === "space" && account.homeSpaceId !== scope.id) {
    account.spaceIds.delete(scope.id);
    forgetSubject(context, "serviceAccounts", account.id, scope.id);
    return noContent();
  }
  context.state.serviceAccounts.delete(account.id);
  forgetSubject(context, "serviceAccounts", account.id);
  return noContent();
}

/** AssignServiceAccountToSpace: 200 with no body; assigning twice changes nothing. */
function assign(context: NumspotContext, request: SandboxRequest): Reply {
  const scope = requireScope(context, request);
  requireUuidParams(request, "serviceAccountId");
  const id = request.params.serviceAccountId!.toLowerCase();
  const account = findOr404(
    request,
    "Service account",
    id,
    context.state.serviceAccounts.get(id),
    (found) => found.organisationId === scope.organisationId,
  );
  account.spaceIds.add(scope.id);
  return { status: 200 };
}
