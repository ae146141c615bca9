import { z } from "zod";
import type { HttpClient } from "../http";
import { collect, paginatePages } from "../paginate";
import { IAM_PREFIX } from "./client";

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

const path = (id?: string) => `${IAM_PREFIX}/applications${id ? `/${encodeURIComponent(id)}` : ""}`;

export async function getApplication(client: HttpClient, id: string): Promise<Application> {
  return ApplicationSchema.parse(await client.request({ method: "GET", path: path(id) }));
}

export interface ApplicationFilter {
  organization_id?: string;
  name?: string;
  editable?: boolean;
  tag?: string;
  application_ids?: string[];
}

/** All pages: the API's default page size is 20 and it answers `total_count`. */
export function listApplications(
  client: HttpClient,
  filter: ApplicationFilter,
  pageSize = 100,
): Promise<Application[]> {
  return collect(
    paginatePages(
      async (page, page_size) => {
        const body = ListApplicationsSchema.parse(
          await client.request({ method: "GET", path: path(), query: { ...filter, page, page_size } }),
        );
        return { items: body.applications, totalCount: body.total_count };
      },
      { pageSize },
    ),
  );
}

/**
 * POST is not idempotent, so a retry after the server may have acted first looks for the application the lost
 * attempt would have made (`recover`); only when none exists is the request sent again.
 */
export async function createApplication(
  client: HttpClient,
  body: CreateApplicationRequest,
  recover?: () => Promise<Application | undefined>,
): Promise<Application> {
  return ApplicationSchema.parse(await client.request({ method: "POST", path: path(), body, recover }));
}

export async function updateApplication(
  client: HttpClient,
  id: string,
  body: UpdateApplicationRequest,
): Promise<Application> {
  return ApplicationSchema.parse(await client.request({ method: "PATCH", path: path(id), body }));
}

export async function deleteApplication(client: HttpClient, id: string): Promise<void> {
  await client.request({ method: "DELETE", path: path(id) });
}
