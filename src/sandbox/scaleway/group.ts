import { bodyFields, noContent, queryValue, queryValues, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { isUuid, scalewayTimestamp, uuid } from "../ids";
import { IAM, type ScalewayContext } from "./context";
import { ArgumentErrors, alreadyExists, notFound, permissionsDenied, transientState } from "./errors";
import { checkDescription, checkName, checkTags, ordered, paginate } from "./query";
import type { GroupRecord, ScalewayState } from "./state";

/**
 * IAM groups and their members (spec: ListGroups, CreateGroup, GetGroup, UpdateGroup, DeleteGroup, AddGroupMember,
 * AddGroupMembers, SetGroupMembers, RemoveGroupMember). As recorded from the real server: membership changes leave
 * updated_at as it was; GET lists members in another order than the PUT that set them (here: sorted by id);
 * removing a member that is not in the group answers 404 with an empty `resource`; and a membership change may
 * answer 409 transient_state, which succeeds when retried (`state.membershipConflicts` arms it).
 */
export function registerGroupRoutes(router: Router, context: ScalewayContext): void {
  const { state } = context;
  const base = `${IAM}/groups`;
  router.get(base, (request) => listGroups(state, request));
  router.post(base, (request) => createGroup(state, request));
  router.get(`${base}/:group_id`, (request) => withGroup(state, request, (group) => ok(state, group, true)));
  router.patch(`${base}/:group_id`, (request) =>
    withGroup(state, request, (group) => updateGroup(state, request, group)),
  );
  router.delete(`${base}/:group_id`, (request) => withGroup(state, request, (group) => deleteGroup(state, group)));
  const membership = (path: string, change: (request: SandboxRequest, group: GroupRecord) => Reply) =>
    router.add(path === "members" ? "PUT" : "POST", `${base}/:group_id/${path}`, (request) =>
      withGroup(state, request, (group) => conflict(state, group) ?? change(request, group)),
    );
  membership("add-member", (request, group) => addMember(state, request, group));
  membership("add-members", (request, group) => addMembers(state, request, group));
  membership("members", (request, group) => setMembers(state, request, group));
  membership("remove-member", (request, group) => removeMember(state, request, group));
}

/**
 * Fields in the server's order. Members deleted meanwhile are not shown (a deleted user or application leaves its
 * groups); `sorted` gives GET's order, otherwise the order of the change that answered.
 */
export function showGroup(state: ScalewayState, group: GroupRecord, sorted = false): GroupRecord {
  const order = (ids: string[]) => (sorted ? [...ids].sort() : [...ids]);
  return {
    id: group.id,
    created_at: group.created_at,
    updated_at: group.updated_at,
    organization_id: group.organization_id,
    name: group.name,
    description: group.description,
    user_ids: order(group.user_ids.filter((id) => state.users.has(id))),
    application_ids: order(group.application_ids.filter((id) => state.applications.has(id))),
    tags: [...group.tags],
    editable: group.editable,
    deletable: group.deletable,
    managed: group.managed,
  };
}

function ok(state: ScalewayState, group: GroupRecord, sorted = false): Reply {
  return { status: 200, body: showGroup(state, group, sorted) };
}

function withGroup(state: ScalewayState, request: SandboxRequest, then: (group: GroupRecord) => Reply): Reply {
  const id = request.params.group_id!;
  if (!isUuid(id)) {
    const errors = new ArgumentErrors();
    errors.constraint("group_id", "must be a valid UUID");
    return errors.reply()!;
  }
  const group = state.groups.get(id);
  return group ? then(group) : notFound("group", id);
}

function conflict(state: ScalewayState, group: GroupRecord): Reply | undefined {
  const pending = state.membershipConflicts.get(group.id) ?? 0;
  if (pending <= 0) return undefined;
  state.membershipConflicts.set(group.id, pending - 1);
  return transientState("group", group.id);
}

function sameName(state: ScalewayState, organizationId: string, name: string, except?: string) {
  for (const group of state.groups.values()) {
    if (group.id !== except && group.organization_id === organizationId && group.name === name) return group;
  }
  return undefined;
}

function listGroups(state: ScalewayState, request: SandboxRequest): Reply {
  const errors = new ArgumentErrors();
  const organizationId = queryValue(request, "organization_id");
  const name = queryValue(request, "name")?.toLowerCase();
  const tag = queryValue(request, "tag");
  const userIds = queryValues(request, "user_ids");
  const applicationIds = queryValues(request, "application_ids");
  const groupIds = queryValues(request, "group_ids");
  if (organizationId && !state.organizationIds.has(organizationId)) return permissionsDenied("groups", "read");
  const matching = [...state.groups.values()].filter(
    (group) =>
      (!organizationId || group.organization_id === organizationId) &&
      (!name || group.name.toLowerCase().includes(name)) &&
      (!tag || group.tags.some((candidate) => candidate.includes(tag))) &&
      (userIds.length === 0 || group.user_ids.some((id) => userIds.includes(id))) &&
      (applicationIds.length === 0 || group.application_ids.some((id) => applicationIds.includes(id))) &&
      (groupIds.length === 0 || groupIds.includes(group.id)),
  );
  const sorted = ordered(
    request,
    matching,
    { created_at: (g) => g.created_at, updated_at: (g) => g.updated_at, name: (g) => g.name },
    errors,
  );
  const page = paginate(request, sorted, errors);
  return (
    errors.reply() ?? {
      status: 200,
      body: { groups: page.items.map((group) => showGroup(state, group, true)), total_count: page.total },
    }
  );
}

function createGroup(state: ScalewayState, request: SandboxRequest): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  if (body.organization_id === undefined || body.organization_id === null) errors.required("organization_id");
  else if (!isUuid(body.organization_id)) errors.constraint("organization_id", "must be a valid UUID");
  if (body.name === undefined || body.name === null) errors.required("name");
  else checkName(errors, "name", body.name);
  if (body.description !== undefined && body.description !== null) {
    checkDescription(errors, "description", body.description);
  }
  if (body.tags !== undefined && body.tags !== null) checkTags(errors, "tags", body.tags);
  const invalid = errors.reply();
  if (invalid) return invalid;
  const organizationId = body.organization_id as string;
  if (!state.organizationIds.has(organizationId)) return permissionsDenied("groups", "write");
  const taken = sameName(state, organizationId, body.name as string);
  if (taken) return alreadyExists("group", taken.id);
  const now = scalewayTimestamp();
  const group: GroupRecord = {
    id: uuid(),
    created_at: now,
    updated_at: now,
    organization_id: organizationId,
    name: body.name as string,
    description: (body.description as string | undefined) ?? "",
    user_ids: [],
    application_ids: [],
    tags: [...((body.tags as string[] | null | undefined) ?? [])],
    editable: true,
    deletable: true,
    managed: false,
  };
  state.groups.set(group.id, group);
  return ok(state, group);
}

function updateGroup(state: ScalewayState, request: SandboxRequest, group: GroupRecord): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  if (body.name !== undefined && body.name !== null) checkName(errors, "name", body.name);
  if (body.description !== undefined && body.description !== null) {
    checkDescription(errors, "description", body.description);
  }
  if (body.tags !== undefined && body.tags !== null) checkTags(errors, "tags", body.tags);
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (!group.editable) return permissionsDenied("groups", "write");
  if (typeof body.name === "string") {
    const taken = sameName(state, group.organization_id, body.name, group.id);
    if (taken) return alreadyExists("group", taken.id);
    group.name = body.name;
  }
  if (typeof body.description === "string") group.description = body.description;
  if (Array.isArray(body.tags)) group.tags = [...(body.tags as string[])];
  group.updated_at = scalewayTimestamp();
  return ok(state, group);
}

function deleteGroup(state: ScalewayState, group: GroupRecord): Reply {
  if (!group.deletable) return permissionsDenied("groups", "write");
  state.groups.delete(group.id);
  state.membershipConflicts.delete(group.id);
  return noContent();
}

type Member = { kind: "user"; id: string } | { kind: "application"; id: string };

/** The one member of an add-member or remove-member body (the spec's one-of: user_id or application_id). */
function oneMember(body: Record<string, unknown>, errors: ArgumentErrors): Member | undefined {
  const user = body.user_id ?? undefined;
  const application = body.application_id ?? undefined;
  if (user === undefined && application === undefined) errors.required("user_id");
  else if (user !== undefined && application !== undefined) {
    errors.constraint("application_id", "only one of user_id and application_id may be set");
  } else if (!isUuid(user ?? application)) {
    errors.constraint(user !== undefined ? "user_id" : "application_id", "must be a valid UUID");
  } else {
    return user !== undefined
      ? { kind: "user", id: user as string }
      : { kind: "application", id: application as string };
  }
  return undefined;
}

function idList(body: Record<string, unknown>, field: string, errors: ArgumentErrors, required: boolean): string[] {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) errors.required(field);
    return [];
  }
  if (!Array.isArray(value) || value.some((id) => !isUuid(id))) {
    errors.constraint(field, "must be an array of UUIDs");
    return [];
  }
  return [...new Set(value as string[])];
}

/** 404 for the first user or application that does not exist. */
function missingMember(state: ScalewayState, userIds: string[], applicationIds: string[]): Reply | undefined {
  const user = userIds.find((id) => !state.users.has(id));
  if (user) return notFound("user", user);
  const application = applicationIds.find((id) => !state.applications.has(id));
  return application ? notFound("application", application) : undefined;
}

function add(group: GroupRecord, userIds: string[], applicationIds: string[]): void {
  for (const id of userIds) if (!group.user_ids.includes(id)) group.user_ids.push(id);
  for (const id of applicationIds) if (!group.application_ids.includes(id)) group.application_ids.push(id);
}

function addMember(state: ScalewayState, request: SandboxRequest, group: GroupRecord): Reply {
  const errors = new ArgumentErrors();
  const member = oneMember(bodyFields(request), errors);
  const invalid = errors.reply();
  if (invalid) return invalid;
  const users = member!.kind === "user" ? [member!.id] : [];
  const applications = member!.kind === "application" ? [member!.id] : [];
  const missing = missingMember(state, users, applications);
  if (missing) return missing;
  add(group, users, applications);
  return ok(state, group);
}

function addMembers(state: ScalewayState, request: SandboxRequest, group: GroupRecord): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  const users = idList(body, "user_ids", errors, false);
  const applications = idList(body, "application_ids", errors, false);
  const invalid = errors.reply();
  if (invalid) return invalid;
  const missing = missingMember(state, users, applications);
  if (missing) return missing;
  add(group, users, applications);
  return ok(state, group);
}

/** Both lists are required (spec); two empty lists empty the group. */
function setMembers(state: ScalewayState, request: SandboxRequest, group: GroupRecord): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  const users = idList(body, "user_ids", errors, true);
  const applications = idList(body, "application_ids", errors, true);
  const invalid = errors.reply();
  if (invalid) return invalid;
  const missing = missingMember(state, users, applications);
  if (missing) return missing;
  group.user_ids = users;
  group.application_ids = applications;
  return ok(state, group);
}

function removeMember(state: ScalewayState, request: SandboxRequest, group: GroupRecord): Reply {
  const errors = new ArgumentErrors();
  const member = oneMember(bodyFields(request), errors);
  const invalid = errors.reply();
  if (invalid) return invalid;
  const list = member!.kind === "user" ? group.user_ids : group.application_ids;
  const at = list.indexOf(member!.id);
  // Recorded: the second remove-member of the same application answered 404 with resource "".
  if (at < 0) return notFound("", member!.id);
  list.splice(at, 1);
  return ok(state, group);
}
