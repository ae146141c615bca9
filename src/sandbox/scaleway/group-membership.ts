import { bodyFields, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { isUuid } from "../ids";
import { IAM, type ScalewayContext } from "./context";
import { ArgumentErrors, notFound, transientState } from "./errors";
import { ok, withGroup } from "./group";
import type { GroupRecord, ScalewayState } from "./state";

/**
 * A group's members (spec: AddGroupMember, AddGroupMembers, SetGroupMembers, RemoveGroupMember). As recorded from the
 * real server: membership changes leave updated_at as it was; removing a member that is not in the group answers 404
 * with an empty `resource`; and a change may answer 409 transient_state, which succeeds when retried
 * (`state.membershipConflicts` arms it).
 */
export function registerGroupMembershipRoutes(router: Router, context: ScalewayContext): void {
  const { state } = context;
  const membership = (path: string, change: (request: SandboxRequest, group: GroupRecord) => Reply) =>
    router.add(path === "members" ? "PUT" : "POST", `${IAM}/groups/:group_id/${path}`, (request) =>
      withGroup(state, request, (group) => conflict(state, group) ?? change(request, group)),
    );
  membership("add-member", (request, group) => addMember(state, request, group));
  membership("add-members", (request, group) => addMembers(state, request, group));
  membership("members", (request, group) => setMembers(state, request, group));
  membership("remove-member", (request, group) => removeMember(state, request, group));
}

type Member = { kind: "user"; id: string } | { kind: "application"; id: string };

function conflict(state: ScalewayState, group: GroupRecord): Reply | undefined {
  const pending = state.membershipConflicts.get(group.id) ?? 0;
  if (pending <= 0) return undefined;
  state.membershipConflicts.set(group.id, pending - 1);
  return transientState("group", group.id);
}

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
