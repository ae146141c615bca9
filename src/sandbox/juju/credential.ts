import { bodyFields, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { type Caller, selfOrAdmin } from "./auth";
import { PROCESS_BEING_HANDLED, startChange } from "./changes";
import { type JujuRuntime, route, withUser } from "./context";
import { checkName, invalidData, unauthorized } from "./errors";
import type { CredentialRecord } from "./state";

/**
 * Cloud credentials of a user: `/users/{user}/credentials`. Adding and removing answer 202 and land later. The
 * server de-duplicates by exact content only, so a second credential of the same name with another key is kept
 * beside the first, and DELETE (by name) removes only the first of them.
 */
export function registerCredentialRoutes(router: Router, runtime: JujuRuntime): void {
  // The document says 202 for this GET too (the v1.0.0 code answers 200); the sandbox follows the document.
  route(router, runtime, "GET", "/users/:user/credentials", (request, caller) =>
    withUser(runtime, request, caller, (user) => ({
      status: 202,
      body: user.credentials.map((credential) => ({ ...credential })),
    })),
  );

  route(router, runtime, "POST", "/users/:user/credentials", (request, caller) =>
    credentialChange(runtime, request, caller, (name) => {
      const body = bodyFields(request);
      const { credentials, name: credentialName, c_type: type } = body;
      if (typeof credentialName !== "string" || credentialName === "") return undefined;
      // An unknown cloud type is a KeyError in the server's generate_cred_file: 400 before anything starts.
      if (typeof type !== "string" || !cloudTypes(runtime).has(type)) return undefined;
      if (typeof credentials !== "object" || credentials === null || Array.isArray(credentials)) return undefined;
      const record: CredentialRecord = { name: credentialName, type, key: credentials };
      return {
        kind: "add-credential",
        description: `add credential ${credentialName} (${type}) to ${name}`,
        apply: (user) => {
          const same = canonical(record);
          if (!user.credentials.some((existing) => canonical(existing) === same)) user.credentials.push(record);
        },
      };
    }),
  );

  route(router, runtime, "DELETE", "/users/:user/credentials", (request, caller) =>
    credentialChange(runtime, request, caller, (name) => {
      const credentialName = bodyFields(request).name;
      if (typeof credentialName !== "string") return undefined;
      return {
        kind: "remove-credential",
        description: `remove credential ${credentialName} from ${name}`,
        apply: (user) => {
          const index = user.credentials.findIndex((existing) => existing.name === credentialName);
          if (index >= 0) user.credentials.splice(index, 1);
        },
      };
    }),
  );
}

type CredentialChange = Pick<Parameters<typeof startChange>[2], "description" | "apply"> & {
  kind: "add-credential" | "remove-credential";
};

function credentialChange(
  runtime: JujuRuntime,
  request: SandboxRequest,
  caller: Caller,
  describe: (user: string) => CredentialChange | undefined,
): Reply {
  const checked = checkName(request.params.user);
  if ("error" in checked) return checked.error;
  if (!selfOrAdmin(caller, checked.name)) return unauthorized();
  const change = describe(checked.name);
  if (!change) return invalidData();
  // The server does not look the user up: the script fails in the background and the 202 stands.
  const fails = !runtime.state.users.has(checked.name);
  startChange(runtime.state, runtime.settings, { ...change, user: checked.name, fails });
  return { status: 202, body: PROCESS_BEING_HANDLED };
}

function cloudTypes(runtime: JujuRuntime): Set<string> {
  const types = new Set(runtime.settings.cloudTypes);
  for (const controller of runtime.state.controllers.values()) types.add(controller.type);
  return types;
}

/** Python compares dicts regardless of key order; so does this. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "object" && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
