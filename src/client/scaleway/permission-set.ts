import { z } from "zod";
import type { HttpClient } from "../http";
import { scalewayCollection } from "./collection";

/** spec: scaleway.iam.v1alpha1.PermissionSet. */
export const PermissionSetSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope_type: z.string(),
  description: z.string(),
  categories: z.array(z.string()).nullish(),
});
export type PermissionSet = z.infer<typeof PermissionSetSchema>;

const permissionSets = scalewayCollection<PermissionSet, never, never, { organization_id: string }>({
  path: "permission-sets",
  listKey: "permission_sets",
  schema: PermissionSetSchema,
});

/** The catalogue; `organization_id` is required by the server. */
export function listPermissionSets(client: HttpClient, organizationId: string): Promise<PermissionSet[]> {
  return permissionSets.list(client, { organization_id: organizationId });
}
