import type { Reply } from "../http/request";

/**
 * The legacy account API's error body `{message, type}` (with `fields` on validation errors): the shape the
 * historical Scaleway clients parse (`ScalewayAPIError{Message, Fields, Type}` in scaleway-cli v1). The .apib
 * lists the statuses only.
 */
export function legacyError(status: number, message: string, type: string, fields?: Record<string, string[]>): Reply {
  return { status, body: fields ? { fields, message, type } : { message, type } };
}

export function validationError(fields: Record<string, string[]>): Reply {
  return legacyError(400, "Validation Error", "invalid_request_error", fields);
}

export function unknownResource(what: string): Reply {
  return legacyError(404, `${what} not found`, "unknown_resource");
}

/** Field → reasons, collected so one answer names every invalid field. */
export class FieldErrors {
  readonly fields: Record<string, string[]> = {};

  add(field: string, reason: string): void {
    this.fields[field] = [...(this.fields[field] ?? []), reason];
  }

  requireString(body: Record<string, unknown>, field: string): void {
    const value = body[field];
    if (value === undefined || value === null) this.add(field, "required key not provided");
    else if (typeof value !== "string" || value.length === 0) this.add(field, "expected a non-empty string");
  }

  reply(): Reply | undefined {
    return Object.keys(this.fields).length > 0 ? validationError(this.fields) : undefined;
  }
}
