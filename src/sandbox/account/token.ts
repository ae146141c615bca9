import { bodyFields, header, noContent, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { scalewayTimestamp, uuid } from "../ids";
import type { ScalewayContext } from "../scaleway/context";
import type { ScalewayState, UserRecord } from "../scaleway/state";
import { FieldErrors, legacyError, unknownResource } from "./errors";
import { type LegacyTokenRecord, TOKEN_EXTENSION_MS } from "./state";

/**
 * Legacy tokens (apib: Tokens Collection, Token, Token permissions). POST /tokens logs in with the email and password
 * of an IAM user (a member created with a password, or the owner, whose sandbox password is the secret key) and needs
 * no X-Auth-Token; the token's id is the credential the other calls send as X-Auth-Token. Expiry is computed when a
 * token is read (no timer): an expired token is gone (404, and no longer authenticates).
 */
export function registerTokenRoutes(router: Router, context: ScalewayContext): void {
  const { state } = context;
  router.post("/tokens", (request) => createToken(state, request), { public: true });
  router.get("/tokens", (request) => listTokens(context, request));
  router.get("/tokens/:token_id", (request) => withToken(state, request, (token) => ok(token)));
  router.patch("/tokens/:token_id", (request) =>
    withToken(state, request, (token) => {
      if (token.expiresAt !== null) token.expiresAt += TOKEN_EXTENSION_MS;
      return ok(token);
    }),
  );
  router.delete("/tokens/:token_id", (request) =>
    withToken(state, request, (token) => {
      state.legacy.tokens.delete(token.id);
      return noContent();
    }),
  );
  router.get("/tokens/:token_id/permissions", (request) =>
    withToken(state, request, (token) => ({ status: 200, body: { permissions: permissionsOf(state, token) } })),
  );
}

/** The legacy API writes dates as Python's isoformat: microseconds and `+00:00`. */
export function legacyDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, ".$1000+00:00");
}

/** Fields in the apib's order. */
export function showToken(token: LegacyTokenRecord): Record<string, unknown> {
  return {
    creation_date: token.creation_date,
    expires: token.expiresAt === null ? null : legacyDate(token.expiresAt),
    id: token.id,
    inherits_user_perms: true,
    permissions: [],
    roles: [],
    user_id: token.user_id,
  };
}

function ok(token: LegacyTokenRecord): Reply {
  return { status: 200, body: { token: showToken(token) } };
}

/** The token when it exists and has not expired; an expired one is forgotten. */
export function liveToken(state: ScalewayState, id: string): LegacyTokenRecord | undefined {
  const token = state.legacy.tokens.get(id);
  if (!token) return undefined;
  if (token.expiresAt !== null && token.expiresAt <= Date.now()) {
    state.legacy.tokens.delete(id);
    return undefined;
  }
  return token;
}

function withToken(state: ScalewayState, request: SandboxRequest, then: (token: LegacyTokenRecord) => Reply): Reply {
  const token = liveToken(state, request.params.token_id!);
  // The message never repeats the id: it is a credential.
  return token ? then(token) : unknownResource("Token");
}

function createToken(state: ScalewayState, request: SandboxRequest): Reply {
  const body = bodyFields(request);
  const errors = new FieldErrors();
  errors.requireString(body, "email");
  errors.requireString(body, "password");
  if (body.expires !== undefined && body.expires !== null && typeof body.expires !== "boolean") {
    errors.add("expires", "expected a boolean");
  }
  const invalid = errors.reply();
  if (invalid) return invalid;
  const user = [...state.users.values()].find((candidate) => candidate.email === body.email);
  if (!user || user.locked || state.userPasswords.get(user.id) !== body.password) {
    return legacyError(401, "Invalid credentials", "invalid_auth");
  }
  const now = Date.now();
  const token: LegacyTokenRecord = {
    id: uuid(),
    user_id: user.id,
    creation_date: scalewayTimestamp().replace(/Z$/, "+00:00"),
    expiresAt: body.expires === false ? null : now + state.legacy.settings.tokenTtlMs,
  };
  state.legacy.tokens.set(token.id, token);
  const host = header(request, "host") ?? "127.0.0.1";
  return { status: 201, body: { token: showToken(token) }, headers: { location: `http://${host}/tokens/${token.id}` } };
}

/** The caller's user: the one a legacy token belongs to, else the organization's owner (IAM secret key). */
export function callerUser(context: ScalewayContext, request: SandboxRequest): UserRecord | undefined {
  const { state } = context;
  const presented = header(request, "x-auth-token");
  const token = presented === undefined ? undefined : liveToken(state, presented);
  return state.users.get(token?.user_id ?? context.credentials.scalewayUserId);
}

function listTokens(context: ScalewayContext, request: SandboxRequest): Reply {
  const user = callerUser(context, request);
  const tokens = [...context.state.legacy.tokens.keys()]
    .map((id) => liveToken(context.state, id))
    .filter((token): token is LegacyTokenRecord => token !== undefined && token.user_id === user?.id);
  return { status: 200, body: { tokens: tokens.map(showToken) } };
}

/** The apib's shape: service → `<resource>:*` → the organizations (or `<org>:*`) and users it covers. */
function permissionsOf(state: ScalewayState, token: LegacyTokenRecord): Record<string, Record<string, string[]>> {
  const organizations = [...state.organizationIds];
  const everything = organizations.map((id) => `${id}:*`);
  const services: Record<string, string[]> = {
    compute: ["images:*", "ips:*", "security_groups:*", "servers:*", "tasks:*", "volumes:*"],
    dns: ["dns:*"],
    storage: ["storage:*"],
  };
  const permissions: Record<string, Record<string, string[]>> = {
    account: {
      "organization:*": organizations,
      "token:*": [token.user_id],
      "user:*": [token.user_id],
      "users:*": everything,
    },
  };
  for (const [service, resources] of Object.entries(services)) {
    permissions[service] = Object.fromEntries(resources.map((resource) => [resource, [...everything]]));
  }
  permissions.ticket = { "tickets:*": [token.user_id] };
  return permissions;
}
