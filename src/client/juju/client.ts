import { NotFoundError } from "../errors";
import { HttpClient, type HttpClientOptions } from "../http";
import type { RetryPolicy } from "../retry";

export interface JujuConnection {
  /** Base URL of the Sojobo API, e.g. https://sojobo.example.com. */
  readonly url: string;
  readonly apiKey: string;
  readonly username: string;
  readonly password: string;
  /** Overrides for tests and benchmarks. */
  readonly retry?: Partial<RetryPolicy>;
  readonly timeoutMs?: number;
}

const clients = new Map<string, HttpClient>();

/**
 * One client per (URL, credentials), shared by every resource of the process. Sojobo wants both an `api-key` header
 * (without it: 400) and BasicAuth on every call; the key, the password and the encoded header are redacted from
 * every error.
 */
export function jujuClient(connection: JujuConnection): HttpClient {
  const baseUrl = connection.url.replace(/\/+$/, "");
  const key = [
    baseUrl,
    connection.apiKey,
    connection.username,
    connection.password,
    JSON.stringify(connection.retry ?? {}),
    connection.timeoutMs,
  ].join("\n");
  let client = clients.get(key);
  if (!client) {
    const basic = Buffer.from(`${connection.username}:${connection.password}`).toString("base64");
    const options: HttpClientOptions = {
      system: "juju",
      baseUrl,
      authHeaders: () => ({ "api-key": connection.apiKey, authorization: `Basic ${basic}` }),
      secrets: () => [connection.apiKey, connection.password, basic],
      retry: connection.retry,
      timeoutMs: connection.timeoutMs,
    };
    client = new HttpClient(options);
    clients.set(key, client);
  }
  return client;
}

export const segment = (name: string) => encodeURIComponent(name);

/**
 * A 404 for something the server shows inside a parent's answer (a key in a user's list, a null access): read treats
 * it like the server's own 404, so refresh drops the object.
 */
export function notShown(path: string, message: string): NotFoundError {
  return new NotFoundError({
    status: 404,
    code: "not_shown",
    system: "juju",
    method: "GET",
    path,
    message: `juju GET ${path}: ${message}`,
  });
}
