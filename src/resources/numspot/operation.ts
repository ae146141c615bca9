import {
  getOperation,
  type Operation,
  operationError,
  operationFailed,
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
