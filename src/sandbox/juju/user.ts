import { bodyFields, type Reply } from "../http/request";
import type { Router } from "../http/router";
import { type JujuRuntime, route, withUser } from "./context";
import { alreadyExists, checkName, doesNotExist, empty, invalidData, jujuError, unauthorized } from "./errors";
import type { ControllerAccessRecord, JujuState, JujuUserRecord } from "./state";

/**
 * Users: `/users` (GET, POST, PUT re-enables) and `/users/{user}` (GET, PUT password, DELETE disables). A user is
 * never removed: DELETE only disables it, and its name answers 409 to every later POST /users (DESIGN.md §2.4).
 */
export function registerUserRoutes(router: Router, runtime: JujuRuntime): void {
  const { state } = runtime;

  route(router, runtime, "GET", "/users", (_request, caller) => {
    // A non-admin gets its own record, not a list (w_juju.get_users_info).
    if (!caller.isAdmin) return { status: 200, body: showUser(state.users.get(caller.name)!) };
    const active = [...state.users.values()].filter((user) => user.active);
    return { status: 200, body: active.map(showUser) };
  });

  route(router, runtime, "POST", "/users", (request, caller) => {
    const body = bodyFields(request);
    const checked = checkName(body.username);
    if ("error" in checked) return checked.error;
    if (!caller.isAdmin) return unauthorized();
    if (state.users.has(checked.name)) return alreadyExists("user");
    const password = checkPassword(body.password);
    if (typeof password !== "string") return password;
    state.users.set(checked.name, {
      name: checked.name,
      password,
      active: true,
      sshKeys: [],
      credentials: [],
      controllers: [],
    });
    grantLoginEverywhere(state, state.users.get(checked.name)!);
    return { status: 200, body: `User ${checked.name} succesfully created.` };
  });

  // Not in the document; the server's reactivate_user, the only way back for a disabled name.
  route(router, runtime, "PUT", "/users", (request, caller) => {
    const checked = checkName(bodyFields(request).username);
    if ("error" in checked) return checked.error;
    if (!caller.isAdmin) return unauthorized();
    const user = state.users.get(checked.name);
    // The server crashes (500) on an unknown name here; the sandbox answers what the other routes answer.
    if (!user) return doesNotExist("user");
    user.active = true;
    grantLoginEverywhere(state, user);
    return { status: 200, body: `User ${user.name} succesfully activated` };
  });

  route(router, runtime, "GET", "/users/:user", (request, caller) =>
    withUser(runtime, request, caller, (user) => ({ status: 200, body: showUser(user) })),
  );

  route(router, runtime, "PUT", "/users/:user", (request, caller) =>
    withUser(runtime, request, caller, (user) => {
      const password = checkPassword(bodyFields(request).password);
      if (typeof password !== "string") return password;
      user.password = password;
      return { status: 200, body: `succesfully changed password for user ${user.name}` };
    }),
  );

  route(router, runtime, "DELETE", "/users/:user", (request, caller) => {
    const checked = checkName(request.params.user);
    if ("error" in checked) return checked.error;
    if (!caller.isAdmin) return unauthorized();
    const user = state.users.get(checked.name);
    if (!user) return doesNotExist("user");
    if (user.name === state.admin) return jujuError(403, "This would remove the admin from the system!");
    const removed = { name: user.name, controllers: user.controllers.map((access) => showRemoved(state, access)) };
    // Disabled in Juju and stripped of all access, but the record and its name stay (datastore.disable_user).
    user.active = false;
    user.controllers = [];
    return { status: 200, body: [removed] };
  });
}

/** The user as GET /users/{user} documents it; credentials are shown with their content, as the server does. */
export function showUser(user: JujuUserRecord): Record<string, unknown> {
  return {
    name: user.name,
    active: user.active,
    credentials: user.credentials.map((credential) => ({ ...credential })),
    ssh_keys: [...user.sshKeys],
    controllers: user.controllers.map((access) => ({
      name: access.name,
      access: access.access,
      models: access.models.map((model) => ({ ...model })),
    })),
  };
}

function showRemoved(state: JujuState, access: ControllerAccessRecord): Record<string, unknown> {
  return {
    name: access.name,
    type: state.controllers.get(access.name)?.type ?? null,
    access: access.access,
    models: access.models.map((model) => ({ ...model })),
  };
}

function checkPassword(value: unknown): string | Reply {
  if (value === undefined) return invalidData();
  if (value === null || value === "") return empty();
  return typeof value === "string" ? value : invalidData();
}

/** Creating or re-enabling a user grants it `login` on every controller (w_juju.create_user, enable_user). */
function grantLoginEverywhere(state: JujuState, user: JujuUserRecord): void {
  for (const controller of state.controllers.values()) {
    if (!user.controllers.some((access) => access.name === controller.name)) {
      user.controllers.push({ name: controller.name, access: "login", models: [] });
    }
  }
}
