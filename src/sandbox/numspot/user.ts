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
import { conflict, invalidParameter } from "./errors";
import { forgetSubject } from "./iam-policy-binding";
import type { NumspotContext, Scope, UserRecord } from "./state";

/** What ajv-formats accepts as `format: email` (its fast mode), so the sandbox refuses exactly what the spec does. */
const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * Users of an organisation, assigned to spaces. In a space scope, DELETE unassigns (UnassignUserSpace) and POST on
 * the user assigns (AssignUserToSpace); deleting a user is an organisation operation.
 */
export function registerUserRoutes(router: Router, context: NumspotContext): void {
  const on = routes(router);
  for (const scope of ["/iam/organisations/:organisationId", "/iam/spaces/:spaceId"]) {
    const base = `${scope}/users`;
    on.post(base, (request) => createUser(context, request));
    on.get(base, (request) => listUsers(context, request));
    on.get(`${scope}/match/users`, (request) => matchUser(context, request));
    on.get(`${base}/:userId`, (request) => ({ status: 200, body: showUser(userOf(context, request).user) }));
    on.put(`${base}/:userId`, (request) => updateUser(context, request));
    on.patch(`${base}/:userId`, (request) => patchUserState(context, request));
    on.delete(`${base}/:userId`, (request) => deleteUser(context, request));
    on.post(`${base}/:userId/recover`, (request) => recover(userOf(context, request).user));
  }
  on.post("/iam/spaces/:spaceId/users/:userId", (request) => assign(context, request));
  on.get("/iam/organisations/:organisationId/users/:userId/spaces", (request) => {
    const { user } = userOf(context, request);
    allowQuery(request, "page");
    return paginate(request, [...user.spaceIds], { defaultSize: 20, maxSize: 50 }, (id) => ({ id }));
  });
}

/** spec: UserModified. */
export function showUser(user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    firstname: user.firstname,
    lastname: user.lastname,
    active: user.active,
    createdOn: user.createdOn,
    updatedOn: user.updatedOn,
  };
}

/** A user of the scope's organisation; in a space scope the user must also be assigned to the space. */
export function userIn(scope: Scope, user: UserRecord): boolean {
  if (user.organisationId !== scope.organisationId) return false;
  return scope.kind === "organisation" || user.spaceIds.has(scope.id);
}

function userOf(context: NumspotContext, request: SandboxRequest) {
  const scope = requireScope(context, request);
  requireUuidParams(request, "userId");
  const id = request.params.userId!.toLowerCase();
  const user = findOr404(request, "User", id, context.state.users.get(id), (found) => userIn(scope, found));
  return { scope, user };
}

/** spec: User (email, firstname, lastname required), and UserUpdate (also `active`). */
function checkUser(request: SandboxRequest, withActive: boolean) {
  const check = new BodyCheck(request);
  const email = check.string("email", true, { pattern: EMAIL, patternName: "an email address" });
  const firstname = check.string("firstname", true, { max: 255 });
  const lastname = check.string("lastname", true, { max: 255 });
  const active = withActive ? check.boolean("active", true) : true;
  check.done();
  return { email: email!, firstname: firstname!, lastname: lastname!, active: active! };
}

function refuseDuplicate(
  context: NumspotContext,
  request: SandboxRequest,
  organisationId: string,
  email: string,
  self?: string,
) {
  const taken = [...context.state.users.values()].some(
    (user) =>
      user.id !== self && user.organisationId === organisationId && user.email.toLowerCase() === email.toLowerCase(),
  );
  if (taken) refuse(conflict("duplicate_resource", `A user with email ${email} already exists.`, request.path));
}

function createUser(context: NumspotContext, request: SandboxRequest): Reply {
  const scope = requireScope(context, request);
  const fields = checkUser(request, false);
  refuseDuplicate(context, request, scope.organisationId, fields.email);
  const stamp = now();
  const user: UserRecord = {
    id: uuid(),
    organisationId: scope.organisationId,
    ...fields,
    active: true,
    spaceIds: new Set(scope.kind === "space" ? [scope.id] : []),
    createdOn: stamp,
    updatedOn: stamp,
  };
  context.state.users.set(user.id, user);
  const { updatedOn: _, ...created } = showUser(user);
  return { status: 201, body: created };
}

function listUsers(context: NumspotContext, request: SandboxRequest): Reply {
  const scope = requireScope(context, request);
  allowQuery(request, "page");
  const users = [...context.state.users.values()].filter((user) => userIn(scope, user));
  return paginate(request, users, { defaultSize: 20, maxSize: 50 }, showUser);
}

function matchUser(context: NumspotContext, request: SandboxRequest): Reply {
  const scope = requireScope(context, request);
  allowQuery(request, "email");
  const email = queryValue(request, "email");
  if (email === undefined || !EMAIL.test(email)) {
    refuse(invalidParameter([{ field: "email", description: "must be an email address" }], request.path));
  }
  const user = findOr404(
    request,
    "User",
    email,
    [...context.state.users.values()].find(
      (found) => userIn(scope, found) && found.email.toLowerCase() === email.toLowerCase(),
    ),
  );
  return { status: 200, body: showUser(user) };
}

function updateUser(context: NumspotContext, request: SandboxRequest): Reply {
  const { user } = userOf(context, request);
  const fields = checkUser(request, true);
  refuseDuplicate(context, request, user.organisationId, fields.email, user.id);
  Object.assign(user, fields, { updatedOn: now() });
  return { status: 200, body: showUser(user) };
}

/** spec: UserState in, UserEdited out. */
function patchUserState(context: NumspotContext, request: SandboxRequest): Reply {
  const { user } = userOf(context, request);
  const check = new BodyCheck(request);
  const active = check.boolean("active", true);
  check.done();
  user.active = active!;
  user.updatedOn = now();
  return {
    status: 200,
    body: { id: user.id, active: user.active, createdOn: user.createdOn, updatedOn: user.updatedOn },
  };
}

function deleteUser(context: NumspotContext, request: SandboxRequest): Reply {
  const { scope, user } = userOf(context, request);
  if (scope.kind === "space") {
    user.spaceIds.delete(scope.id);
    forgetSubject(context, "users", user.id, scope.id);
  } else {
    context.state.users.delete(user.id);
    forgetSubject(context, "users", user.id);
  }
  return noContent();
}

function assign(context: NumspotContext, request: SandboxRequest): Reply {
  const scope = requireScope(context, request);
  requireUuidParams(request, "userId");
  const id = request.params.userId!.toLowerCase();
  const user = findOr404(
    request,
    "User",
    id,
    context.state.users.get(id),
    (found) => found.organisationId === scope.organisationId,
  );
  user.spaceIds.add(scope.id);
  return { status: 200 };
}

/** spec: RecoveryCode. */
function recover(user: UserRecord): Reply {
  const code = String(100000 + Math.floor(Math.random() * 900000));
  return {
    status: 200,
    body: {
      link: `https://iam.numspot.com/self-service/recovery?flow=${uuid()}&user=${user.id}`,
      code,
      expiration: new Date(Date.now() + 3600_000).toISOString(),
    },
  };
}
