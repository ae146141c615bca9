import type { Reply, SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import type { SandboxCredentials } from "../types";
import { type Caller, callerOf, selfOrAdmin } from "./auth";
import { type ChangeSettings, settleChanges } from "./changes";
import { checkName, doesNotExist, unauthorized } from "./errors";
import {
  type ControllerRecord,
  DEFAULT_CLOUD_TYPES,
  type JujuSandboxOptions,
  type JujuState,
  type JujuUserRecord,
  type ModelAccessShape,
} from "./state";

export interface JujuSettings extends ChangeSettings {
  modelAccessShape: ModelAccessShape;
  cloudTypes: readonly string[];
}

export function resolveJujuSettings(options: JujuSandboxOptions = {}): JujuSettings {
  const failureRate = options.failureRate ?? 0;
  if (!(failureRate >= 0 && failureRate <= 1)) throw new Error("juju failureRate must be between 0 and 1");
  return {
    delay: options.changeDelayMs ?? 1000,
    failureRate,
    random: options.random ?? Math.random,
    modelAccessShape: options.modelAccessShape ?? "alternate",
    cloudTypes: options.cloudTypes ?? DEFAULT_CLOUD_TYPES,
  };
}

/** What every Juju entity module works with. */
export interface JujuRuntime {
  state: JujuState;
  credentials: SandboxCredentials;
  settings: JujuSettings;
}

export type JujuHandler = (request: SandboxRequest, caller: Caller) => Reply;

/** Registers a route whose handler first lets due background changes land, then learns who calls. */
export function route(router: Router, runtime: JujuRuntime, method: string, pattern: string, handler: JujuHandler) {
  router.add(method, pattern, (request) => {
    settleChanges(runtime.state);
    return handler(request, callerOf(request, runtime.credentials, runtime.state));
  });
}

/**
 * The look-up-or-404 of `/users/{user}` routes, in the server's order: the name rule, then existence, then whether
 * the caller may act on that user.
 */
export function withUser(
  runtime: JujuRuntime,
  request: SandboxRequest,
  caller: Caller,
  then: (user: JujuUserRecord) => Reply,
): Reply {
  const checked = checkName(request.params.user);
  if ("error" in checked) return checked.error;
  const user = runtime.state.users.get(checked.name);
  if (!user) return doesNotExist("user");
  if (!selfOrAdmin(caller, user.name)) return unauthorized();
  return then(user);
}

/**
 * As w_juju.authorize: the controller must exist and the *caller* must have access to it, else it "does not exist";
 * the same for the model when one is named.
 */
export function authorize(
  runtime: JujuRuntime,
  caller: Caller,
  controllerName: string | undefined,
  modelName?: string,
): { error: Reply } | { controller: ControllerRecord; model?: string } {
  const checked = checkName(controllerName);
  if ("error" in checked) return checked;
  const controller = runtime.state.controllers.get(checked.name);
  const callerAccess = runtime.state.users.get(caller.name)?.controllers.find((c) => c.name === checked.name);
  if (!controller || !callerAccess) return { error: doesNotExist("controller") };
  if (modelName === undefined) return { controller };
  const model = checkName(modelName);
  if ("error" in model) return model;
  const callerModel = callerAccess.models.find((m) => m.name === model.name);
  if (!controller.models.includes(model.name) || !callerModel) return { error: doesNotExist("model") };
  return { controller, model: model.name };
}
