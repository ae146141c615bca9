import { header, type Reply, type SandboxRequest } from "../http/request";
import { Router } from "../http/router";
import { type SystemModule, statusText } from "../system";
import type { SandboxCredentials } from "../types";
import type { JujuSandboxOptions, JujuState } from "./state";

export interface JujuContext {
  state: JujuState;
  credentials: SandboxCredentials;
  options: JujuSandboxOptions;
}

/** Sojobo answers errors as a bare JSON string, e.g. "The user does not exist!". */
export function jujuError(status: number, message: string): Reply {
  return { status, body: message };
}

const BASIC_CHALLENGE = { "www-authenticate": 'Basic realm="Login Required"' };

/**
 * Juju user management (Sojobo User-API): every call carries BasicAuth and an `api-key` header. Entities (users, ssh
 * keys, credentials, accesses) register their routes on `router` as they are added.
 */
export function createJujuSystem(context: JujuContext): SystemModule {
  const { credentials } = context;
  const router = new Router();
  return {
    name: "juju",
    router,
    authenticate: (request) => authenticateJuju(request, credentials),
    error: (status, message) =>
      jujuError(
        status,
        message ?? (status === 404 ? "The requested resource does not exist!" : capitalize(statusText(status))),
      ),
  };
}

function authenticateJuju(request: SandboxRequest, credentials: SandboxCredentials): Reply | undefined {
  if (header(request, "api-key") !== credentials.jujuApiKey) return jujuError(401, "The api-key is invalid!");
  const authorization = header(request, "authorization") ?? "";
  const match = /^Basic\s+(\S+)$/i.exec(authorization);
  const decoded = match ? Buffer.from(match[1]!, "base64").toString("utf8") : "";
  const separator = decoded.indexOf(":");
  const username = decoded.slice(0, separator);
  const password = decoded.slice(separator + 1);
  if (separator < 0 || username !== credentials.jujuUsername || password !== credentials.jujuPassword) {
    return { ...jujuError(401, "Invalid login credentials!"), headers: BASIC_CHALLENGE };
  }
  return undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
