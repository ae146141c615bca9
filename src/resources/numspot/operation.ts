import { ApiError, ConflictError } from "../../client/errors";
import type { HttpClient } from "../../client/http";
import {
  awaitOperation,
  getOperation,
  listRunningOperations,
  type Operation,
  operationError,
  operationFailed,
  operationPool,
  operationSucceeded,
} from "../../client/numspot/operation";
import type { WaitCondition } from "../description";

/** An OpenShift object as the provider sees it while an operation the server answered with may still run. */
export interface WithOperation {
  spaceId: string;
  state?: string | null;
  operation?: Operation;
}

/**
 * Until the operation a change answered with ends (DONE and SUCCEEDED are success; FAILED fails at once with the
 * operation's error), through the shared wait machinery: its deadline, and a timeout or failure recorded as a
 * partial failure with the object's id. The object is read again when the operation ends. Without an operation
 * (an earlier run stored none), until `ready` is read, or `failed`.
 */
export function untilOperation<Api extends WithOperation>(options: {
  ready?: readonly string[];
  failed?: readonly string[];
}): WaitCondition<Api> {
  const { ready, failed = [] } = options;
  const stateDone = (api: Api) => ready === undefined || ready.includes(String(api.state));
  return {
    kind: "status",
    what: "to finish its operation",
    isDone: (api) => (api.operation ? operationSucceeded(api.operation) && stateDone(api) : stateDone(api)),
    failure: (api) => {
      if (api.operation && operationFailed(api.operation)) return operationError(api.operation);
      return failed.includes(String(api.state)) ? `the server reports it ${api.state}` : undefined;
    },
    describe: (api) =>
      [api.operation ? `operation ${api.operation.status}` : undefined, api.state ? `state ${api.state}` : undefined]
        .filter(Boolean)
        .join(", ") || "in progress",
    async poll(client, last, get) {
      if (!last.operation || operationSucceeded(last.operation) || operationFailed(last.operation)) {
        return { ...(await get()), operation: last.operation };
      }
      const operation = await getOperation(client, last.spaceId, last.operation.id);
      if (!operationSucceeded(operation) && !operationFailed(operation)) return { ...last, operation };
      // Ended: the object as the operation left it (a FAILED create leaves the cluster FAILED).
      try {
        return { ...(await get()), operation };
      } catch (error) {
        if (operationFailed(operation)) return { ...last, operation };
        throw error;
      }
    },
  };
}

/** The server refuses a change while another operation runs on the cluster (409) or on the pool (400 saying so). */
const isBusy = (error: unknown) =>
  error instanceof ConflictError ||
  (error instanceof ApiError && error.status === 400 && /in progress/i.test(error.message));

/**
 * A delete that answers with an operation, awaited to its end. Refused as busy, it waits for what runs instead of
 * failing: its own earlier DELETE whose answer was lost (then that operation is the one to await), or another change
 * of the cluster or pool (then the DELETE is sent again once it ends).
 */
export async function deleteAwaited(options: {
  client: HttpClient;
  spaceId: string;
  clusterId: string;
  /** For a pool: only its own operations count. */
  pool?: string;
  deleteType: "DELETE_CLUSTER" | "DELETE_NODE_POOL";
  what: string;
  timeoutS: number;
  send: () => Promise<Operation>;
}): Promise<void> {
  const { client, spaceId, what, timeoutS } = options;
  for (let attempt = 1; ; attempt++) {
    let operation: Operation;
    try {
      operation = await options.send();
    } catch (error) {
      if (!isBusy(error) || attempt > 3) throw error;
      const running = (await listRunningOperations(client, spaceId, options.clusterId)).filter(
        (op) => options.pool === undefined || operationPool(op) === options.pool,
      );
      const deleting = running.find((op) => op.type === options.deleteType);
      if (deleting) {
        await awaitOperation(client, spaceId, deleting, what, timeoutS);
        return;
      }
      for (const op of running) {
        // Its outcome is not ours to report: the DELETE that follows is.
        await awaitOperation(client, spaceId, op, `${what}: operation ${op.id} to end first`, timeoutS).catch(
          () => undefined,
        );
      }
      continue;
    }
    await awaitOperation(client, spaceId, operation, what, timeoutS);
    return;
  }
}
