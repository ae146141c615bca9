import { randomBytes } from "node:crypto";
import { bodyFields, header, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { oauthError, unauthenticated } from "./errors";
import type { NumspotContext } from "./state";

export const TOKEN_PATH = "/iam/token";

/**
 * OAuth2 client credentials (spec: Token): `POST /iam/token`, form `grant_type=client_credentials`, the client in
 * `Authorization: Basic` (or in the form, as OAuth2 also allows). Tokens expire after `tokenTtlSeconds`.
 */
export function registerTokenRoutes(router: Router, context: NumspotContext): void {
  router.post(TOKEN_PATH, (request) => issueToken(context, request), { public: true });
}

function issueToken(context: NumspotContext, request: SandboxRequest): Reply {
  const form = bodyFields(request);
  const grantType = form.grant_type;
  if (typeof grantType !== "string" || grantType === "") {
    return oauthError(400, "invalid_request", "The request is missing the required parameter grant_type.");
  }
  const client = clientOf(request, form);
  if (
    !client ||
    client.id !== context.credentials.numspotClientId ||
    client.secret !== context.credentials.numspotClientSecret
  ) {
    return oauthError(
      401,
      "invalid_client",
      "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).",
    );
  }
  if (grantType !== "client_credentials") {
    return oauthError(
      400,
      "unsupported_grant_type",
      `The authorization grant type ${grantType} is not supported by the authorization server.`,
    );
  }
  const ttl = context.settings.tokenTtlSeconds;
  const issuedAt = Date.now();
  const accessToken = jwtLike(client.id, issuedAt, ttl);
  context.state.tokens.set(accessToken, { clientId: client.id, expiresAt: issuedAt + ttl * 1000 });
  return { status: 200, body: { access_token: accessToken, expires_in: Math.floor(ttl), token_type: "Bearer" } };
}

function clientOf(request: SandboxRequest, form: Record<string, unknown>): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header(request, "authorization") ?? "");
  if (match) {
    const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
    const separator = decoded.indexOf(":");
    if (separator < 0) return undefined;
    // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined.
    return {
      id: safeDecode(decoded.slice(0, separator)),
      secret: safeDecode(decoded.slice(separator + 1)),
    };
  }
  if (typeof form.client_id === "string" && typeof form.client_secret === "string") {
    return { id: form.client_id, secret: form.client_secret };
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

/** Shaped like the real JWTs (the spec says bearerFormat JWT) so clients that peek at `exp` find it; not signed. */
function jwtLike(clientId: string, issuedAt: number, ttlSeconds: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const iat = Math.floor(issuedAt / 1000);
  const claims = {
    sub: clientId,
    iat,
    exp: Math.floor((issuedAt + ttlSeconds * 1000) / 1000),
    jti: randomBytes(12).toString("hex"),
  };
  return `${encode({ alg: "none", typ: "JWT" })}.${encode(claims)}.${randomBytes(16).toString("base64url")}`;
}

/** undefined for a known, unexpired bearer token; the 401 problem otherwise. */
export function authenticateNumspot(context: NumspotContext, request: SandboxRequest): Reply | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header(request, "authorization") ?? "");
  if (!match) return unauthenticated("Ensure valid credentials are provided.", request.path);
  const token = context.state.tokens.get(match[1]!);
  if (!token) return unauthenticated("The access token is not valid.", request.path);
  if (token.expiresAt <= Date.now()) {
    context.state.tokens.delete(match[1]!);
    return unauthenticated("The access token has expired.", request.path);
  }
  return undefined;
}
