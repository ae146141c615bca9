/**
 * Reusable wait conditions for entity descriptions, and the machinery that awaits them: a timeout or a terminal
 * failure while the object exists becomes a partial failure carrying the last state (DESIGN §4.7, §4.8).
 */
import { performance } from "node:perf_hooks";
import { ConflictError, NetworkError, NotFoundError, ServerError } from "../client/errors";
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
 * deadline is a failure with that value in the message. `resend`, for a change the server de-duplicates, sends it
 * again while it is not shown (see RESEND_UNSEEN_MS).
 */
export function untilVisible<Api>(
  what: string | ((wanted: Props) => string),
  visible: (api: Api, wanted: Props) => boolean,
  describe: (api: Api) => string,
  resend?: WaitCondition<Api>["resend"],
): WaitCondition<Api> {
  return { kind: "visible", what, isDone: visible, describe, ...(resend ? { resend } : {}) };
}

/**
 * A 202 change can be lost in the server's background (its script failed) or undone there by an older change that
 * landed after it; the answer said nothing of either. A change the server de-duplicates is sent again when it is
 * still not shown this long after the wait began, then after twice as long, and so on within the timeout.
 */
export const RESEND_UNSEEN_MS = 5_000;

/** Called after each poll with whether the change is shown: sends it again on the RESEND_UNSEEN_MS schedule. */
export function unseenResender(resend: () => Promise<void>): (shown: boolean) => Promise<void> {
  const started = performance.now();
  let resendAfterMs = RESEND_UNSEEN_MS;
  return async (shown) => {
    if (shown || performance.now() - started < resendAfterMs) return;
    resendAfterMs *= 2;
    await resend();
  };
}

/**
 * After a DELETE whose answer was lost (a connection dropped after sending, a 5xx), the server may have taken it and
 * carry it out later. Sending it again at once would queue a second removal that, for a delete by name (Sojobo
 * credentials: the first of a name), removes whatever next bears that name — such as the replacement made right
 * after. So the wait first watches this long for the first one to land, and sends again only if it did not.
 */
export const UNSURE_DELETE_RESEND_MS = 10_000;

/** A failure after which the server may still act on the request. */
function mayHaveActed(error: unknown): boolean {
  return (error instanceof NetworkError && error.phase === "sent") || error instanceof ServerError;
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
  /** Sends the change again (the condition's `resend`, bound to a client). */
  resend?: () => Promise<void>;
}): Promise<Api> {
  const { condition, label, wanted } = options;
  let last = options.start;
  if (condition.isDone(last, wanted)) return last;
  const resendIfUnseen = options.resend && unseenResender(options.resend);
  try {
    return await waitFor({
      description: `${label} ${typeof condition.what === "function" ? condition.what(wanted) : condition.what}`,
      poll: async () => {
        last = await options.get();
        await resendIfUnseen?.(condition.isDone(last, wanted));
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

/**
 * Sends DELETE (again while the server answers 409: busy) and polls until GET answers 404. A DELETE whose answer was
 * lost is sent again only if the object is still there UNSURE_DELETE_RESEND_MS later.
 */
export async function deleteUntilGone(options: {
  label: string;
  client: HttpClient;
  send: () => Promise<void>;
  get: () => Promise<unknown>;
  describe: (api: any) => string;
  timeoutS: number;
}): Promise<void> {
  let sent: "no" | "yes" | "unsure" = "no";
  let unsureSince = 0;
  await waitFor({
    description: `${options.label} to be deleted`,
    poll: async (): Promise<{ gone: boolean; state: string }> => {
      try {
        if (sent === "no" || (sent === "unsure" && performance.now() - unsureSince >= UNSURE_DELETE_RESEND_MS)) {
          try {
            await options.send();
            sent = "yes";
          } catch (error) {
            if (!mayHaveActed(error)) throw error;
            sent = "unsure";
            unsureSince = performance.now();
          }
        }
        return { gone: false, state: options.describe(await options.get()) };
      } catch (error) {
        if (error instanceof NotFoundError) return { gone: true, state: "gone" };
        if (error instanceof ConflictError && sent !== "yes")
          return { gone: false, state: `delete refused: ${error.message}` };
        throw error;
      }
    },
    isDone: (value) => value.gone,
    describe: (value) => value.state,
    timeoutMs: options.timeoutS * 1000,
  });
}
