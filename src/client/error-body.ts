/** Helpers shared by the per-system error-body parsers (client/<system>/errors.ts). */

export interface ParsedError {
  code: string;
  message: string;
}

/** Turns a JSON error body (already known to be an object) into a code and a human message; undefined: not its style. */
export type ErrorBodyParser = (body: Record<string, unknown>, status: number) => ParsedError | undefined;

export function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whatever field of a body in no known style holds a message. */
export function genericMessage(body: Record<string, unknown>): string | undefined {
  return (
    str(body.message) ??
    str(body.detail) ??
    str(body.error_description) ??
    str(body.error) ??
    str(body.title) ??
    str(body.description)
  );
}
