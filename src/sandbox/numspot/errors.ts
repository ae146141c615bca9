import type { Reply } from "../http/request";
import { statusText } from "../system";

const ERRORS = "https://portal.api.numspot.com/errors";

export interface Violation {
  field: string;
  description: string;
}

/** RFC 9457 problem details as Numspot sends them (spec: Error, BadRequestError). */
export function problem(
  status: number,
  type: string,
  title: string,
  detail?: string,
  instance?: string,
  violations?: Violation[],
): Reply {
  const body: Record<string, unknown> = { type: type.startsWith("about:") ? type : `${ERRORS}#${type}`, title };
  if (detail !== undefined) body.detail = detail;
  if (instance !== undefined) body.instance = instance;
  if (violations !== undefined) body.violations = violations;
  return { status, body, contentType: "application/problem+json" };
}

export function unauthenticated(detail: string, instance: string): Reply {
  return {
    ...problem(
      401,
      "unauthenticated_access",
      "Unauthorized attempt to access a resource without proper authentication.",
      detail,
      instance,
    ),
    headers: { "www-authenticate": 'Bearer realm="numspot"' },
  };
}

export function invalidParameter(violations: Violation[], instance: string): Reply {
  return problem(
    400,
    "invalid_parameter",
    "Invalid parameter",
    "The request has invalid parameters.",
    instance,
    violations,
  );
}

export function forbidden(detail: string, instance: string): Reply {
  return problem(403, "forbidden_access", "Forbidden", detail, instance);
}

export function resourceNotFound(detail: string, instance: string): Reply {
  return problem(404, "resource_not_found", "Resource not found", detail, instance);
}

const TYPE_BY_STATUS: Record<number, string> = {
  400: "invalid_parameter",
  401: "unauthenticated_access",
  403: "forbidden_access",
  404: "resource_not_found",
  405: "method_not_allowed",
  409: "duplicate_resource",
  414: "uri_too_long",
  500: "internal_server_error",
  502: "internal_server_error",
  503: "internal_server_error",
  504: "internal_server_error",
};

/** Any status as problem+json; statuses the spec's type list has no entry for (429) use `about:blank` (RFC 9457). */
export function numspotError(status: number, message?: string, instance?: string): Reply {
  const type = TYPE_BY_STATUS[status] ?? "about:blank";
  const title = statusText(status).replace(/^\w/, (first) => first.toUpperCase());
  return problem(status, type, title, message, instance);
}

/** The token endpoint's own error shape (spec: ErrorOauth2), plain JSON rather than problem+json. */
export function oauthError(status: number, error: string, description: string): Reply {
  return { status, body: { error, error_description: description } };
}

/** A 400 whose type names the problem more precisely than invalid_parameter (spec: ErrorDocumentationUrl). */
export function badRequest(type: string, title: string, violations: Violation[], instance: string): Reply {
  return problem(400, type, title, "The request has invalid parameters.", instance, violations);
}

export function conflict(type: string, detail: string, instance: string): Reply {
  return problem(409, type, "Conflict", detail, instance);
}
