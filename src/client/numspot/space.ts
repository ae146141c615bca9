import { z } from "zod";
import type { HttpClient } from "../http";
import { collect, paginateTokens } from "../paginate";

/**
 * Spaces (spec: CreateSpace, ListSpaces, GetSpaceById, UpdateSpace, DeleteSpace). Unlike the rest of IAM, these paths
 * have no `/iam` prefix (a real-server fact the document agrees with).
 */

/** `status`: the space can be used only when READY; creation goes QUEUED → RUNNING → READY, or FAILED. */
export const SPACE_STATUSES = ["QUEUED", "RUNNING", "READY", "FAILED"] as const;
export type SpaceStatus = (typeof SPACE_STATUSES)[number];

/**
 * As the API answers (spec: Space = MutableSpace + ImmutableSpace). Read side is lenient where a newer server could
 * differ without harm: any status string (an unknown one is simply "not READY yet"), nullable description and dates.
 */
export const SpaceSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  status: z.string(),
  createdOn: z.string().nullish(),
  updatedOn: z.string().nullish(),
});
export type Space = z.infer<typeof SpaceSchema>;

/** spec: SpacePaginatedList (`nextPageToken` absent on the last page). */
export const SpacePageSchema = z.object({
  items: z.array(SpaceSchema).nullish(),
  nextPageToken: z.string().nullish(),
  totalSize: z.number().int().nullish(),
});

/** spec: CreateSpace (MutableSpace with both fields required): name 1–50, description 1–300 characters. */
export interface CreateSpaceRequest {
  name: string;
  description: string;
}

/** spec: MutableSpace, every field optional (PATCH). */
export type UpdateSpaceRequest = Partial<CreateSpaceRequest>;

/** The largest page ListSpaces accepts (`page[size]` maximum 50). */
export const MAX_SPACE_PAGE_SIZE = 50;

const path = (organisationId: string, spaceId?: string) =>
  `/organisations/${encodeURIComponent(organisationId)}/spaces${spaceId ? `/${encodeURIComponent(spaceId)}` : ""}`;

export async function getSpace(client: HttpClient, organisationId: string, spaceId: string): Promise<Space> {
  return SpaceSchema.parse(await client.request({ method: "GET", path: path(organisationId, spaceId) }));
}

/** Every space of the organisation, all pages. */
export function listSpaces(client: HttpClient, organisationId: string, pageSize = MAX_SPACE_PAGE_SIZE) {
  return collect(
    paginateTokens<Space>(async (nextToken) => {
      const body = SpacePageSchema.parse(
        await client.request({
          method: "GET",
          path: path(organisationId),
          query: { "page[size]": pageSize, "page[nextToken]": nextToken },
        }),
      );
      return { items: body.items ?? [], nextPageToken: body.nextPageToken };
    }),
  );
}

/**
 * Answers 200 with the space in status QUEUED. POST is not idempotent: a retry after the server may have acted
 * first asks `recover` for the space the lost attempt made, and sends again only when there is none.
 */
export async function createSpace(
  client: HttpClient,
  organisationId: string,
  body: CreateSpaceRequest,
  recover?: () => Promise<Space | undefined>,
): Promise<Space> {
  return SpaceSchema.parse(await client.request({ method: "POST", path: path(organisationId), body, recover }));
}

/** Answers 204 with no body: read the space again for its new state. */
export async function updateSpace(
  client: HttpClient,
  organisationId: string,
  spaceId: string,
  body: UpdateSpaceRequest,
): Promise<void> {
  await client.request({ method: "PATCH", path: path(organisationId, spaceId), body });
}

export async function deleteSpace(client: HttpClient, organisationId: string, spaceId: string): Promise<void> {
  await client.request({ method: "DELETE", path: path(organisationId, spaceId) });
}
