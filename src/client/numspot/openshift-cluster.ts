import { z } from "zod";
import type { HttpClient } from "../http";
import { collect, paginateTokens } from "../paginate";
import { type Operation, OperationSchema } from "./operation";

/** spec: OpenShiftNodepool. */
export const NodePoolSchema = z.object({
  name: z.string(),
  nodeProfile: z.string(),
  nodeCount: z.number(),
  availabilityZoneName: z.string().nullish(),
  gpu: z.string().nullish(),
  tina: z.string().nullish(),
});
export type ApiNodePool = z.infer<typeof NodePoolSchema>;

/** spec: OpenShiftCluster (description: redoc only); `urls` once ACTIVE. */
export const ClusterSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  state: z.string().nullish(),
  availabilityZoneName: z.string().nullish(),
  version: z.string().nullish(),
  cidr: z.string().nullish(),
  nodePools: z.array(NodePoolSchema).nullish(),
  urls: z.object({ console: z.string().nullish(), api: z.string().nullish() }).nullish(),
});
export type Cluster = z.infer<typeof ClusterSchema>;

const CreatedSchema = z.object({ id: z.string(), name: z.string().nullish(), operation: OperationSchema });
const DeletedSchema = z.object({ operation: OperationSchema });

const clusters = (spaceId: string) => `/openshift/spaces/${encodeURIComponent(spaceId)}/clusters`;
const one = (spaceId: string, id: string) => `${clusters(spaceId)}/${encodeURIComponent(id)}`;

export const getCluster = async (client: HttpClient, spaceId: string, id: string) =>
  ClusterSchema.parse(await client.request({ method: "GET", path: one(spaceId, id) }));

/** ListClusters: all pages (at most 50 a page). */
export const listClusters = (client: HttpClient, spaceId: string) =>
  collect(
    paginateTokens<Cluster>(async (nextToken) => {
      const body = (await client.request({
        method: "GET",
        path: clusters(spaceId),
        query: { "page[size]": 50, "page[nextToken]": nextToken },
      })) as { items?: unknown[] | null; nextPageToken?: string | null };
      return { items: (body?.items ?? []).map((i) => ClusterSchema.parse(i)), nextPageToken: body?.nextPageToken };
    }),
  );

/** CreateCluster: 201 `{id, name, operation}`. */
export const createCluster = async (
  client: HttpClient,
  spaceId: string,
  body: Record<string, unknown>,
  recover?: () => Promise<{ id: string; operation: Operation } | undefined>,
) => CreatedSchema.parse(await client.request({ method: "POST", path: clusters(spaceId), body, recover }));

/** UpdateCluster (a POST, 200 with the cluster): name and description. */
export const updateCluster = async (
  client: HttpClient,
  spaceId: string,
  id: string,
  body: { name?: string; description?: string },
) => ClusterSchema.parse(await client.request({ method: "POST", path: one(spaceId, id), body, idempotent: true }));

/** DeleteCluster: 202 with the deletion's operation (409 while another operation runs). */
export const deleteCluster = async (client: HttpClient, spaceId: string, id: string) =>
  DeletedSchema.parse(await client.request({ method: "DELETE", path: one(spaceId, id) })).operation;
