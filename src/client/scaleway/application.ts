import { z } from "zod";
import type { QueryValue } from "../http";
import { scalewayCollection } from "./collection";

/** As the API answers (spec: scaleway.iam.v1alpha1.Application); timestamps are nullable in the spec. */
export const ApplicationSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  organization_id: z.string(),
  editable: z.boolean(),
  deletable: z.boolean().optional(),
  managed: z.boolean().optional(),
  nb_api_keys: z.number().int(),
  tags: z.array(z.string()).nullish(),
});
export type Application = z.infer<typeof ApplicationSchema>;

export const ListApplicationsSchema = z.object({
  applications: z.array(ApplicationSchema),
  total_count: z.number().int(),
});

export interface CreateApplicationRequest {
  name: string;
  /** The spec requires only the name: without it, the organization of the secret key. */
  organization_id?: string;
  description?: string;
  tags?: string[];
}

export type UpdateApplicationRequest = Partial<Pick<CreateApplicationRequest, "name" | "description" | "tags">>;

export interface ApplicationFilter {
  organization_id?: string;
  /** Matches substrings. */
  name?: string;
  editable?: boolean;
  tag?: string;
  application_ids?: string[];
}

const applications = scalewayCollection<
  Application,
  CreateApplicationRequest,
  UpdateApplicationRequest,
  ApplicationFilter & Record<string, QueryValue>
>({ path: "applications", listKey: "applications", schema: ApplicationSchema });

export const getApplication = applications.get;
export const listApplications = applications.list;
export const createApplication = applications.create;
export const updateApplication = applications.update;
export const deleteApplication = applications.delete;
