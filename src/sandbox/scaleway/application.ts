import {
  bodyFields,
  findOr404,
  header,
  noContent,
  queryValue,
  queryValues,
  type Reply,
  type SandboxRequest,
} from "../http/request";
import type { Router } from "../http/router";
import { isUuid, scalewayTimestamp, uuid } from "../ids";
import { IAM, type ScalewayContext } from "./context";
import { ArgumentErrors, notFound, permissionsDenied } from "./errors";
import { booleanFilter, checkDescription, checkName, checkTags, ordered, paginate } from "./query";
import type { ApplicationRecord, ScalewayState } from "./state";

/**
 * IAM applications (spec: ListApplications, CreateApplication, GetApplication, UpdateApplication,
 * DeleteApplication). Names need not be unique: the spec sets no such rule and the real API accepts duplicates.
 */
export function registerApplicationRoutes(router: Router, context: ScalewayContext): void {
  const base = `${IAM}/applications`;
  router.get(base, (request) => listApplications(context, request));
  router.post(base, (request) => createApplication(context, request));
  router.get(`${base}/:application_id`, (request) =>
    withApplication(context, request, (app) => ok(context.state, app)),
  );
  router.patch(`${base}/:application_id`, (request) =>
    withApplication(context, request, (app) => updateApplication(context, request, app)),
  );
  router.delete(`${base}/:application_id`, (request) =>
    withApplication(context, request, (app) => deleteApplication(context, app)),
  );
}

/** The record as the API shows it, fields in the server's order, with the live API key count. */
export function showApplication(state: ScalewayState, app: ApplicationRecord): ApplicationRecord {
  let keys = 0;
  for (const key of state.apiKeys.values()) if (key.application_id === app.id) keys++;
  return {
    id: app.id,
    name: app.name,
    description: app.description,
    created_at: app.created_at,
    updated_at: app.updated_at,
    organization_id: app.organization_id,
    editable: app.editable,
    deletable: app.deletable,
    managed: app.managed,
    nb_api_keys: keys,
    tags: [...app.tags],
  };
}

function ok(state: ScalewayState, app: ApplicationRecord): Reply {
  return { status: 200, body: showApplication(state, app) };
}

function withApplication(
  context: ScalewayContext,
  request: SandboxRequest,
  then: (app: ApplicationRecord) => Reply,
): Reply {
  const id = request.params.application_id!;
  if (!isUuid(id)) {
    const errors = new ArgumentErrors();
    errors.constraint("application_id", "must be a valid UUID");
    return errors.reply()!;
  }
  return findOr404(context.state.applications, id, (missing) => notFound("application", missing), then);
}

function listApplications(context: ScalewayContext, request: SandboxRequest): Reply {
  const { state } = context;
  const errors = new ArgumentErrors();
  const organizationId = queryValue(request, "organization_id");
  const name = queryValue(request, "name")?.toLowerCase();
  const tag = queryValue(request, "tag");
  const ids = queryValues(request, "application_ids");
  const editable = booleanFilter(request, "editable", errors);
  if (organizationId && !state.organizationIds.has(organizationId)) return permissionsDenied("applications", "read");
  const matching = [...state.applications.values()].filter(
    (app) =>
      (!name || app.name.toLowerCase().includes(name)) &&
      (!tag || app.tags.some((candidate) => candidate.includes(tag))) &&
      (ids.length === 0 || ids.includes(app.id)) &&
      (editable === undefined || app.editable === editable),
  );
  const sorted = ordered(
    request,
    matching,
    { created_at: (app) => app.created_at, updated_at: (app) => app.updated_at, name: (app) => app.name },
    errors,
  );
  const page = paginate(request, sorted, errors);
  return (
    errors.reply() ?? {
      status: 200,
      body: { applications: page.items.map((app) => showApplication(state, app)), total_count: page.total },
    }
  );
}

function createApplication(context: ScalewayContext, request: SandboxRequest): Reply {
  const { state } = context;
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  if (body.name === undefined || body.name === null) errors.required("name");
  else checkName(errors, "name", body.name);
  // The spec requires only the name: without organization_id, the organization of the calling key.
  const organizationId = body.organization_id ?? organizationOfCaller(context, request);
  if (!isUuid(organizationId)) errors.constraint("organization_id", "must be a valid UUID");
  if (body.description !== undefined && body.description !== null)
    checkDescription(errors, "description", body.description);
  if (body.tags !== undefined && body.tags !== null) checkTags(errors, "tags", body.tags);
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (!state.organizationIds.has(organizationId as string)) return permissionsDenied("applications", "write");
  const now = scalewayTimestamp();
  const app: ApplicationRecord = {
    id: uuid(),
    name: body.name as string,
    description: (body.description as string | undefined) ?? "",
    created_at: now,
    updated_at: now,
    organization_id: organizationId as string,
    editable: true,
    deletable: true,
    managed: false,
    nb_api_keys: 0,
    tags: [...((body.tags as string[] | undefined) ?? [])],
  };
  state.applications.set(app.id, app);
  return ok(state, app);
}

/** The organization of the secret key that signed the request: the sandbox's own, or an API key's bearer's. */
function organizationOfCaller(context: ScalewayContext, request: SandboxRequest): string {
  const { state } = context;
  const token = header(request, "x-auth-token");
  for (const [accessKey, secret] of state.apiKeySecrets) {
    if (secret !== token) continue;
    const bearer = state.apiKeys.get(accessKey)?.application_id;
    const app = bearer === undefined ? undefined : state.applications.get(bearer);
    if (app) return app.organization_id;
  }
  return state.organizationId;
}

function updateApplication(context: ScalewayContext, request: SandboxRequest, app: ApplicationRecord): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  // Every field is nullable: absent or null leaves it unchanged.
  if (body.name !== undefined && body.name !== null) checkName(errors, "name", body.name);
  if (body.description !== undefined && body.description !== null)
    checkDescription(errors, "description", body.description);
  if (body.tags !== undefined && body.tags !== null) checkTags(errors, "tags", body.tags);
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (!app.editable) return permissionsDenied("applications", "write");
  if (typeof body.name === "string") app.name = body.name;
  if (typeof body.description === "string") app.description = body.description;
  if (Array.isArray(body.tags)) app.tags = [...(body.tags as string[])];
  app.updated_at = scalewayTimestamp();
  return ok(context.state, app);
}

/** The spec: deleting an application deletes its API keys. */
function deleteApplication(context: ScalewayContext, app: ApplicationRecord): Reply {
  const { state } = context;
  if (!app.deletable) return permissionsDenied("applications", "write");
  state.applications.delete(app.id);
  for (const [accessKey, key] of state.apiKeys) {
    if (key.application_id !== app.id) continue;
    state.apiKeys.delete(accessKey);
    state.apiKeySecrets.delete(accessKey);
  }
  return noContent();
}
