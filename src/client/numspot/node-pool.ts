import { z } from "zod";
import { NotFoundError } from "../errors";
import type { HttpClient } from "../http";
import { type ApiNodePool, NodePoolSchema } from "./openshift-cluster";
import { type Operation, OperationSchema } from "./operation";

const pools = (spaceId: string, clusterId: string) =>
  `/openshift/spaces/${encodeURIComponent(spaceId)}/clusters/${encodeURIComponent(clusterId)}/nodepools`;
const one = (spaceId: string, clusterId: string, name: string) =>
  `${pools(spaceId, clusterId)}/${encodeURIComponent(name)}`;

const Answer = z.object({ operation: OperationSchema });

/** ListNodepools: no pages. */
export async function listNodePools(client: HttpClient, spaceId: string, clusterId: string): Promise<ApiNodePool[]> {
  const body = (await client.request({ method: "GET", path: pools(spaceId, clusterId) })) as { items?: unknown[] };
  return (body?.items ?? []).map((item) => NodePoolSchema.parse(item));
}

/** There is no GET of one pool: it is read from the list; a pool not there is a 404 like any other. */
export async function getNodePool(client: HttpClient, spaceId: string, clusterId: string, name: string) {
  const found = (await listNodePools(client, spaceId, clusterId)).find((pool) => pool.name === name);
  if (!found) {
    throw new NotFoundError({
      status: 404,
      code: "resource_not_found",
      system: "numspot",
      method: "GET",
      path: pools(spaceId, clusterId),
      message: `node pool ${name} not found in cluster ${clusterId}`,
    });
  }
  return found;
}

/** CreateNodePool: 201 with an operation; the pool appears when it succeeds. */
export const createNodePool = async (
  client: HttpClient,
  spaceId: string,
  clusterId: string,
  body: Record<string, unknown>,
  recover?: () => Promise<{ operation: Operation } | undefined>,
) => Answer.parse(await client.request({ method: "POST", path: pools(spaceId, clusterId), body, recover })).operation;

/** UpdateNodepool: `{count}`, 202 with an operation; the count changes when it succeeds. */
export const scaleNodePool = async (
  client: HttpClient,
  spaceId: string,
  clusterId: string,
  name: string,
  count: number,
) =>
  Answer.parse(
    await client.request({ method: "POST", path: one(spaceId, clusterId, name), body: { count }, idempotent: true }),
  ).operation;

export const deleteNodePool = async (client: HttpClient, spaceId: string, clusterId: string, name: string) =>
  Answer.parse(await client.request({ method: "DELETE", path: one(spaceId, clusterId, name) })).operation;
