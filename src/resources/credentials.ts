import { ApiError, NotFoundError } from "../client/errors";
import type { HttpClient } from "../client/http";
import type { EntityDescription, Props } from "./description";

function isCredentialRefusal(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.code === "invalid_client");
}

/**
 * Runs a call with the newest credentials available: the program's inputs when the host passes them, then the
 * stored `connection`, then stack config and environment. Only a credential refusal moves on to the next; a 404
 * from a fallback cannot be trusted (it may be another account) and surfaces the first refusal instead.
 */
export async function withNewestCredentials<T>(
  d: EntityDescription,
  connections: (Props | undefined)[],
  call: (client: HttpClient) => Promise<T>,
): Promise<T> {
  const seen = new Set<string>();
  let refusal: unknown;
  const given = connections.filter((connection) => connection !== undefined && connection !== null);
  for (const connection of [...given, undefined]) {
    const key = JSON.stringify(connection ?? null);
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      return await call(d.system.client(connection));
    } catch (error) {
      if (refusal !== undefined && (error instanceof NotFoundError || isCredentialRefusal(error))) throw refusal;
      if (!isCredentialRefusal(error)) throw error;
      refusal = error;
    }
  }
  throw refusal;
}
