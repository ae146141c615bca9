import { z } from "zod";
import type { HttpClient } from "../http";
import { numspotCollection } from "./collection";

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

/** Under the organisation: `/organisations/{organisationId}/spaces`. Create answers 200 with the space QUEUED. */
const spaces = numspotCollection<Space, CreateSpaceRequest, UpdateSpaceRequest>({
  path: (organisationId) => `/organisations/${organisationId}/spaces`,
  schema: SpaceSchema,
  maxPageSize: MAX_SPACE_PAGE_SIZE,
});

export const getSpace = spaces.get;
/** Every space of the organisation, all pages. */
export const listSpaces = (client: HttpClient, organisationId: string, pageSize = MAX_SPACE_PAGE_SIZE) =>
  spaces.list(client, organisationId, pageSize);
export const createSpace = spaces.create;
export const updateSpace = spaces.update;
export const deleteSpace = spaces.delete;
