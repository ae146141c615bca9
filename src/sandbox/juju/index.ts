import { Router } from "../http/router";
import { type SystemModule, statusText } from "../system";
import type { SandboxCredentials } from "../types";
import { identify } from "./auth";
import { type JujuRuntime, resolveJujuSettings } from "./context";
import { registerControllerAccessRoutes } from "./controller-access";
import { registerCredentialRoutes } from "./credential";
import { FLASK_METHOD_NOT_ALLOWED, FLASK_NOT_FOUND, jujuError } from "./errors";
import { registerModelAccessRoutes } from "./model-access";
import { registerSshKeyRoutes } from "./ssh-key";
import { type JujuSandboxOptions, type JujuState, seedControllers } from "./state";
import { registerUserRoutes } from "./user";

export { settleChanges } from "./changes";
export { jujuError } from "./errors";
export type * from "./state";
export { seedControllers } from "./state";

export interface JujuContext {
  state: JujuState;
  credentials: SandboxCredentials;
  options: JujuSandboxOptions;
}

/**
 * Juju user management (Sojobo User-API, spec juju-user-api.md): users, ssh keys, credentials, controller and model
 * access. Every call carries an `api-key` header and BasicAuth; errors are bare JSON strings; ssh-key, credential and
 * access changes answer 202 and land after `changeDelayMs` on the time-driven clock, or never (`failureRate`).
 */
export function createJujuSystem(context: JujuContext): SystemModule {
  const { state, credentials, options } = context;
  const runtime: JujuRuntime = { state, credentials, settings: resolveJujuSettings(options) };
  if (options.controllers) seedControllers(state, options.controllers, credentials.jujuPassword);
  const router = new Router();
  registerUserRoutes(router, runtime);
  registerSshKeyRoutes(router, runtime);
  registerCredentialRoutes(router, runtime);
  registerControllerAccessRoutes(router, runtime);
  registerModelAccessRoutes(router, runtime);
  return {
    name: "juju",
    router,
    authenticate: (request) => {
      const result = identify(request, credentials, state);
      return "denied" in result ? result.denied : undefined;
    },
    error: (status, message) => {
      if (message !== undefined) return jujuError(status, message);
      if (status === 404) return jujuError(404, FLASK_NOT_FOUND);
      if (status === 405) return jujuError(405, FLASK_METHOD_NOT_ALLOWED);
      return jujuError(status, capitalize(statusText(status)));
    },
  };
}

function capitalize(text: string): string {
  return text.replace(/\b\w/g, (first) => first.toUpperCase());
}
