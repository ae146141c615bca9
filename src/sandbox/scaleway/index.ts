import { Router } from "../http/router";
import { uuid } from "../ids";
import type { SystemModule } from "../system";
import { registerApiKeyRoutes } from "./api-key";
import { registerApplicationRoutes } from "./application";
import { authenticateScaleway } from "./auth";
import type { ScalewayContext } from "./context";
import { scalewayError } from "./errors";
import { registerGroupRoutes } from "./group";
import { registerGroupMembershipRoutes } from "./group-membership";
import { registerPermissionSetRoutes } from "./permission-sets";
import { registerPolicyRoutes } from "./policy";
import { registerProjectRoutes } from "./project";
import { registerRuleRoutes } from "./rule";
import { registerSshKeyRoutes } from "./ssh-key";
import { registerUserRoutes } from "./user";

/** Scaleway IAM v1alpha1 on its own server (base `https://api.scaleway.com`). */
export function createScalewaySystem(context: ScalewayContext): SystemModule {
  const router = new Router();
  registerApplicationRoutes(router, context);
  registerApiKeyRoutes(router, context);
  registerUserRoutes(router, context);
  registerGroupRoutes(router, context);
  registerGroupMembershipRoutes(router, context);
  registerPolicyRoutes(router, context);
  registerRuleRoutes(router, context);
  registerPermissionSetRoutes(router, context);
  registerSshKeyRoutes(router, context);
  registerProjectRoutes(router, context);
  return {
    name: "scaleway",
    router,
    authenticate: (request) => authenticateScaleway(request, context.credentials, context.state),
    error: (status, message) => scalewayError(status, message),
    headers: () => ({ "x-request-id": uuid() }),
  };
}
