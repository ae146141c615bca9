import { Router } from "../http/router";
import { uuid } from "../ids";
import { authenticateScaleway } from "../scaleway/auth";
import type { ScalewayContext } from "../scaleway/context";
import { scalewayError } from "../scaleway/errors";
import type { SystemModule } from "../system";

/**
 * Scaleway's legacy account API (historically `https://account.scaleway.com`): same X-Auth-Token and error shapes as
 * IAM, on its own server. Entities (tokens, invitations) register their routes on `router` as they are added.
 */
export function createAccountSystem(context: ScalewayContext): SystemModule {
  const router = new Router();
  return {
    name: "account",
    router,
    authenticate: (request) => authenticateScaleway(request, context.credentials, context.state),
    error: (status, message) => scalewayError(status, message),
    headers: () => ({ "x-request-id": uuid() }),
  };
}
