import { z } from "zod";
import type { HttpClient } from "../http";
import { collect, paginateTokens } from "../paginate";
import { waitFor } from "../wait";

/**
 * OpenShift operations (spec: GetOperation). The OpenAPI's status is PENDING | RUNNING | SUCCEEDED | FAILED, the
 * redoc document's PENDING | RUNNING | DONE | FAILED: DONE and SUCCEEDED both mean success (DESIGN §2.3).
 */
export const OperationSchema = z.object({
  id: z.string(),
  type: z.string().nullish(),
  status: z.string(),
  error: z.object({ code: z.union([z.string(), z.number()]).nullish(), message: z.string().nullish() }).nullish(),
  createTime: z.string().nullish(),
  endTime: z.string().nullish(),
  // StringOrObject: pool operations carry `{nodePoolName}`.
  data: z.unknown().optional(),
});
export type Operation = z.infer<typeof OperationSchema>;

export const OPERATION_SUCCESS = ["SUCCEEDED", "DONE"] as const;

export const operationSucceeded = (op: Operation) => (OPERATION_SUCCESS as readonly string[]).includes(op.status);
export const operationFailed = (op: Operation) => op.status === "FAILED";

/** Why an operation failed, in its own words. */
export function operationError(op: Operation): string {
  const code = op.error?.code;
  const message = op.error?.message;
  const detail = [code, message].filter((part) => part !== undefined && part !== null && part !== "").join(": ");
  return `operation ${op.id}${op.type ? ` (${op.type})` : ""} FAILED${detail ? `: ${detail}` : ""}`;
}

export const getOperation = async (client: HttpClient, spaceId: string, id: string) =>
  OperationSchema.parse(
    await client.request({
      method: "GET",
      path: `/openshift/spaces/${encodeURIComponent(spaceId)}/operations/${encodeURIComponent(id)}`,
    }),
  );

/** ListOperations of a cluster that have not ended (PENDING or RUNNING), every page. */
export const listRunningOperations = (client: HttpClient, spaceId: string, clusterId: string) =>
  collect(
    paginateTokens<Operation>(async (nextToken) => {
      const body = (await client.request({
        method: "GET",
        path: `/openshift/spaces/${encodeURIComponent(spaceId)}/operations`,
        query: { clusterId, status: ["PENDING", "RUNNING"], "page[size]": 50, "page[nextToken]": nextToken },
      })) as { items?: unknown[] | null; nextPageToken?: string | null };
      return { items: (body?.items ?? []).map((i) => OperationSchema.parse(i)), nextPageToken: body?.nextPageToken };
    }),
  );

/** The node pool an operation works on, when it is a pool operation. */
export const operationPool = (op: Operation): string | undefined => {
  const name = (op.data as { nodePoolName?: unknown } | null | undefined)?.nodePoolName;
  return typeof name === "string" ? name : undefined;
};

/**
 * Polls an operation until it ends: success returns it, FAILED throws at once with the operation's error. A 401
 * while polling is renewed by the client (a new token, the poll sent again): it is never taken for success.
 */
export function awaitOperation(
  client: HttpClient,
  spaceId: string,
  operation: Operation,
  what: string,
  timeoutS: number,
): Promise<Operation> {
  if (operationSucceeded(operation)) return Promise.resolve(operation);
  return waitFor({
    description: `${what} (operation ${operation.id})`,
    poll: () => getOperation(client, spaceId, operation.id),
    isDone: operationSucceeded,
    failure: (op) => (operationFailed(op) ? operationError(op) : undefined),
    describe: (op) => `operation ${op.status}`,
    timeoutMs: timeoutS * 1000,
  });
}
