import { z } from "zod";
import type { HttpClient } from "../http";
import { collect, paginatePages } from "../paginate";
import { IAM_PREFIX } from "./client";

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

const path = (accessKey?: string) => `${IAM_PREFIX}/api-keys${accessKey ? `/${encodeURIComponent(accessKey)}` : ""}`;

export async function getApiKey(client: HttpClient, accessKey: string): Promise<ApiKey> {
  return ApiKeySchema.parse(await client.request({ method: "GET", path: path(accessKey) }));
}

export function listApiKeys(client: HttpClient, filter: ApiKeyFilter, pageSize = 100): Promise<ApiKey[]> {
  return collect(
    paginatePages(
      async (page, page_size) => {
        const body = ListApiKeysSchema.parse(
          await client.request({ method: "GET", path: path(), query: { ...filter, page, page_size } }),
        );
        return { items: body.api_keys, totalCount: body.total_count };
      },
      { pageSize },
    ),
  );
}

/**
 * The secret is in this answer only. If the answer is lost after the server may have acted, `recover` runs before
 * the request is sent again (see the ApiKey resource: it removes the key whose secret was lost).
 */
export async function createApiKey(
  client: HttpClient,
  body: CreateApiKeyRequest,
  recover?: () => Promise<ApiKey | undefined>,
): Promise<ApiKey> {
  return ApiKeySchema.parse(await client.request({ method: "POST", path: path(), body, recover }));
}

export async function updateApiKey(client: HttpClient, accessKey: string, body: UpdateApiKeyRequest): Promise<ApiKey> {
  return ApiKeySchema.parse(await client.request({ method: "PATCH", path: path(accessKey), body }));
}

export async function deleteApiKey(client: HttpClient, accessKey: string): Promise<void> {
  await client.request({ method: "DELETE", path: path(accessKey) });
}
