import { performance } from "node:perf_hooks";
import { z } from "zod";
import { ApiError, BadRequestError, redact, UnauthorizedError } from "../errors";
import { HttpClient } from "../http";
import type { RetryPolicy } from "../retry";

/**
 * OAuth2 client credentials for Numspot (`POST /iam/token`, `Authorization: Basic base64(client_id:client_secret)`,
 * form `grant_type=client_credentials`). One `TokenSource` per (host, client id, secret) is shared by every call of
 * the process: a token is reused until shortly before it expires, and a new one is fetched once, under a single-flight
 * lock, however many calls need it at the same moment.
 */

export const TOKEN_PATH = "/iam/token";

/** As the token endpoint answers (spec: TokenResp). Some OAuth2 servers send `expires_in` as a string. */
export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
  token_type: z.string().optional(),
});

/** Used when the server omits `expires_in`: short, so a long-lived process asks again well before most expiries. */
export const DEFAULT_TOKEN_LIFETIME_S = 300;
/** Renew this much before expiry: 10 % of the lifetime, at most a minute (a request in flight must not outlive it). */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs * 0.1);
}

/** The token endpoint refused the client credentials (or the request): no retry or refresh can help. */
export class NumspotCredentialsError extends ApiError {}

export interface TokenSourceOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Monotonic milliseconds; injectable for tests. */
  now?: () => number;
}

interface Token {
  readonly value: string;
  readonly obtainedAt: number;
  readonly refreshAt: number;
}

export class TokenSource {
  private current?: Token;
  private inflight?: Promise<Token>;
  private readonly http: HttpClient;
  private readonly now: () => number;
  // Tokens handed out recently: an error about a late request may still quote one.
  private readonly issued: string[] = [];
  /** How many token requests were started (for tests and diagnostics). */
  fetches = 0;

  constructor(private readonly options: TokenSourceOptions) {
    this.now = options.now ?? (() => performance.now());
    const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`, "utf8").toString("base64");
    this.http = new HttpClient({
      system: "numspot",
      baseUrl: options.baseUrl,
      authHeaders: () => ({ authorization: `Basic ${basic}` }),
      secrets: () => [options.clientSecret],
      retry: options.retry,
      timeoutMs: options.timeoutMs,
    });
  }

  /** A valid access token: the cached one, or a fresh one when it is about to expire. */
  async token(): Promise<string> {
    const current = this.current;
    if (current && this.now() < current.refreshAt) return current.value;
    return (await this.refresh()).value;
  }

  /**
   * After a 401 with `rejected`: a new token, fetched once for every call that saw the same rejection. When the
   * rejected token was already replaced (another call refreshed meanwhile), the replacement is used as is.
   */
  async renew(rejected: string | undefined): Promise<string> {
    if (this.inflight) return (await this.inflight).value;
    const current = this.current;
    if (current && rejected !== undefined && current.value !== rejected) return current.value;
    return (await this.refresh()).value;
  }

  /** Values to mask from every message: the client secret and the tokens handed out. */
  secrets(): string[] {
    return [this.options.clientSecret, ...this.issued];
  }

  private refresh(): Promise<Token> {
    if (!this.inflight) {
      const pending = this.fetch();
      this.inflight = pending;
      const clear = () => {
        if (this.inflight === pending) this.inflight = undefined;
      };
      pending.then(clear, clear);
    }
    return this.inflight;
  }

  private async fetch(): Promise<Token> {
    this.fetches++;
    const startedAt = this.now();
    let body: unknown;
    try {
      body = await this.http.request({
        method: "POST",
        path: TOKEN_PATH,
        form: { grant_type: "client_credentials" },
        // Asking for another token changes nothing on the server: safe to re-send after any failure.
        idempotent: true,
      });
    } catch (error) {
      throw this.explain(error);
    }
    const parsed = TokenResponseSchema.safeParse(body);
    // Never quote the body: it may hold a token.
    if (!parsed.success) {
      throw new Error(`numspot POST ${TOKEN_PATH} answered 2xx without a usable access_token and expires_in`);
    }
    const lifetimeMs = (parsed.data.expires_in ?? DEFAULT_TOKEN_LIFETIME_S) * 1000;
    // Counted from when the request started: the server's clock started no later than that.
    const token = {
      value: parsed.data.access_token,
      obtainedAt: startedAt,
      refreshAt: startedAt + lifetimeMs - refreshMarginMs(lifetimeMs),
    };
    this.issued.push(token.value);
    if (this.issued.length > 8) this.issued.shift();
    this.current = token;
    return token;
  }

  /** A refused token request, said in terms of what the user must fix. */
  private explain(error: unknown): unknown {
    if (!(error instanceof UnauthorizedError || error instanceof BadRequestError)) return error;
    const hint =
      error instanceof UnauthorizedError
        ? "check the client id and secret (numspot:clientId / NUMSPOT_CLIENT_ID, numspot:clientSecret / NUMSPOT_CLIENT_SECRET)"
        : "the token endpoint refused the client-credentials request";
    return new NumspotCredentialsError({
      status: error.status,
      code: error.code,
      system: "numspot",
      method: error.method,
      path: error.path,
      message: redact(
        `Numspot did not issue an access token for client ${this.options.clientId}: ${error.message}; ${hint}`,
        this.secrets(),
      ),
      ...(error.requestId !== undefined && { requestId: error.requestId }),
      ...(error.details !== undefined && { details: error.details }),
    });
  }
}
