import { z } from "zod";
import type { HttpClient, QueryValue } from "../http";
import { IAM_PREFIX } from "./client";
import { scalewayCollection } from "./collection";

/** As the API answers (spec: scaleway.iam.v1alpha1.Group). GET lists members sorted by id, not as set. */
export const GroupSchema = z.object({
  id: z.string(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  organization_id: z.string(),
  name: z.string(),
  description: z.string(),
  user_ids: z.array(z.string()).nullish(),
  application_ids: z.array(z.string()).nullish(),
  tags: z.array(z.string()).nullish(),
  editable: z.boolean(),
  deletable: z.boolean().optional(),
  managed: z.boolean().optional(),
});
export type Group = z.infer<typeof GroupSchema>;

export const ListGroupsSchema = z.object({ groups: z.array(GroupSchema), total_count: z.number().int() });

const groups = scalewayCollection<Group, Record<string, unknown>, Record<string, unknown>, Record<string, QueryValue>>({
  path: "groups",
  listKey: "groups",
  schema: GroupSchema,
});

export const getGroup = groups.get;
export const listGroups = groups.list;
export const createGroup = groups.create;
export const updateGroup = groups.update;
export const deleteGroup = groups.delete;

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
