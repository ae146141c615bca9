import { z } from "zod";
import type { QueryValue } from "../http";
import { scalewayCollection } from "./collection";

/** As the API answers (spec: scaleway.iam.v1alpha1.APIKey). `secret_key` is only set in the POST answer. */
export const ApiKeySchema = z.object({
  access_key: z.string(),
  secret_key: z.string().nullish(),
  application_id: z.string().nullish(),
  user_id: z.string().nullish(),
  description: z.string(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  expires_at: z.string().nullish(),
  default_project_id: z.string(),
  editable: z.boolean(),
  deletable: z.boolean().optional(),
  managed: z.boolean().optional(),
  creation_ip: z.string().optional(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const ListApiKeysSchema = z.object({ api_keys: z.array(ApiKeySchema), total_count: z.number().int() });

export interface CreateApiKeyRequest {
  application_id?: string;
  user_id?: string;
  expires_at?: string;
  default_project_id?: string;
  description?: string;
}

export interface UpdateApiKeyRequest {
  description?: string;
  default_project_id?: string;
}

/** spec: ListAPIKeys. There is no application_id filter: keys are listed by bearer. */
export interface ApiKeyFilter {
  bearer_id?: string;
  bearer_type?: "application" | "user";
  organization_id?: string;
  description?: string;
}

/** Addressed by access key. The secret is in the POST answer only (see the ApiKey description). */
const apiKeys = scalewayCollection<
  ApiKey,
  CreateApiKeyRequest,
  UpdateApiKeyRequest,
  ApiKeyFilter & Record<string, QueryValue>
>({ path: "api-keys", listKey: "api_keys", schema: ApiKeySchema });

export const getApiKey = apiKeys.get;
export const listApiKeys = apiKeys.list;
export const createApiKey = apiKeys.create;
export const updateApiKey = apiKeys.update;
export const deleteApiKey = apiKeys.delete;
