import { bodyFields } from "../http/request";
import type { Router } from "../http/router";
import { PROCESS_BEING_HANDLED, startChange } from "./changes";
import { authorize, type JujuRuntime, route, withUser } from "./context";
import { checkAccess, findControllerAccess } from "./controller-access";
import { checkName, doesNotExist, unauthorized } from "./errors";
import { type JujuUserRecord, MODEL_LEVELS, type ModelLevel } from "./state";

/**
 * Model access: `/users/{user}/controllers/{controller}/models[/{model}]`. PUT answers 202 (DESIGN.md §2.4; the
 * document says 200 with the access) and lands later; a controller level sent here never lands. DELETE removes the
 * user from the model at once and answers the user's remaining models on that controller, as documented. A GET of
 * one model answers `{name, access}` or `{access}` (settings.modelAccessShape).
 */
export function registerModelAccessRoutes(router: Router, runtime: JujuRuntime): void {
  const { state } = runtime;
  const base = "/users/:user/controllers/:controller/models";

  route(router, runtime, "GET", base, (request, caller) => {
    const authorized = authorize(runtime, caller, request.params.controller);
    if ("error" in authorized) return authorized.error;
    return withUser(runtime, request, caller, (user) => ({
      status: 200,
      body: showModels(user, authorized.controller.name),
    }));
  });

  route(router, runtime, "GET", `${base}/:model`, (request, caller) => {
    const authorized = authorize(runtime, caller, request.params.controller, request.params.model);
    if ("error" in authorized) return authorized.error;
    const model = authorized.model!;
    return withUser(runtime, request, caller, (user) => {
      const entry = findControllerAccess(user, authorized.controller.name)?.models.find((m) => m.name === model);
      const access = entry?.access ?? null;
      return { status: 200, body: nextShapeIsFull() ? { name: model, access } : { access } };
    });
  });

  route(router, runtime, "PUT", `${base}/:model`, (request, caller) => {
    const authorized = authorize(runtime, caller, request.params.controller, request.params.model);
    if ("error" in authorized) return authorized.error;
    const controller = authorized.controller.name;
    const model = authorized.model!;
    const checked = checkName(request.params.user);
    if ("error" in checked) return checked.error;
    if (!mayManage(caller.name, caller.isAdmin, controller, model) || checked.name === state.admin) {
      return unauthorized();
    }
    const access = checkAccess(bodyFields(request).access);
    if (typeof access !== "string") return access;
    if (!state.users.has(checked.name)) return doesNotExist("user");
    startChange(state, runtime.settings, {
      kind: "model-access",
      user: checked.name,
      description: `set ${checked.name}'s access to model ${controller}/${model} to ${access}`,
      fails: !(MODEL_LEVELS as readonly string[]).includes(access),
      apply: (user) => setModelAccess(user, controller, model, access as ModelLevel),
    });
    return { status: 202, body: PROCESS_BEING_HANDLED };
  });

  route(router, runtime, "DELETE", `${base}/:model`, (request, caller) => {
    const authorized = authorize(runtime, caller, request.params.controller, request.params.model);
    if ("error" in authorized) return authorized.error;
    const controller = authorized.controller.name;
    const model = authorized.model!;
    const checked = checkName(request.params.user);
    if ("error" in checked) return checked.error;
    const user = state.users.get(checked.name);
    if (!user) return doesNotExist("user");
    if (!mayManage(caller.name, caller.isAdmin, controller, model) || user.name === state.admin) {
      return unauthorized();
    }
    const entry = findControllerAccess(user, controller);
    if (entry) entry.models = entry.models.filter((m) => m.name !== model);
    return { status: 200, body: showModels(user, controller) ?? [] };
  });

  function nextShapeIsFull(): boolean {
    const { modelAccessShape } = runtime.settings;
    if (modelAccessShape !== "alternate") return modelAccessShape === "name-and-access";
    return state.modelAccessReads++ % 2 === 0;
  }

  /** The server lets a model admin or a controller superuser change others' access to the model. */
  function mayManage(caller: string, isAdmin: boolean, controller: string, model: string): boolean {
    if (isAdmin) return true;
    const access = findControllerAccess(state.users.get(caller), controller);
    return (
      access?.access === "superuser" || access?.models.some((m) => m.name === model && m.access === "admin") === true
    );
  }
}

/** The user's models on one controller, `[{name, access}]`; null when the user has no access to the controller. */
function showModels(user: JujuUserRecord, controller: string): { name: string; access: string }[] | null {
  const entry = findControllerAccess(user, controller);
  return entry ? entry.models.map((model) => ({ ...model })) : null;
}

/** As set_model_access.py: a user without access to the controller gets `login` on it first. */
function setModelAccess(user: JujuUserRecord, controller: string, model: string, level: ModelLevel): void {
  let entry = findControllerAccess(user, controller);
  if (!entry) {
    entry = { name: controller, access: "login", models: [] };
    user.controllers.push(entry);
  }
  const existing = entry.models.find((m) => m.name === model);
  if (existing) existing.access = level;
  else entry.models.push({ name: model, access: level });
}
