/**
 * Reusable wait conditions for entity descriptions, and the machinery that awaits them: a timeout or a terminal
 * failure while the object exists becomes a partial failure carrying the last state (DESIGN §4.7, §4.8).
 */
import { ConflictError, NotFoundError } from "../client/errors";
import type { HttpClient } from "../client/http";
import { formatDuration, waitFor } from "../client/wait";
import type { Props, WaitCondition } from "./description";

/** Until a status field reaches one of `ready`; any of `failed` ends the wait at once. */
export function untilStatus<Api extends Record<string, any>>(options: {
  field: keyof Api & string;
  ready: readonly string[];
  failed?: readonly string[];
}): WaitCondition<Api> {
  const { field, ready, failed = [] } = options;
  return {
    kind: "status",
    what: `to become ${ready.join(" or ")}`,
    isDone: (api) => ready.includes(String(api[field])),
    failure: (api) => (failed.includes(String(api[field])) ? `the server reports it ${api[field]}` : undefined),
    describe: (api) => `${field} ${api[field]}`,
  };
}

/** Until GET answers 404 after DELETE (a 409 before the delete is accepted means "busy, ask again"). */
export function untilGone<Api>(): WaitCondition<Api> {
  return { kind: "gone", what: "to be deleted", isDone: () => false, describe: () => "still present" };
}

/**
 * For APIs that answer 202 with no job id: until the change is visible through GET. A value still unchanged at the
 * deadline is a failure with that value in the message.
 */
export function untilVisible<Api>(
  what: string | ((wanted: Props) => string),
  visible: (api: Api, wanted: Props) => boolean,
  describe: (api: Api) => string,
): WaitCondition<Api> {
  return { kind: "visible", what, isDone: visible, describe };
}

/** A wait that ended without the state awaited; `last` is the last state read, when any. */
export class WaitEndedError<Api> extends Error {
  constructor(
    message: string,
    readonly last: Api,
    readonly terminal: boolean,
  ) {
    super(message);
    this.name = "WaitEndedError";
  }
}

/** Polls GET until `condition` holds; throws WaitEndedError with the last state otherwise. */
export async function awaitCondition<Api>(options: {
  label: string;
  start: Api;
  get: () => Promise<Api>;
  condition: WaitCondition<Api>;
  timeoutS: number;
  timeoutName: string;
  wanted: Props;
}): Promise<Api> {
  const { condition, label, wanted } = options;
  let last = options.start;
  if (condition.isDone(last, wanted)) return last;
  try {
    return await waitFor({
      description: `${label} ${typeof condition.what === "function" ? condition.what(wanted) : condition.what}`,
      poll: async () => {
        last = await options.get();
        return last;
      },
      isDone: (api) => condition.isDone(api, wanted),
      failure: (api) => condition.failure?.(api),
      describe: (api) => condition.describe(api),
      timeoutMs: options.timeoutS * 1000,
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const terminal = condition.failure?.(last) !== undefined;
    const next = terminal
      ? "it cannot recover: the next `pulumi up` replaces it"
      : `it is kept in the stack; the next \`pulumi up\` waits again (timeouts.${options.timeoutName} is ${formatDuration(options.timeoutS * 1000)})`;
    throw new WaitEndedError(`${why}; ${next}`, last, terminal);
  }
}

/** Sends DELETE (again while the server answers 409: busy) and polls until GET answers 404. */
export async function deleteUntilGone(options: {
  label: string;
  client: HttpClient;
  send: () => Promise<void>;
  get: () => Promise<unknown>;
  describe: (api: any) => string;
  timeoutS: number;
}): Promise<void> {
  let accepted = false;
  await waitFor({
    description: `${options.label} to be deleted`,
    poll: async (): Promise<{ gone: boolean; state: string }> => {
      try {
        if (!accepted) {
          await options.send();
          accepted = true;
        }
        return { gone: false, state: options.describe(await options.get()) };
      } catch (error) {
        if (error instanceof NotFoundError) return { gone: true, state: "gone" };
        if (error instanceof ConflictError && !accepted)
          return { gone: false, state: `delete refused: ${error.message}` };
        throw error;
      }
    },
    isDone: (value) => value.gone,
    describe: (value) => value.state,
    timeoutMs: options.timeoutS * 1000,
  });
}
