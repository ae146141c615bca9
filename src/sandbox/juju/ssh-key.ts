import { bodyFields, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { type Caller, selfOrAdmin } from "./auth";
import { PROCESS_BEING_HANDLED, startChange } from "./changes";
import { type JujuRuntime, route, withUser } from "./context";
import { checkName, invalidData, unauthorized } from "./errors";

/**
 * SSH keys of a user: `/users/{user}/ssh`. Adding and removing answer 202 at once and a background script changes
 * the record later; the key is kept verbatim (no normalization), and adding a key already there changes nothing.
 */
export function registerSshKeyRoutes(router: Router, runtime: JujuRuntime): void {
  // The document says 202 for this GET too (the v1.0.0 code answers 200); the sandbox follows the document.
  route(router, runtime, "GET", "/users/:user/ssh", (request, caller) =>
    withUser(runtime, request, caller, (user) => ({ status: 202, body: [...user.sshKeys] })),
  );

  route(router, runtime, "POST", "/users/:user/ssh", (request, caller) =>
    sshKeyChange(runtime, request, caller, (name, key) => ({
      kind: "add-ssh-key",
      description: `add an ssh key to ${name}`,
      apply: (user) => {
        if (!user.sshKeys.includes(key)) user.sshKeys.push(key);
      },
    })),
  );

  route(router, runtime, "DELETE", "/users/:user/ssh", (request, caller) =>
    sshKeyChange(runtime, request, caller, (name, key) => ({
      kind: "remove-ssh-key",
      description: `remove an ssh key from ${name}`,
      apply: (user) => {
        user.sshKeys = user.sshKeys.filter((existing) => existing !== key);
      },
    })),
  );
}

type SshKeyChange = Pick<Parameters<typeof startChange>[2], "description" | "apply"> & {
  kind: "add-ssh-key" | "remove-ssh-key";
};

function sshKeyChange(
  runtime: JujuRuntime,
  request: SandboxRequest,
  caller: Caller,
  describe: (user: string, key: string) => SshKeyChange,
): Reply {
  const checked = checkName(request.params.user);
  if ("error" in checked) return checked.error;
  if (!selfOrAdmin(caller, checked.name)) return unauthorized();
  const key = bodyFields(request)["ssh-key"];
  if (typeof key !== "string") return invalidData();
  // The server does not look the user up: the script fails in the background and the 202 stands.
  const fails = !runtime.state.users.has(checked.name);
  startChange(runtime.state, runtime.settings, { ...describe(checked.name, key), user: checked.name, fails });
  return { status: 202, body: PROCESS_BEING_HANDLED };
}
