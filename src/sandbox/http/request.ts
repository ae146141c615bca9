import type { IncomingHttpHeaders } from "node:http";
import type { SystemName } from "../types";

/** One request as a route handler sees it: everything read and parsed, nothing left on the socket. */
export interface SandboxRequest {
  system: SystemName;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed JSON or form body; the raw text when it does not parse; undefined when empty. */
  body: unknown;
  /** Set when the body does not parse as its content type says. */
  bodyError?: string;
  /** Path parameters of the matched route. */
  params: Record<string, string>;
  remoteAddress: string;
}

/** What a handler answers; the server serializes it (JSON unless `body` is undefined). */
export interface Reply {
  status: number;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export function parseQuery(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of search) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[key] = [existing, value];
  }
  return query;
}

export function parseBody(rawBody: string, contentType: string | undefined): { body: unknown; bodyError?: string } {
  if (rawBody.length === 0) return { body: undefined };
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("application/x-www-form-urlencoded")) {
    return { body: Object.fromEntries(new URLSearchParams(rawBody)) };
  }
  // Clients that forget the content type still send JSON to these APIs.
  if (type === "" || type.includes("json")) {
    try {
      return { body: JSON.parse(rawBody) };
    } catch (error) {
      return { body: rawBody, bodyError: `invalid JSON body: ${(error as Error).message}` };
    }
  }
  return { body: rawBody };
}

/** The first value of a query parameter. */
export function queryValue(request: SandboxRequest, name: string): string | undefined {
  const value = request.query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Every value of a repeatable query parameter, whether repeated (`a=1&a=2`) or comma-separated (`a=1,2`). */
export function queryValues(request: SandboxRequest, name: string): string[] {
  const value = request.query[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(",")).filter((item) => item !== "");
}

export function header(request: SandboxRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as an object of fields; anything else (absent, array, scalar) reads as no fields. */
export function bodyFields(request: SandboxRequest): Record<string, unknown> {
  const body = request.body;
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}

export function noContent(): Reply {
  return { status: 204 };
}

/** The record with this id handed to `then`, or the system's own 404 answer (`missing`) when there is none. */
export function findOr404<T>(
  records: ReadonlyMap<string, T>,
  id: string,
  missing: (id: string) => Reply,
  then: (record: T) => Reply,
): Reply {
  const record = records.get(id);
  return record === undefined ? missing(id) : then(record);
}
