/** What ControllerAccess and ModelAccess share: a level set by a 202 PUT and awaited until GET shows it. */
import { NotFoundError } from "../../client/errors";
import { waitFor } from "../../client/wait";
import type { Props } from "../description";
import { effectiveTimeouts } from "../fields";
import { untilVisible } from "../waits";
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

export const levelShown = untilVisible<ApiAccess>(
  (wanted) => `to show access ${wanted.access}`,
  (api, wanted) => api.access === wanted.access,
  describeLevel,
);

/**
 * A delete that is a PUT of the lowest level, awaited like a change: within `timeouts.delete`, or a failure naming
 * the level still shown. A user or controller gone (404) has nothing left to lower.
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
    await waitFor({
      description: `${label} to show access ${level}`,
      poll: observe,
      isDone: (api) => api.access === level,
      describe: describeLevel,
      timeoutMs: effectiveTimeouts(props.timeouts, DEFAULT_JUJU_TIMEOUTS).delete * 1000,
    });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
}
