import { ConflictError, NetworkError, NotFoundError, RateLimitedError, ServerError } from "../errors";
import { HttpClient } from "../http";
import type { RetryPolicy } from "../retry";

/** Every WStore administration route lives under this prefix. */
export const ADMIN_PREFIX = "/api/administration";

export interface FiwareConnection {
  /** The store's base URL, e.g. https://store.example.com (the prefix is added here). */
  readonly url: string;
  readonly token: string;
  /** Overrides for tests and benchmarks. */
  readonly retry?: Partial<RetryPolicy>;
  readonly timeoutMs?: number;
}

const clients = new Map<string, HttpClient>();

/**
 * One client per (URL, token). HttpClient always sends `Accept: application/json`, which WStore needs: without it,
 * errors and write answers come as XML or as the literal text "None" (its plain-text formatter drops them).
 */
export function fiwareClient(connection: FiwareConnection): HttpClient {
  const baseUrl = connection.url.replace(/\/+$/, "");
  const key = `${baseUrl}\n${connection.token}\n${JSON.stringify(connection.retry ?? {})}\n${connection.timeoutMs}`;
  let client = clients.get(key);
  if (!client) {
    client = new HttpClient({
      system: "fiware",
      baseUrl,
      authHeaders: () => ({ authorization: `Bearer ${connection.token}` }),
      secrets: () => [connection.token],
      retry: connection.retry,
      timeoutMs: connection.timeoutMs,
    });
    clients.set(key, client);
  }
  return client;
}

export const path = (...parts: string[]) =>
  `${ADMIN_PREFIX}/${parts.map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join("/")}`;

/** A "no such object" for collections the server only lists (units, currencies, repositories, marketplaces). */
export function notFound(what: string, at: string): NotFoundError {
  return new NotFoundError({
    status: 404,
    code: "http_404",
    system: "fiware",
    method: "GET",
    path: at,
    message: `fiware: no ${what} (not in the list the store answers)`,
  });
}

/** WStore answers duplicates of units, currencies and organizations with 400, not 409: they are conflicts all the same. */
const DUPLICATE = /already (exists|registered)/i;

/**
 * WStore calls a remote RSS or Marketplace inside the request and undoes its own change when that call fails; it then
 * answers 502 with its own JSON message. Re-sending would only call the failing remote again.
 */
function isRemoteFailure(error: unknown): error is ServerError {
  return error instanceof ServerError && error.status === 502 && (error.details as any)?.result === "error";
}

/**
 * A write. It is sent once without retries so that a 502 of the remote system surfaces as it is; any other failure
 * goes through the shared retry rules: a POST is re-sent only after `recover` found nothing when the server may have
 * acted (a 5xx or a connection lost after sending); a PUT, which always carries the whole change, is re-sent as is.
 */
export async function write(
  client: HttpClient,
  method: "POST" | "PUT",
  at: string,
  body: unknown,
  recover?: () => Promise<unknown>,
): Promise<void> {
  try {
    await client.request({ method, path: at, body, retry: { retries: 0 } });
    return;
  } catch (error) {
    if (isRemoteFailure(error)) throw error;
    const mayHaveActed = error instanceof ServerError || (error instanceof NetworkError && error.phase === "sent");
    const notActed = error instanceof RateLimitedError || (error instanceof NetworkError && error.phase === "connect");
    if (!mayHaveActed && !notActed) throw asConflict(error);
    if (mayHaveActed && method === "POST") {
      if (!recover) throw error;
      if ((await recover()) !== undefined) return;
    }
    const waitMs = error instanceof RateLimitedError ? Math.min(error.retryAfterMs ?? 200, 60_000) : 200;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  try {
    await client.request({
      method,
      path: at,
      body,
      idempotent: method === "PUT",
      ...(recover && { recover: recover as never }),
    });
  } catch (error) {
    throw asConflict(error);
  }
}

function asConflict(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof ConflictError) return error;
  const api = error as Error & { status?: number; system?: string; method?: string; path?: string };
  if (api.status !== 400 || !DUPLICATE.test(api.message)) return error;
  return new ConflictError({
    status: 400,
    code: "http_400",
    system: "fiware",
    method: api.method ?? "POST",
    path: api.path ?? "",
    message: api.message,
  });
}
