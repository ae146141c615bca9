import { Router } from "../http/router";
import type { SystemModule } from "../system";
import { registerAclRoutes } from "./acl-binding";
import { numspotError } from "./errors";
import { registerIamPolicyRoutes } from "./iam-policy-binding";
import { registerNodePoolRoutes } from "./node-pool";
import { registerClusterRoutes } from "./openshift-cluster";
import { registerOperationRoutes } from "./operation";
import { registerOrganisationRoutes } from "./organisation";
import { registerPermissionRoutes } from "./permission";
import { registerRoleRoutes } from "./role";
import { registerServiceAccountRoutes } from "./service-account";
import { registerSpaceRoutes } from "./space";
import type { NumspotContext } from "./state";
import { authenticateNumspot, registerTokenRoutes } from "./token";
import { registerUserRoutes } from "./user";

/** Numspot (base `https://api.<region>.numspot.com`): OAuth2 client credentials, then bearer tokens. */
export function createNumspotSystem(context: NumspotContext): SystemModule {
  const router = new Router();
  registerTokenRoutes(router, context);
  registerSpaceRoutes(router, context);
  registerOrganisationRoutes(router, context);
  registerPermissionRoutes(router, context);
  registerRoleRoutes(router, context);
  registerServiceAccountRoutes(router, context);
  registerUserRoutes(router, context);
  registerIamPolicyRoutes(router, context);
  registerAclRoutes(router, context);
  registerClusterRoutes(router, context);
  registerNodePoolRoutes(router, context);
  registerOperationRoutes(router, context);
  return {
    name: "numspot",
    router,
    authenticate: (request) => authenticateNumspot(context, request),
    error: (status, message, request) => numspotError(status, message, request?.path),
  };
}
