import { header, type Reply, type SandboxRequest } from "../http/request";
import type { SandboxCredentials } from "../types";
import { message } from "./respond";
import type { FiwareSandboxOptions, FiwareState, UserRecord } from "./state";

export interface FiwareContext {
  state: FiwareState;
  credentials: SandboxCredentials;
  options: FiwareSandboxOptions;
}

export const ADMIN = "/api/administration";

/** The user a bearer token authenticates; undefined for an unknown or missing token. */
export function userForToken(state: FiwareState, request: SandboxRequest): UserRecord | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header(request, "authorization") ?? "");
  if (!match) return undefined;
  for (const user of state.users.values()) if (user.token === match[1]) return user;
  return undefined;
}

/** The authenticated user: the server has already refused requests without one. */
export function requester(context: FiwareContext, request: SandboxRequest): UserRecord {
  const user = userForToken(context.state, request);
  if (!user) throw new Error("request reached a handler without an authenticated user");
  return user;
}

/** WStore's staff check, with the view's own message; undefined when the user is staff. */
export function staffOnly(context: FiwareContext, request: SandboxRequest, text = "Forbidden"): Reply | undefined {
  return requester(context, request).staff ? undefined : message(request, 403, text);
}

/** The URL patterns of WStore only match names of `[\w -]+`; anything else is no route at all (404). */
export function validPathName(name: string): boolean {
  return /^[\w -]+$/.test(name);
}
