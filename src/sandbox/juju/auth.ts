import { timingSafeEqual } from "node:crypto";
import { header, type Reply, type SandboxRequest } from "../http/request";
import type { SandboxCredentials } from "../types";
import { invalidData, unauthorized } from "./errors";
import type { JujuState } from "./state";

/** Who a request acts as: the admin of the sandbox's credentials, or an active user logging in with its password. */
export interface Caller {
  name: string;
  isAdmin: boolean;
}

function basicAuth(request: SandboxRequest): { username: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header(request, "authorization") ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  if (separator < 0) return undefined;
  return { username: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * As w_juju.authenticate: a missing `api-key` header is a KeyError, answered 400 "invalid data" before anything else;
 * a wrong key, no BasicAuth, or a login that neither is the admin's nor opens the first controller answers 403. A
 * non-admin logs in with the password Sojobo gave Juju, and a disabled user cannot log in.
 */
export function identify(
  request: SandboxRequest,
  credentials: SandboxCredentials,
  state: JujuState,
): { caller: Caller } | { denied: Reply } {
  const apiKey = header(request, "api-key");
  if (apiKey === undefined) return { denied: invalidData() };
  if (!same(apiKey, credentials.jujuApiKey)) return { denied: unauthorized() };
  const login = basicAuth(request);
  if (!login) return { denied: unauthorized() };
  if (login.username === credentials.jujuUsername && same(login.password, credentials.jujuPassword)) {
    return { caller: { name: state.admin, isAdmin: true } };
  }
  const user = state.users.get(login.username);
  if (user?.active && user.name !== state.admin && same(login.password, user.password)) {
    return { caller: { name: user.name, isAdmin: false } };
  }
  return { denied: unauthorized() };
}

/** The caller of a request that authenticate() already let through. */
export function callerOf(request: SandboxRequest, credentials: SandboxCredentials, state: JujuState): Caller {
  const result = identify(request, credentials, state);
  if ("denied" in result) throw new Error("juju request reached a handler without authentication");
  return result.caller;
}

/** The server lets a user act on itself; everything else needs the admin (the `token.is_admin or ...` checks). */
export function selfOrAdmin(caller: Caller, user: string): boolean {
  return caller.isAdmin || caller.name === user;
}
