import { bodyFields, noContent, queryValue, queryValues, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { isUuid, scalewayTimestamp, uuid } from "../ids";
import { IAM, type ScalewayContext } from "./context";
import { ArgumentErrors, alreadyExists, notFound, permissionsDenied } from "./errors";
import { checkDescription, checkName, checkTags, ordered, paginate } from "./query";
import type { GroupRecord, ScalewayState } from "./state";

/**
 * IAM groups (spec: ListGroups, CreateGroup, GetGroup, UpdateGroup, DeleteGroup); their members are in
 * group-membership.ts. As recorded from the real server: GET lists members in another order than the change that set
 * them (here: sorted by id).
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

export function ok(state: ScalewayState, group: GroupRecord, sorted = false): Reply {
  return { status: 200, body: showGroup(state, group, sorted) };
}

export function withGroup(state: ScalewayState, request: SandboxRequest, then: (group: GroupRecord) => Reply): Reply {
  const id = request.params.group_id!;
  if (!isUuid(id)) {
    const errors = new ArgumentErrors();
    errors.constraint("group_id", "must be a valid UUID");
    return errors.reply()!;
  }
  const group = state.groups.get(id);
  return group ? then(group) : notFound("group", id);
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
