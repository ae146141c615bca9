import { bodyFields, type Reply } from "../http/request";
import type { Router } from "../http/router";
import { PROCESS_BEING_HANDLED, startChange } from "./changes";
import { authorize, type JujuRuntime, route, withUser } from "./context";
import { checkName, doesNotExist, invalidAccess, invalidData, unauthorized } from "./errors";
import {
  CONTROLLER_LEVELS,
  type ControllerAccessRecord,
  type ControllerLevel,
  type JujuState,
  type JujuUserRecord,
  MODEL_LEVELS,
} from "./state";

/**
 * Controller access: `/users/{user}/controllers[/{controller}]`. PUT answers 202 and lands later. The server takes
 * model levels here too (its check_access knows both lists), and then Juju refuses them in the background, so such
 * a change never lands. There is no DELETE in the document (the v1.0.0 code has one that cannot work), so the
 * lowest level, `login`, is as far as access goes down.
 */
export function registerControllerAccessRoutes(router: Router, runtime: JujuRuntime): void {
  const { state } = runtime;

  route(router, runtime, "GET", "/users/:user/controllers", (request, caller) =>
    withUser(runtime, request, caller, (user) => ({
      status: 200,
      body: user.controllers.map((access) => showControllerAccess(state, access)),
    })),
  );

  route(router, runtime, "GET", "/users/:user/controllers/:controller", (request, caller) => {
    const authorized = authorize(runtime, caller, request.params.controller);
    if ("error" in authorized) return authorized.error;
    return withUser(runtime, request, caller, (user) => {
      const access = findControllerAccess(user, authorized.controller.name);
      // A user without access to the controller: the server finds no entry and answers null.
      return { status: 200, body: access ? showControllerAccess(state, access) : null };
    });
  });

  route(router, runtime, "PUT", "/users/:user/controllers/:controller", (request, caller) => {
    const authorized = authorize(runtime, caller, request.params.controller);
    if ("error" in authorized) return authorized.error;
    const controller = authorized.controller.name;
    const checked = checkName(request.params.user);
    if ("error" in checked) return checked.error;
    const callerAccess = findControllerAccess(state.users.get(caller.name), controller);
    if (!(caller.isAdmin || callerAccess?.access === "superuser") || checked.name === state.admin) {
      return unauthorized();
    }
    const access = checkAccess(bodyFields(request).access);
    if (typeof access !== "string") return access;
    if (!state.users.has(checked.name)) return doesNotExist("user");
    startChange(state, runtime.settings, {
      kind: "controller-access",
      user: checked.name,
      description: `set ${checked.name}'s access to controller ${controller} to ${access}`,
      fails: !(CONTROLLER_LEVELS as readonly string[]).includes(access),
      apply: (user) => setControllerAccess(state, user, controller, access as ControllerLevel),
    });
    return { status: 202, body: PROCESS_BEING_HANDLED };
  });
}

/** The documented shape: the controller's name as the key, its models as `{model: level}` pairs. */
function showControllerAccess(state: JujuState, access: ControllerAccessRecord): Record<string, unknown> {
  return {
    [access.name]: {
      access: access.access,
      models: access.models.map((model) => ({ [model.name]: model.access })),
      type: state.controllers.get(access.name)?.type ?? null,
    },
  };
}

export function findControllerAccess(
  user: JujuUserRecord | undefined,
  controller: string,
): ControllerAccessRecord | undefined {
  return user?.controllers.find((access) => access.name === controller);
}

/** w_juju.check_access: either list of levels, any case; anything else names "access" rather than the value. */
export function checkAccess(value: unknown): string | Reply {
  if (typeof value !== "string") return invalidData();
  const level = value.toLowerCase();
  const known = [...CONTROLLER_LEVELS, ...MODEL_LEVELS] as readonly string[];
  return known.includes(level) ? level : invalidAccess();
}

/** As set_controller_access.py: superuser also gets admin on every model of the controller. */
function setControllerAccess(state: JujuState, user: JujuUserRecord, controller: string, level: ControllerLevel) {
  let entry = findControllerAccess(user, controller);
  if (!entry) {
    entry = { name: controller, access: level, models: [] };
    user.controllers.push(entry);
  }
  entry.access = level;
  if (level === "superuser") {
    const models = state.controllers.get(controller)?.models ?? [];
    entry.models = models.map((name) => ({ name, access: "admin" }));
  }
}
