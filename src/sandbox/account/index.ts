import { header } from "../http/request";
import { Router } from "../http/router";
import { uuid } from "../ids";
import { authenticateScaleway } from "../scaleway/auth";
import type { ScalewayContext } from "../scaleway/context";
import { scalewayError } from "../scaleway/errors";
import type { SystemModule } from "../system";
import { registerOrganizationRoutes } from "./organization";
import { liveToken, registerTokenRoutes } from "./token";

/**
 * Scaleway's legacy account API (historically `https://account.scaleway.com`), on its own server. X-Auth-Token is
 * a legacy token's id, or any credential IAM accepts (the secret key, a created API key's secret); refusals use
 * IAM's denied_authentication shape.
 */
export function createAccountSystem(context: ScalewayContext): SystemModule {
  const router = new Router();
  registerTokenRoutes(router, context);
  registerOrganizationRoutes(router, context);
  return {
    name: "account",
    router,
    authenticate: (request) => {
      const token = header(request, "x-auth-token");
      if (token !== undefined && liveToken(context.state, token)) return undefined;
      return authenticateScaleway(request, context.credentials, context.state);
    },
    error: (status, message) => scalewayError(status, message),
    headers: () => ({ "x-request-id": uuid() }),
  };
}
