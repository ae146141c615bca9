import { Router } from "../http/router";
import { uuid } from "../ids";
import type { SystemModule } from "../system";
import { registerApiKeyRoutes } from "./api-key";
import { registerApplicationRoutes } from "./application";
import { authenticateScaleway } from "./auth";
import type { ScalewayContext } from "./context";
import { scalewayError } from "./errors";

/** Scaleway IAM v1alpha1 on its own server (base `https://api.scaleway.com`). */
export function createScalewaySystem(context: ScalewayContext): SystemModule {
  const router = new Router();
  registerApplicationRoutes(router, context);
  registerApiKeyRoutes(router, context);
  return {
    name: "scaleway",
    router,
    authenticate: (request) => authenticateScaleway(request, context.credentials, context.state),
    error: (status, message) => scalewayError(status, message),
    headers: () => ({ "x-request-id": uuid() }),
  };
}
