import { AsyncLocalStorage } from "node:async_hooks";
import { HttpClient, type HttpResponse, type RequestOptions } from "../http";
import type { RetryPolicy } from "../retry";
import { TokenSource } from "./auth";

export const NUMSPOT_REGIONS = ["eu-west-2", "cloudgouv-eu-west-1"] as const;
export type NumspotRegion = (typeof NUMSPOT_REGIONS)[number];
export const DEFAULT_NUMSPOT_REGION: NumspotRegion = "eu-west-2";

export interface NumspotConnection {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Base URL; default https://api.<region>.numspot.com. */
  readonly host?: string;
  /** Used when no host is given; default eu-west-2. */
  readonly region?: string;
  /** Overrides for tests and benchmarks. */
  readonly retry?: Partial<RetryPolicy>;
  readonly timeoutMs?: number;
}

export function numspotBaseUrl(connection: Pick<NumspotConnection, "host" | "region">): string {
  const base = connection.host || `https://api.${connection.region || DEFAULT_NUMSPOT_REGION}.numspot.com`;
  return base.replace(/\/+$/, "");
}

/** The bearer token each request sent last, so a 401 can tell which token was refused. */
const sentToken = new AsyncLocalStorage<{ token?: string }>();

/**
 * An HttpClient whose every request runs in its own async context. The token that `authHeaders` attaches is noted
 * there, and `onUnauthorized` renews only when that very token is still the current one: when 20 calls are refused
 * with the same stale token, the first renews and the other 19 reuse its result.
 */
class NumspotHttpClient extends HttpClient {
  override requestFull<T = unknown>(options: RequestOptions<T>): Promise<HttpResponse<T>> {
    return sentToken.run({}, () => super.requestFull<T>(options));
  }
}

const tokenSources = new Map<string, TokenSource>();
const clients = new Map<string, HttpClient>();

/** The token source of a connection, shared by every client of the process that uses the same credentials. */
export function numspotTokenSource(connection: NumspotConnection): TokenSource {
  const baseUrl = numspotBaseUrl(connection);
  const key = `${baseUrl}\n${connection.clientId}\n${connection.clientSecret}`;
  let source = tokenSources.get(key);
  if (!source) {
    source = new TokenSource({
      baseUrl,
      clientId: connection.clientId,
      clientSecret: connection.clientSecret,
      retry: connection.retry,
      timeoutMs: connection.timeoutMs,
    });
    tokenSources.set(key, source);
  }
  return source;
}

/** A client over a given token source (tests build their own source, with a fake clock). */
export function createNumspotClient(connection: NumspotConnection, tokens: TokenSource): HttpClient {
  return new NumspotHttpClient({
    system: "numspot",
    baseUrl: numspotBaseUrl(connection),
    authHeaders: async () => {
      const token = await tokens.token();
      const context = sentToken.getStore();
      if (context) context.token = token;
      return { authorization: `Bearer ${token}` };
    },
    secrets: () => tokens.secrets(),
    onUnauthorized: async () => {
      await tokens.renew(sentToken.getStore()?.token);
      return true;
    },
    retry: connection.retry,
    timeoutMs: connection.timeoutMs,
  });
}

/**
 * One client per (base URL, credentials, overrides), shared by every resource of the process so they share one
 * connection pool and one token. The client secret and the access tokens are redacted from every error.
 */
export function numspotClient(connection: NumspotConnection): HttpClient {
  const key = [
    numspotBaseUrl(connection),
    connection.clientId,
    connection.clientSecret,
    JSON.stringify(connection.retry ?? {}),
    connection.timeoutMs,
  ].join("\n");
  let client = clients.get(key);
  if (!client) {
    client = createNumspotClient(connection, numspotTokenSource(connection));
    clients.set(key, client);
  }
  return client;
}
