import type { Reply } from "../http/request";
import { statusText } from "../system";

/** One entry of an invalid_arguments answer. `reason` is one of Scaleway's: required, constraint, ... */
export interface ArgumentDetail {
  argument_name: string;
  reason: "required" | "constraint" | "unknown";
  help_message: string;
}

export function invalidArguments(details: ArgumentDetail[]): Reply {
  return { status: 400, body: { details, message: "invalid argument(s)", type: "invalid_arguments" } };
}

export function notFound(resource: string, resourceId: string): Reply {
  return {
    status: 404,
    body: { message: "resource is not found", resource, resource_id: resourceId, type: "not_found" },
  };
}

export function permissionsDenied(resource: string, action: "read" | "write"): Reply {
  return {
    status: 403,
    body: { details: [{ action, resource }], message: "insufficient permissions", type: "permissions_denied" },
  };
}

/** reason: invalid_argument (no token), not_found (unknown token), expired (an expired API key). */
export function deniedAuthentication(reason: "invalid_argument" | "not_found" | "expired"): Reply {
  return {
    status: 401,
    body: { message: "authentication is denied", method: "api_key", reason, type: "denied_authentication" },
  };
}

const TYPE_BY_STATUS: Record<number, string> = {
  400: "invalid_request_error",
  401: "denied_authentication",
  403: "permissions_denied",
  404: "not_found",
  405: "method_not_allowed",
  409: "transient_state",
  412: "precondition_failed",
  429: "too_many_requests",
  500: "internal_error",
  502: "bad_gateway",
  503: "service_unavailable",
  504: "gateway_timeout",
};

/** `{message, type}` for any status: the shape Scaleway's gateway and services share. */
export function scalewayError(status: number, message?: string): Reply {
  if (status === 404 && message === undefined)
    return { status, body: { message: "resource is not found", type: "not_found" } };
  if (status === 409) {
    return {
      status,
      body: {
        message: message ?? "resource is in a transient state",
        resource: "",
        resource_id: "",
        current_state: "",
        type: "transient_state",
      },
    };
  }
  return { status, body: { message: message ?? statusText(status), type: TYPE_BY_STATUS[status] ?? "unknown_error" } };
}

/** Collects argument errors so one answer lists them all, as the real server does. */
export class ArgumentErrors {
  readonly details: ArgumentDetail[] = [];

  required(name: string): void {
    this.details.push({ argument_name: name, reason: "required", help_message: "required key not provided" });
  }

  constraint(name: string, help: string): void {
    this.details.push({ argument_name: name, reason: "constraint", help_message: help });
  }

  reply(): Reply | undefined {
    return this.details.length > 0 ? invalidArguments(this.details) : undefined;
  }
}

/** As recorded on group membership changes: `current_state` names what the resource is doing. */
export function transientState(resource: string, resourceId: string, currentState = "updating"): Reply {
  return {
    status: 409,
    body: {
      current_state: currentState,
      message: "resource is in a transient state",
      resource,
      resource_id: resourceId,
      type: "transient_state",
    },
  };
}

/**
 * A unique name or email taken inside the organization. No recording shows this answer: the shape follows the other
 * resource errors (`resource`, `resource_id`), with the id of the object that holds the name.
 */
export function alreadyExists(resource: string, resourceId: string): Reply {
  return {
    status: 409,
    body: { message: "resource already exists", resource, resource_id: resourceId, type: "already_exists" },
  };
}
