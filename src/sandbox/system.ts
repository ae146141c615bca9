import type { Reply, SandboxRequest } from "./http/request";
import type { Router } from "./http/router";
import type { SystemName } from "./types";

/**
 * One emulated API: its routes, how it authenticates, and its error shape. The server applies latency, faults and
 * recording the same way for all of them; everything that differs between systems lives behind this interface.
 */
export interface SystemModule {
  readonly name: SystemName;
  readonly router: Router;
  /** undefined when the request may proceed; otherwise the system's own 401 answer. */
  authenticate(request: SandboxRequest): Reply | undefined;
  /** An answer with `status` in the system's error shape (unknown routes, injected faults, handler crashes). */
  error(status: number, message?: string, request?: SandboxRequest): Reply;
  /** Headers the real server puts on every answer (request ids). */
  headers?(request: SandboxRequest): Record<string, string>;
}

export const STATUS_TEXT: Record<number, string> = {
  400: "bad request",
  401: "unauthorized",
  403: "forbidden",
  404: "not found",
  405: "method not allowed",
  408: "request timeout",
  409: "conflict",
  412: "precondition failed",
  429: "too many requests",
  500: "internal server error",
  502: "bad gateway",
  503: "service unavailable",
  504: "gateway timeout",
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? `http ${status}`;
}
