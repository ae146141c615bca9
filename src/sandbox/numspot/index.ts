import { Router } from "../http/router";
import type { SystemModule } from "../system";
import { numspotError } from "./errors";
import { registerSpaceRoutes } from "./space";
import type { NumspotContext } from "./state";
import { authenticateNumspot, registerTokenRoutes } from "./token";

/** Numspot (base `https://api.<region>.numspot.com`): OAuth2 client credentials, then bearer tokens. */
export function createNumspotSystem(context: NumspotContext): SystemModule {
  const router = new Router();
  registerTokenRoutes(router, context);
  registerSpaceRoutes(router, context);
  return {
    name: "numspot",
    router,
    authenticate: (request) => authenticateNumspot(context, request),
    error: (status, message, request) => numspotError(status, message, request?.path),
  };
}
