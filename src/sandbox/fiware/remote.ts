import type { FiwareState, RemoteAnswer } from "./state";

/**
 * The stand-in remote RSS and Marketplaces. WStore calls them synchronously inside the request that registers,
 * updates or deletes an entity, and undoes or skips its own change when they fail; the answer they give is set by
 * the caller (`sandbox.state.fiware.remote`, or the `remoteRss` / `remoteMarketplace` options). Every call is
 * recorded in `remoteCalls`.
 */
export function callRemote(
  state: FiwareState,
  remote: "rss" | "marketplace",
  operation: string,
  host: string,
): RemoteAnswer {
  const answer = state.remote[remote];
  state.remoteCalls.push({ remote, operation, host, answer });
  return answer;
}

/**
 * `_make_rss_request` in rss/views.py: a 401 (after a token refresh that the stand-in does not grant) and any other
 * HTTP error become the store's own 401 and 502; a call that never reached an HTTP answer is a 400 with the
 * Python exception's text.
 */
export function rssFailure(answer: RemoteAnswer): { status: number; message: string } | undefined {
  if (answer === "success") return undefined;
  if (answer === 401) return { status: 401, message: "You don't have access to the RSS instance requested" };
  if (answer === 502) return { status: 502, message: "The RSS has failed processing the request" };
  return { status: 400, message: "<urlopen error [Errno 111] Connection refused>" };
}
