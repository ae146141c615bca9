import {
  bodyFields,
  findOr404,
  noContent,
  queryValue,
  queryValues,
  type Reply,
  type SandboxRequest,
} from "../http/request";
import type { Router } from "../http/router";
import { isUuid, parseRfc3339, scalewayAccessKey, scalewayTimestamp, uuid } from "../ids";
import { IAM, type ScalewayContext } from "./context";
import { ArgumentErrors, notFound, permissionsDenied } from "./errors";
import { booleanFilter, checkDescription, enumFilter, ordered, paginate } from "./query";
import type { ApiKeyRecord, ScalewayState } from "./state";

/**
 * IAM API keys (spec: ListAPIKeys, CreateAPIKey, GetAPIKey, UpdateAPIKey, DeleteAPIKey), addressed by access key.
 * As recorded from the real server: the secret key is in the POST answer only (GET and list give null),
 * `expires_at` comes back in UTC, and `default_project_id` is filled with the default project when omitted.
 */
export function registerApiKeyRoutes(router: Router, context: ScalewayContext): void {
  const base = `${IAM}/api-keys`;
  router.get(base, (request) => listApiKeys(context, request));
  router.post(base, (request) => createApiKey(context, request));
  router.get(`${base}/:access_key`, (request) =>
    withApiKey(context, request, (key) => ({ status: 200, body: showApiKey(key) })),
  );
  router.patch(`${base}/:access_key`, (request) => withApiKey(context, request, (key) => updateApiKey(request, key)));
  router.delete(`${base}/:access_key`, (request) =>
    withApiKey(context, request, (key) => deleteApiKey(context.state, key)),
  );
}

/** Fields in the server's order; the bearer (application_id or user_id) comes last, and only the one that is set. */
export function showApiKey(key: ApiKeyRecord, secretKey: string | null = null): Record<string, unknown> {
  const shown: Record<string, unknown> = {
    access_key: key.access_key,
    secret_key: secretKey,
    description: key.description,
    created_at: key.created_at,
    updated_at: key.updated_at,
    expires_at: key.expires_at,
    default_project_id: key.default_project_id,
    editable: key.editable,
    deletable: key.deletable,
    managed: key.managed,
    creation_ip: key.creation_ip,
  };
  if (key.application_id !== undefined) shown.application_id = key.application_id;
  if (key.user_id !== undefined) shown.user_id = key.user_id;
  return shown;
}

function withApiKey(context: ScalewayContext, request: SandboxRequest, then: (key: ApiKeyRecord) => Reply): Reply {
  return findOr404(context.state.apiKeys, request.params.access_key!, (id) => notFound("access_key", id), then);
}

const BEARER_TYPES = ["unknown_bearer_type", "user", "application"] as const;

function listApiKeys(context: ScalewayContext, request: SandboxRequest): Reply {
  const { state } = context;
  const errors = new ArgumentErrors();
  const organizationId = queryValue(request, "organization_id");
  const editable = booleanFilter(request, "editable", errors);
  const expired = booleanFilter(request, "expired", errors);
  const description = queryValue(request, "description");
  const bearerId = queryValue(request, "bearer_id");
  const bearerType = enumFilter(request, "bearer_type", BEARER_TYPES, errors);
  // The spec's ListAPIKeys lists by bearer (bearer_id + bearer_type), as the recorded traffic shows; it has no
  // application_id or user_id filter, and a client relying on one must fail here as it would against the real API.
  for (const unsupported of ["application_id", "user_id"]) {
    if (queryValue(request, unsupported) !== undefined) {
      errors.constraint(unsupported, "is not a filter of ListAPIKeys; list by bearer_id and bearer_type");
    }
  }
  const accessKeys = [...queryValues(request, "access_keys"), ...queryValues(request, "access_key")];
  if (organizationId && !state.organizationIds.has(organizationId)) return permissionsDenied("api_keys", "read");
  const now = Date.now();
  const matching = [...state.apiKeys.values()].filter((key) => {
    const bearer = key.application_id ?? key.user_id;
    const isExpired = key.expires_at !== null && Date.parse(key.expires_at) <= now;
    return (
      (editable === undefined || key.editable === editable) &&
      (expired === undefined || isExpired === expired) &&
      (!description || key.description.includes(description)) &&
      (!bearerId || bearer === bearerId) &&
      (!bearerType ||
        bearerType === "unknown_bearer_type" ||
        (bearerType === "user" ? key.user_id : key.application_id) !== undefined) &&
      (accessKeys.length === 0 || accessKeys.includes(key.access_key))
    );
  });
  const sorted = ordered(
    request,
    matching,
    {
      created_at: (key) => key.created_at,
      updated_at: (key) => key.updated_at,
      expires_at: (key) => (key.expires_at === null ? null : Date.parse(key.expires_at)),
      access_key: (key) => key.access_key,
    },
    errors,
  );
  const page = paginate(request, sorted, errors);
  return (
    errors.reply() ?? {
      status: 200,
      body: { api_keys: page.items.map((key) => showApiKey(key)), total_count: page.total },
    }
  );
}

function createApiKey(context: ScalewayContext, request: SandboxRequest): Reply {
  const { state } = context;
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  const applicationId = body.application_id ?? undefined;
  const userId = body.user_id ?? undefined;
  if (applicationId === undefined && userId === undefined) {
    errors.required("application_id");
  } else if (applicationId !== undefined && userId !== undefined) {
    errors.constraint("user_id", "only one of application_id and user_id may be set");
  } else if (applicationId !== undefined && !isUuid(applicationId)) {
    errors.constraint("application_id", "must be a valid UUID");
  } else if (userId !== undefined && !isUuid(userId)) {
    errors.constraint("user_id", "must be a valid UUID");
  }
  const expiresAt = checkExpiresAt(errors, body.expires_at);
  if (body.default_project_id !== undefined && body.default_project_id !== null && !isUuid(body.default_project_id)) {
    errors.constraint("default_project_id", "must be a valid UUID");
  }
  if (body.description !== undefined && body.description !== null)
    checkDescription(errors, "description", body.description);
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (typeof applicationId === "string" && !state.applications.has(applicationId)) {
    return notFound("application", applicationId);
  }
  if (typeof userId === "string" && !state.users.has(userId)) return notFound("user", userId);

  const now = scalewayTimestamp();
  const secretKey = uuid();
  const key: ApiKeyRecord = {
    access_key: uniqueAccessKey(state),
    secret_key: null,
    description: (body.description as string | undefined) ?? "",
    created_at: now,
    updated_at: now,
    expires_at: expiresAt ?? null,
    default_project_id: (body.default_project_id as string | undefined) ?? state.defaultProjectId,
    editable: true,
    deletable: true,
    managed: false,
    creation_ip: request.remoteAddress.replace(/^::ffff:/, ""),
  };
  if (typeof applicationId === "string") key.application_id = applicationId;
  else key.user_id = userId as string;
  state.apiKeys.set(key.access_key, key);
  state.apiKeySecrets.set(key.access_key, secretKey);
  syncKeyCount(state, key.application_id);
  return { status: 200, body: showApiKey(key, secretKey) };
}

function updateApiKey(request: SandboxRequest, key: ApiKeyRecord): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  if (body.description !== undefined && body.description !== null)
    checkDescription(errors, "description", body.description);
  if (body.default_project_id !== undefined && body.default_project_id !== null && !isUuid(body.default_project_id)) {
    errors.constraint("default_project_id", "must be a valid UUID");
  }
  const expiresAt = checkExpiresAt(errors, body.expires_at);
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (!key.editable) return permissionsDenied("api_keys", "write");
  if (typeof body.description === "string") key.description = body.description;
  if (typeof body.default_project_id === "string") key.default_project_id = body.default_project_id;
  if (expiresAt !== undefined) key.expires_at = expiresAt;
  key.updated_at = scalewayTimestamp();
  return { status: 200, body: showApiKey(key) };
}

function deleteApiKey(state: ScalewayState, key: ApiKeyRecord): Reply {
  if (!key.deletable) return permissionsDenied("api_keys", "write");
  state.apiKeys.delete(key.access_key);
  state.apiKeySecrets.delete(key.access_key);
  syncKeyCount(state, key.application_id);
  return noContent();
}

/** The UTC form of a given expires_at (undefined when absent or null); it must lie in the future. */
function checkExpiresAt(errors: ArgumentErrors, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = typeof value === "string" ? parseRfc3339(value) : undefined;
  if (!parsed) {
    errors.constraint("expires_at", "must be an RFC 3339 date-time");
    return undefined;
  }
  if (parsed.epochMs <= Date.now()) {
    errors.constraint("expires_at", "must be in the future");
    return undefined;
  }
  return parsed.utc;
}

function uniqueAccessKey(state: ScalewayState): string {
  let accessKey = scalewayAccessKey();
  while (state.apiKeys.has(accessKey)) accessKey = scalewayAccessKey();
  return accessKey;
}

/** Keeps the stored application's nb_api_keys equal to what the API shows. */
function syncKeyCount(state: ScalewayState, applicationId: string | undefined): void {
  const app = applicationId === undefined ? undefined : state.applications.get(applicationId);
  if (!app) return;
  let count = 0;
  for (const key of state.apiKeys.values()) if (key.application_id === applicationId) count++;
  app.nb_api_keys = count;
}
