import { Pool } from "undici";
import {
  ApiError,
  errorFromResponse,
  type HeaderMap,
  NetworkError,
  type NetworkPhase,
  redact,
  requestIdFrom,
  type SystemName,
  UnauthorizedError,
} from "./errors";
import { type RetryDecision, type RetryPolicy, withRetry } from "./retry";

export interface HttpClientOptions {
  system: SystemName;
  /** Origin plus an optional base path, e.g. http://127.0.0.1:4010 or https://host/api. */
  baseUrl: string;
  /** Called before every attempt, so refreshed credentials are picked up. */
  authHeaders: () => Record<string, string> | Promise<Record<string, string>>;
  /** Values to mask in every error message (auth header values are masked too, without being listed). */
  secrets?: () => readonly string[];
  /** Per attempt, covering connect, headers and body. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  /** On a 401: resolve true once credentials are refreshed, and the request is sent again (once). */
  onUnauthorized?: () => Promise<boolean>;
}

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

export interface RequestOptions<T = unknown> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Default: true for GET/PUT/DELETE/PATCH, false for POST. */
  idempotent?: boolean;
  /** Look-up by natural key: lets a POST whose answer was lost be recovered instead of sent twice. */
  recover?: () => Promise<T | undefined>;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Overrides the shared retry rule for the errors it has an opinion on (returns undefined for the others). */
  classify?: (error: unknown) => RetryDecision | undefined;
}

export interface HttpResponse<T> {
  status: number;
  headers: HeaderMap;
  body: T;
  requestId?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The per-attempt timeout of clients that set none: `EUROSTACK_REQUEST_TIMEOUT_MS` when it is a positive number (the
 * plugin runs in its own process, so tests and slow links can only reach it through the environment), else 30 s.
 */
export function defaultTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.EUROSTACK_REQUEST_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_TIMEOUT_MS;
}
const POOL_CONNECTIONS = 32;
const USER_AGENT = "pulumi-eurostack";

const pools = new Map<string, Pool>();
// Errors thrown by authHeaders/onUnauthorized, told apart by identity because they may be any ApiError.
const authFailures = new WeakSet<object>();

/** One keep-alive pool per origin for the whole process: every resource of a stack shares its connections. */
export function poolFor(origin: string): Pool {
  const key = new URL(origin).origin;
  let pool = pools.get(key);
  if (!pool || pool.closed || pool.destroyed) {
    pool = new Pool(key, {
      connections: POOL_CONNECTIONS,
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 60_000,
      connect: { timeout: 10_000 },
    });
    pools.set(key, pool);
  }
  return pool;
}

export async function closeAllPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(
    all.map(async (pool) => {
      // close() waits for requests in flight; a hung one must not hang the caller's shutdown.
      const timer = setTimeout(() => void pool.destroy().catch(() => {}), 1_000);
      try {
        await pool.close();
      } catch {
        // already closed or destroyed
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

// Errors raised before a single byte left: the server cannot have acted on the request.
const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function errorCode(error: unknown): string | undefined {
  for (let e: any = error, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (typeof e.code === "string") return e.code;
  }
  return undefined;
}

/** The query string for `query`, joined with "?" or, when the path already has one, "&". */
export function buildQuery(query: Record<string, QueryValue> | undefined, path = ""): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  if (!text) return "";
  return `${path.includes("?") ? "&" : "?"}${text}`;
}

/** Credentials worth masking from auth headers: the whole value and the part after a scheme such as "Bearer". */
function headerSecrets(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const value of Object.values(headers)) {
    out.push(value);
    const scheme = /^\s*\S+\s+(\S+)\s*$/.exec(value);
    if (scheme) out.push(scheme[1]!);
  }
  return out;
}

/** Runs a credentials callback, marking what it throws so the retry loop leaves it alone. */
async function asAuthFailure<R>(call: () => R | Promise<R>): Promise<R> {
  try {
    return await call();
  } catch (error) {
    if (typeof error === "object" && error !== null) authFailures.add(error);
    throw error;
  }
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class HttpClient {
  readonly system: SystemName;
  private readonly origin: string;
  private readonly basePath: string;
  // Every credential this client has sent: an old token may still appear in a late error.
  private readonly authSecrets = new Set<string>();
  private serverOffsetMs: number | undefined;

  constructor(private readonly options: HttpClientOptions) {
    const url = new URL(options.baseUrl);
    this.system = options.system;
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, "");
  }

  /** Parsed JSON body of a 2xx answer (undefined when empty); throws ApiError or NetworkError. */
  async request<T = unknown>(options: RequestOptions<T>): Promise<T> {
    return (await this.requestFull<T>(options)).body;
  }

  /** Like `request`, with status and headers; a recovered result is reported as a synthetic 200 with no headers. */
  async requestFull<T = unknown>(options: RequestOptions<T>): Promise<HttpResponse<T>> {
    const recover = options.recover;
    return withRetry<HttpResponse<T>>(() => this.sendWithAuthRefresh<T>(options), {
      idempotent: options.idempotent ?? options.method !== "POST",
      ...(recover && {
        recover: async () => {
          const found = await recover();
          return found === undefined ? undefined : { status: 200, headers: {}, body: found };
        },
      }),
      policy: { ...this.options.retry, ...options.retry },
      ...(this.options.sleep && { sleep: this.options.sleep }),
      // Credentials that cannot be obtained are the auth layer's failure, already retried there.
      classify: (error) => (authFailures.has(error as object) ? "no" : options.classify?.(error)),
    });
  }

  /**
   * The server's clock minus ours, from the latest answer's Date header (whole seconds, so up to 1 s early), or
   * undefined before any answer carried one. Lets callers compare server timestamps with moments of their own.
   */
  serverClockOffsetMs(): number | undefined {
    return this.serverOffsetMs;
  }

  private noteServerDate(headers: HeaderMap): void {
    const date = Date.parse(String(headers.date ?? ""));
    if (!Number.isNaN(date)) this.serverOffsetMs = date - Date.now();
  }

  private secrets(): string[] {
    return [...(this.options.secrets?.() ?? []), ...this.authSecrets];
  }

  private rememberAuthSecrets(auth: Record<string, string>): void {
    for (const secret of headerSecrets(auth)) {
      this.authSecrets.delete(secret);
      this.authSecrets.add(secret);
    }
    // Bounded: a long-lived process refreshing tokens must not grow this forever; recent ones matter.
    for (const old of this.authSecrets) {
      if (this.authSecrets.size <= 16) break;
      this.authSecrets.delete(old);
    }
  }

  private async sendWithAuthRefresh<T>(options: RequestOptions<T>): Promise<HttpResponse<T>> {
    try {
      return await this.send<T>(options);
    } catch (error) {
      // A 401 means the server did nothing, so re-sending even a POST is safe; once only, to avoid a refresh loop.
      if (!(error instanceof UnauthorizedError) || !this.options.onUnauthorized) throw error;
      if (!(await asAuthFailure(this.options.onUnauthorized))) throw error;
      return this.send<T>(options);
    }
  }

  private async send<T>(options: RequestOptions<T>): Promise<HttpResponse<T>> {
    const { method } = options;
    const path = `${this.basePath}${options.path.startsWith("/") ? "" : "/"}${options.path}`;
    const auth = await asAuthFailure(this.options.authHeaders);
    this.rememberAuthSecrets(auth);
    const headers: Record<string, string> = { accept: "application/json", "user-agent": USER_AGENT };
    let body: string | undefined;
    if (options.form !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(options.form).toString();
    } else if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    Object.assign(headers, options.headers, auth);

    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? defaultTimeoutMs();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await poolFor(this.origin).request({
        path: path + buildQuery(options.query, path),
        method,
        headers,
        body,
        signal: controller.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await response.body.text();
      const responseHeaders = response.headers as HeaderMap;
      this.noteServerDate(responseHeaders);
      if (response.statusCode < 200 || response.statusCode >= 300) {
        throw this.apiError(response.statusCode, responseHeaders, text, method, path);
      }
      const requestId = requestIdFrom(responseHeaders);
      return {
        status: response.statusCode,
        headers: responseHeaders,
        body: parseBody(text) as T,
        ...(requestId !== undefined && { requestId }),
      };
    } catch (error) {
      // A malformed request (bad header value, bad path) is a bug here, not a network failure to retry.
      if (error instanceof ApiError || errorCode(error) === "UND_ERR_INVALID_ARG") throw error;
      throw this.networkError(error, timedOut, timeoutMs, method, path);
    } finally {
      clearTimeout(timer);
    }
  }

  private apiError(status: number, headers: HeaderMap, text: string, method: string, path: string): ApiError {
    return errorFromResponse({
      system: this.system,
      status,
      headers,
      bodyText: text,
      method,
      path,
      secrets: this.secrets(),
    });
  }

  private networkError(error: unknown, timedOut: boolean, timeoutMs: number, method: string, fullPath: string) {
    const path = fullPath.split("?")[0]!;
    const code = errorCode(error);
    const phase: NetworkPhase = !timedOut && code && CONNECT_CODES.has(code) ? "connect" : "sent";
    const cause = error instanceof Error ? error.message : String(error);
    const what = timedOut
      ? `no complete answer within ${timeoutMs}ms`
      : `${phase === "connect" ? "could not connect" : "connection lost"} (${code ? `${code}: ` : ""}${cause})`;
    const consequence = phase === "connect" ? "the request was not sent" : "the request may have reached the server";
    const secrets = this.secrets();
    return new NetworkError({
      phase,
      method,
      system: this.system,
      path: redact(path, secrets),
      message: redact(`${this.system} ${method} ${redact(path, secrets)} failed: ${what}; ${consequence}`, secrets),
      cause: error,
    });
  }
}
