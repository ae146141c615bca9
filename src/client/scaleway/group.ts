import { z } from "zod";
import type { QueryValue } from "../http";
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
