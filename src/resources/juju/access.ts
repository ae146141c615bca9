/** What ControllerAccess and ModelAccess share: a level set by a 202 PUT and awaited until GET shows it. */
import { NotFoundError } from "../../client/errors";
import type { HttpClient } from "../../client/http";
import { waitFor } from "../../client/wait";
import type { Props } from "../description";
import { effectiveTimeouts } from "../fields";
import { unseenResender, untilVisible } from "../waits";
import { DEFAULT_JUJU_TIMEOUTS } from "./names";

export interface ApiAccess {
  /** `<user>/<controller>` or `<user>/<controller>/<model>`. */
  id: string;
  user: string;
  controller: string;
  model?: string;
  /** The level the server shows; null: none. */
  access: string | null;
  type?: string | null;
}

export const describeLevel = (api: ApiAccess) =>
  api.access === null ? "the server shows no access" : `the server still shows access ${api.access}`;

/**
 * Awaits the level asked for. A level is absolute, so it is sent again while not shown (`set`): an older change that
 * lands after it — a lowering PUT re-sent after its answer was lost, from the delete of a replaced access — is undone.
 */
export const levelShown = (set: (client: HttpClient, wanted: Props) => Promise<void>) =>
  untilVisible<ApiAccess>(
    (wanted) => `to show access ${wanted.access}`,
    (api, wanted) => api.access === wanted.access,
    describeLevel,
    set,
  );

/**
 * A delete that is a PUT of the lowest level, awaited like a change (sent again while not shown, as levelShown):
 * within `timeouts.delete`, or a failure naming the level still shown. A user or controller gone (404) has nothing
 * left to lower.
 */
export async function lowerAndWait(
  label: string,
  level: string,
  props: Props,
  put: () => Promise<void>,
  observe: () => Promise<ApiAccess>,
): Promise<void> {
  try {
    await put();
    const resendIfUnseen = unseenResender(put);
    await waitFor({
      description: `${label} to show access ${level}`,
      poll: async () => {
        const api = await observe();
        await resendIfUnseen(api.access === level);
        return api;
      },
      isDone: (api) => api.access === level,
      describe: describeLevel,
      timeoutMs: effectiveTimeouts(props.timeouts, DEFAULT_JUJU_TIMEOUTS).delete * 1000,
    });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
}
