import type { Reply } from "../http/request";
import { Router } from "../http/router";
import { type SystemModule, statusText } from "../system";
import { type FiwareContext, userForToken } from "./context";
import { registerCurrencyRoutes } from "./currency";
import { registerMarketplaceRoutes } from "./marketplace";
import { registerOrganizationRoutes } from "./organization";
import { registerRepositoryRoutes } from "./repository";
import { message, notAllowed } from "./respond";
import { registerRssRoutes } from "./rss";
import { NON_STAFF_USERNAME } from "./state";
import { registerUnitRoutes } from "./unit";
import { registerUserProfileRoutes } from "./user-profile";

export type { FiwareContext } from "./context";
export type { Format } from "./respond";
export { negotiate } from "./respond";

/** WStore's JSON error shape, as sent when the client asks for `Accept: application/json`. */
export function fiwareError(status: number, text: string): Reply {
  return { status, body: { result: "error", message: text } };
}

const METHODS = ["GET", "POST", "PUT", "DELETE"];

/**
 * FIWARE Store (WStore 4.4) under `/api/administration`: `Authorization: Bearer <token>`. Two users exist: the
 * staff (admin) user of `credentials.fiwareToken` and a non-staff user (`state.nonStaffToken`), so that staff-only
 * operations can be seen answering 403. Errors and write successes follow the `Accept` header (see respond.ts).
 */
export function createFiwareSystem(context: FiwareContext): SystemModule {
  applyOptions(context);
  const router = new Router();
  registerRssRoutes(router, context);
  registerMarketplaceRoutes(router, context);
  registerRepositoryRoutes(router, context);
  registerUnitRoutes(router, context);
  registerCurrencyRoutes(router, context);
  registerOrganizationRoutes(router, context);
  registerUserProfileRoutes(router, context);
  return {
    name: "fiware",
    router,
    authenticate: (request) => {
      if (userForToken(context.state, request)) return undefined;
      // `@authentication_required`: the challenge names Django's login cookie, as the real server's does.
      return message(request, 401, "Authentication required", {
        "www-authenticate": 'Cookie realm="Acme" form-action="/login" cookie-name="sessionid"',
      });
    },
    error: (status, text, request) => {
      if (!request) return fiwareError(status, text ?? statusText(status));
      if (status === 405) {
        return notAllowed(METHODS.filter((method) => router.match(method, request.path).kind === "route"));
      }
      // Python's json.loads message for a body that is not JSON (the document's own example).
      if (request.bodyError && text === request.bodyError) {
        return message(request, 400, "No JSON object could be decoded");
      }
      return message(request, status, text ?? (status === 404 ? "Resource not found" : statusText(status)));
    },
  };
}

/** Options reach the system here: the shared state module creates the state from the credentials alone. */
function applyOptions(context: FiwareContext): void {
  const { state, options } = context;
  if (options.nonStaffToken !== undefined) {
    state.nonStaffToken = options.nonStaffToken;
    state.users.get(NON_STAFF_USERNAME)!.token = options.nonStaffToken;
  }
  if (options.remoteRss !== undefined) state.remote.rss = options.remoteRss;
  if (options.remoteMarketplace !== undefined) state.remote.marketplace = options.remoteMarketplace;
}
