import { STATUS_CODES } from "node:http";
import { type ErrorBodyParser, genericMessage, isRecord } from "./error-body";
import { parseFiwareError } from "./fiware/errors";
import { parseJujuError } from "./juju/errors";
import { parseNumspotError } from "./numspot/errors";
import { redact, redactValue } from "./redact";
import { parseScalewayError } from "./scaleway/errors";

export { redact, redactValue } from "./redact";

export type SystemName = "scaleway" | "account" | "numspot" | "juju" | "fiware";

export interface ApiErrorInit {
  status: number;
  code: string;
  system: SystemName;
  method: string;
  path: string;
  message: string;
  requestId?: string;
  details?: unknown;
  retryAfterMs?: number;
}

/**
 * The root of every error a client call throws: an HTTP answer outside 2xx (ApiError) or no answer (NetworkError).
 * Messages are already redacted.
 */
export class ClientError extends Error {
  readonly system: SystemName;
  readonly method: string;
  readonly path: string;

  constructor(init: { system: SystemName; method: string; path: string; message: string; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.system = init.system;
    this.method = init.method;
    this.path = init.path;
  }
}

/** An HTTP answer outside 2xx. The message is already redacted; so are `path` and `details`. */
export class ApiError extends ClientError {
  readonly status: number;
  readonly code: string;
  readonly requestId?: string;
  readonly details?: unknown;
  readonly retryAfterMs?: number;

  constructor(init: ApiErrorInit) {
    super(init);
    this.status = init.status;
    this.code = init.code;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.details !== undefined) this.details = init.details;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

export class BadRequestError extends ApiError {}
export class UnauthorizedError extends ApiError {}
export class ForbiddenError extends ApiError {}
export class NotFoundError extends ApiError {}
export class ConflictError extends ApiError {}
/** Scaleway's 409 `transient_state`: the object is busy; the same call succeeds later. */
export class TransientStateError extends ConflictError {}
export class RateLimitedError extends ApiError {}
export class ServerError extends ApiError {}

export type NetworkPhase = "connect" | "sent";

/** No HTTP answer. `connect`: the request provably never reached the server; `sent`: it may have. */
export class NetworkError extends ClientError {
  readonly phase: NetworkPhase;

  constructor(init: {
    phase: NetworkPhase;
    method: string;
    path: string;
    system: SystemName;
    message: string;
    cause?: unknown;
  }) {
    super(init);
    this.phase = init.phase;
  }
}

const MAX_RAW_TEXT = 500;

function truncate(text: string, max = MAX_RAW_TEXT): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Each system's own error-body style; every parser lives beside its system's client. */
const PARSERS: Record<SystemName, ErrorBodyParser> = {
  scaleway: parseScalewayError,
  account: parseScalewayError,
  numspot: parseNumspotError,
  juju: parseJujuError,
  fiware: parseFiwareError,
};

/**
 * Extracts a code and a human message from an error body in the style of each system. Tolerant: a body in another
 * style, or not JSON at all, still yields something readable.
 */
export function parseErrorBody(
  system: SystemName,
  status: number,
  text: string,
): { code: string; message: string; details?: unknown } {
  const fallbackCode = `http_${status}`;
  const trimmed = text.trim();
  if (trimmed === "") return { code: fallbackCode, message: STATUS_CODES[status] ?? `HTTP ${status}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { code: fallbackCode, message: truncate(trimmed) };
  }
  if (typeof parsed === "string") return { code: fallbackCode, message: truncate(parsed) };
  if (!isRecord(parsed)) return { code: fallbackCode, message: truncate(trimmed), details: parsed };

  // A body in another system's style (a proxy's, say) still yields whatever field holds a message.
  const result = PARSERS[system](parsed, status) ?? {
    code: fallbackCode,
    message: genericMessage(parsed) ?? truncate(trimmed),
  };
  return { code: result.code, message: truncate(result.message, 2000), details: parsed };
}

export type HeaderMap = Record<string, string | string[] | undefined>;

export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

const REQUEST_ID_HEADERS = ["x-request-id", "x-scw-request-id", "request-id", "x-correlation-id", "x-trace-id"];

export function requestIdFrom(headers: HeaderMap): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headerValue(headers, name);
    if (value) return value;
  }
  return undefined;
}

/** Seconds or an HTTP date; undefined when absent or unreadable. A date in the past means "now" (0). */
export function parseRetryAfter(header: string | string[] | undefined, nowMs: number = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

function errorClassFor(status: number, code: string): typeof ApiError {
  if (status === 400 || status === 422) return BadRequestError;
  if (status === 401) return UnauthorizedError;
  if (status === 403) return ForbiddenError;
  if (status === 404) return NotFoundError;
  if (status === 409) return code === "transient_state" ? TransientStateError : ConflictError;
  if (status === 429) return RateLimitedError;
  if (status >= 500) return ServerError;
  return ApiError;
}

export function errorFromResponse(args: {
  system: SystemName;
  status: number;
  headers: HeaderMap;
  bodyText: string;
  method: string;
  path: string;
  secrets?: readonly string[];
}): ApiError {
  const { system, status, headers, method, secrets } = args;
  const parsed = parseErrorBody(system, status, args.bodyText);
  const requestId = requestIdFrom(headers);
  const retryAfterMs = parseRetryAfter(headerValue(headers, "retry-after"));
  const path = redact(args.path.split("?")[0]!, secrets);
  const suffix = requestId ? ` (request id ${requestId})` : "";
  // A synthesized http_<status> code would only repeat the status.
  const code = parsed.code === `http_${status}` ? "" : ` ${parsed.code}`;
  const message = redact(`${system} ${method} ${path} failed: ${status}${code}: ${parsed.message}${suffix}`, secrets);
  const ErrorClass = errorClassFor(status, parsed.code);
  return new ErrorClass({
    status,
    code: parsed.code,
    system,
    method,
    path,
    message,
    ...(requestId !== undefined && { requestId }),
    ...(parsed.details !== undefined && { details: redactValue(parsed.details, secrets) }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  });
}
