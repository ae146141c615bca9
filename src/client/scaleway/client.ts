import { HttpClient, type HttpClientOptions } from "../http";
import type { RetryPolicy } from "../retry";

export const SCALEWAY_API_URL = "https://api.scaleway.com";
export const IAM_PREFIX = "/iam/v1alpha1";

export interface ScalewayConnection {
  readonly secretKey: string;
  readonly apiUrl?: string;
  /** Overrides for tests and benchmarks. */
  readonly retry?: Partial<RetryPolicy>;
  readonly timeoutMs?: number;
}

const clients = new Map<string, HttpClient>();

/**
 * One client per (URL, key), shared by every resource of the process so they share one connection pool.
 * The secret key is only ever sent as X-Auth-Token and redacted from every error.
 */
export function scalewayClient(connection: ScalewayConnection): HttpClient {
  const baseUrl = (connection.apiUrl ?? SCALEWAY_API_URL).replace(/\/+$/, "");
  const key = `${baseUrl}\n${connection.secretKey}\n${JSON.stringify(connection.retry ?? {})}\n${connection.timeoutMs}`;
  let client = clients.get(key);
  if (!client) {
    const options: HttpClientOptions = {
      system: "scaleway",
      baseUrl,
      authHeaders: () => ({ "X-Auth-Token": connection.secretKey }),
      secrets: () => [connection.secretKey],
      retry: connection.retry,
      timeoutMs: connection.timeoutMs,
    };
    client = new HttpClient(options);
    clients.set(key, client);
  }
  return client;
}
