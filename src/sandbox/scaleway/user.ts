import { bodyFields, noContent, queryValue, queryValues, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { isUuid, scalewayTimestamp, uuid } from "../ids";
import { IAM, type ScalewayContext } from "./context";
import { ArgumentErrors, alreadyExists, notFound, permissionsDenied } from "./errors";
import { booleanFilter, checkTags, enumFilter, ordered, paginate } from "./query";
import type { ScalewayState, UserRecord } from "./state";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_PASSWORD = 8;
const DEFAULT_LOCALE = "en_US";
const MEMBER_TEXT = ["first_name", "last_name", "phone_number", "locale"] as const;

/**
 * IAM users (spec: ListUsers, CreateUser, GetUser, UpdateUser, DeleteUser, UpdateUserUsername, UpdateUserPassword,
 * LockUser, UnlockUser). A member is created with `member: {...}`, a guest with `email` alone. As recorded from the
 * real server: an empty locale becomes en_US; a PATCH answers with updated_at unchanged while update-username moves
 * it; the password is never shown (it is kept in `state.userPasswords`, and logs in to the legacy account API).
 */
export function registerUserRoutes(router: Router, context: ScalewayContext): void {
  const { state } = context;
  const base = `${IAM}/users`;
  router.get(base, (request) => listUsers(state, request));
  router.post(base, (request) => createUser(state, request));
  router.get(`${base}/:user_id`, (request) => withUser(state, request, (user) => ok(user)));
  router.patch(`${base}/:user_id`, (request) => withUser(state, request, (user) => updateUser(state, request, user)));
  router.delete(`${base}/:user_id`, (request) => withUser(state, request, (user) => deleteUser(state, user)));
  router.post(`${base}/:user_id/update-username`, (request) =>
    withUser(state, request, (user) => updateUsername(state, request, user)),
  );
  router.post(`${base}/:user_id/update-password`, (request) =>
    withUser(state, request, (user) => updatePassword(state, request, user)),
  );
  for (const [action, locked] of [["lock", true] as const, ["unlock", false] as const]) {
    router.post(`${base}/:user_id/${action}`, (request) =>
      withUser(state, request, (user) => {
        if (user.type === "owner") return permissionsDenied("users", "write");
        user.locked = locked;
        user.updated_at = scalewayTimestamp();
        return ok(user);
      }),
    );
  }
}

export function showUser(user: UserRecord): UserRecord {
  return { ...user, tags: [...user.tags] };
}

function ok(user: UserRecord): Reply {
  return { status: 200, body: showUser(user) };
}

function withUser(state: ScalewayState, request: SandboxRequest, then: (user: UserRecord) => Reply): Reply {
  const id = request.params.user_id!;
  if (!isUuid(id)) {
    const errors = new ArgumentErrors();
    errors.constraint("user_id", "must be a valid UUID");
    return errors.reply()!;
  }
  const user = state.users.get(id);
  return user ? then(user) : notFound("user", id);
}

function findUser(state: ScalewayState, organizationId: string, match: (user: UserRecord) => boolean) {
  for (const user of state.users.values()) if (user.organization_id === organizationId && match(user)) return user;
  return undefined;
}

function checkEmail(errors: ArgumentErrors, field: string, value: unknown): void {
  if (typeof value !== "string" || !EMAIL.test(value)) errors.constraint(field, "must be a valid email address");
}

function checkPassword(errors: ArgumentErrors, field: string, value: unknown, allowEmpty: boolean): void {
  if (typeof value !== "string") errors.constraint(field, "must be a string");
  else if (value === "" && allowEmpty) return;
  else if (value.length < MIN_PASSWORD) errors.constraint(field, `length must be at least ${MIN_PASSWORD}`);
}

const USER_TYPES = ["unknown_type", "owner", "member"] as const;

function listUsers(state: ScalewayState, request: SandboxRequest): Reply {
  const errors = new ArgumentErrors();
  const organizationId = queryValue(request, "organization_id");
  const ids = queryValues(request, "user_ids");
  const mfa = booleanFilter(request, "mfa", errors);
  const tag = queryValue(request, "tag");
  const type = enumFilter(request, "type", USER_TYPES, errors);
  if (organizationId && !state.organizationIds.has(organizationId)) return permissionsDenied("users", "read");
  const matching = [...state.users.values()].filter(
    (user) =>
      (!organizationId || user.organization_id === organizationId) &&
      (ids.length === 0 || ids.includes(user.id)) &&
      (mfa === undefined || user.mfa === mfa) &&
      (!tag || user.tags.some((candidate) => candidate.includes(tag))) &&
      (!type || type === "unknown_type" || user.type === type),
  );
  const sorted = ordered(
    request,
    matching,
    {
      created_at: (u) => u.created_at,
      updated_at: (u) => u.updated_at,
      email: (u) => u.email,
      last_login: (u) => u.last_login_at,
      username: (u) => u.username,
    },
    errors,
  );
  const page = paginate(request, sorted, errors);
  return errors.reply() ?? { status: 200, body: { users: page.items.map(showUser), total_count: page.total } };
}

function createUser(state: ScalewayState, request: SandboxRequest): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  if (body.organization_id === undefined || body.organization_id === null) errors.required("organization_id");
  else if (!isUuid(body.organization_id)) errors.constraint("organization_id", "must be a valid UUID");
  if (body.tags !== undefined && body.tags !== null) checkTags(errors, "tags", body.tags);
  const guestEmail = body.email ?? undefined;
  const member = body.member ?? undefined;
  if (guestEmail === undefined && member === undefined) errors.required("member");
  else if (guestEmail !== undefined && member !== undefined) {
    errors.constraint("email", "only one of email and member may be set");
  } else if (guestEmail !== undefined) checkEmail(errors, "email", guestEmail);
  else if (typeof member !== "object" || Array.isArray(member)) errors.constraint("member", "must be an object");
  const fields = (typeof member === "object" && member !== null ? member : {}) as Record<string, unknown>;
  if (member !== undefined && errors.details.length === 0) {
    if (fields.email === undefined || fields.email === null) errors.required("member.email");
    else checkEmail(errors, "member.email", fields.email);
    if (fields.username !== undefined && fields.username !== null && typeof fields.username !== "string") {
      errors.constraint("member.username", "must be a string");
    }
    if (fields.password !== undefined && fields.password !== null) {
      checkPassword(errors, "member.password", fields.password, true);
    }
    for (const field of MEMBER_TEXT) {
      const value = fields[field];
      if (value !== undefined && value !== null && typeof value !== "string") {
        errors.constraint(`member.${field}`, "must be a string");
      }
    }
  }
  const invalid = errors.reply();
  if (invalid) return invalid;
  const organizationId = body.organization_id as string;
  if (!state.organizationIds.has(organizationId)) return permissionsDenied("users", "write");
  const email = (guestEmail ?? fields.email) as string;
  const username = (fields.username as string | undefined) || email;
  const taken = findUser(state, organizationId, (u) => u.email === email || u.username === username);
  if (taken) return alreadyExists("user", taken.id);
  const now = scalewayTimestamp();
  const text = (field: (typeof MEMBER_TEXT)[number]) => (fields[field] as string | undefined) ?? "";
  const user: UserRecord = {
    id: uuid(),
    email,
    username,
    first_name: text("first_name"),
    last_name: text("last_name"),
    phone_number: text("phone_number"),
    locale: text("locale") || DEFAULT_LOCALE,
    created_at: now,
    updated_at: now,
    organization_id: organizationId,
    deletable: true,
    last_login_at: null,
    type: member !== undefined ? "member" : "guest",
    two_factor_enabled: false,
    status: member !== undefined ? "activated" : "invitation_pending",
    mfa: false,
    account_root_user_id: "",
    tags: [...((body.tags as string[] | null | undefined) ?? [])],
    locked: false,
  };
  state.users.set(user.id, user);
  if (typeof fields.password === "string" && fields.password !== "") state.userPasswords.set(user.id, fields.password);
  return ok(user);
}

function updateUser(state: ScalewayState, request: SandboxRequest, user: UserRecord): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  if (body.tags !== undefined && body.tags !== null) checkTags(errors, "tags", body.tags);
  if (body.email !== undefined && body.email !== null) checkEmail(errors, "email", body.email);
  for (const field of MEMBER_TEXT) {
    const value = body[field];
    if (value !== undefined && value !== null && typeof value !== "string")
      errors.constraint(field, "must be a string");
  }
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (typeof body.email === "string" && body.email !== user.email) {
    const taken = findUser(state, user.organization_id, (u) => u.email === body.email);
    if (taken) return alreadyExists("user", taken.id);
    user.email = body.email;
  }
  if (Array.isArray(body.tags)) user.tags = [...(body.tags as string[])];
  for (const field of MEMBER_TEXT) {
    const value = body[field];
    if (typeof value === "string") user[field] = field === "locale" && value === "" ? DEFAULT_LOCALE : value;
  }
  return ok(user);
}

function updateUsername(state: ScalewayState, request: SandboxRequest, user: UserRecord): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  if (body.username === undefined || body.username === null) errors.required("username");
  else if (typeof body.username !== "string" || body.username.length === 0) {
    errors.constraint("username", "must be a non-empty string");
  }
  const invalid = errors.reply();
  if (invalid) return invalid;
  const taken = findUser(state, user.organization_id, (u) => u.id !== user.id && u.username === body.username);
  if (taken) return alreadyExists("user", taken.id);
  user.username = body.username as string;
  user.updated_at = scalewayTimestamp();
  return ok(user);
}

function updatePassword(state: ScalewayState, request: SandboxRequest, user: UserRecord): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  if (body.password === undefined || body.password === null) errors.required("password");
  else checkPassword(errors, "password", body.password, false);
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (user.type !== "member") return permissionsDenied("users", "write");
  state.userPasswords.set(user.id, body.password as string);
  user.updated_at = scalewayTimestamp();
  return ok(user);
}

/** The spec: deleting a user deletes its API keys; policies attached to it stay (orphaned). */
function deleteUser(state: ScalewayState, user: UserRecord): Reply {
  if (!user.deletable || user.type === "owner") return permissionsDenied("users", "write");
  state.users.delete(user.id);
  state.userPasswords.delete(user.id);
  for (const [accessKey, key] of state.apiKeys) {
    if (key.user_id !== user.id) continue;
    state.apiKeys.delete(accessKey);
    state.apiKeySecrets.delete(accessKey);
  }
  for (const group of state.groups.values()) group.user_ids = group.user_ids.filter((id) => id !== user.id);
  return noContent();
}
