import type { HttpClient } from "../http";
import { IAM_PREFIX } from "./client";
import { type Group, GroupSchema } from "./group";

/** A group's members (the GroupMembership entity, and the members a Group manages itself). */
export type Member = { user_id: string } | { application_id: string };

const membersPath = (groupId: string, action: string) =>
  `${IAM_PREFIX}/groups/${encodeURIComponent(groupId)}/${action}`;

/** Both lists are required by the server. A 409 transient_state is retried by the client (bounded). */
export async function setGroupMembers(
  client: HttpClient,
  groupId: string,
  members: { user_ids: string[]; application_ids: string[] },
): Promise<Group> {
  return GroupSchema.parse(
    await client.request({ method: "PUT", path: membersPath(groupId, "members"), body: members }),
  );
}

/** add-member is idempotent on the server (a member added twice stays one member), so it may be re-sent. */
export async function addGroupMember(client: HttpClient, groupId: string, member: Member): Promise<Group> {
  return GroupSchema.parse(
    await client.request({ method: "POST", path: membersPath(groupId, "add-member"), body: member, idempotent: true }),
  );
}

/** 404 (with an empty `resource`) when the member is not in the group. */
export async function removeGroupMember(client: HttpClient, groupId: string, member: Member): Promise<Group> {
  return GroupSchema.parse(
    await client.request({
      method: "POST",
      path: membersPath(groupId, "remove-member"),
      body: member,
      idempotent: true,
    }),
  );
}
