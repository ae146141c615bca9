import { type ErrorBodyParser, isRecord, str } from "../error-body";

/** The per-field detail of a 400 (spec: BadRequestError `violations: [{field, description}]`). */
function violations(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const parts = value.filter(isRecord).map((v) => {
    const field = str(v.field) ?? str(v.name) ?? str(v.pointer);
    const why = str(v.description) ?? str(v.message) ?? str(v.reason);
    return field && why ? `${field}: ${why}` : (field ?? why ?? "");
  });
  const useful = parts.filter((part) => part !== "");
  return useful.length > 0 ? useful.join("; ") : undefined;
}

/** problem+json (RFC 9457) with `violations`; the token endpoint's OAuth2 `{error, error_description}`; Ory's `{error: {…}}`. */
export const parseNumspotError: ErrorBodyParser = (body, status) => {
  if (str(body.error)) return { code: str(body.error)!, message: str(body.error_description) ?? str(body.error)! };
  if (isRecord(body.error)) {
    const e = body.error;
    const message = [str(e.message), str(e.reason)].filter(Boolean).join(": ");
    return { code: str(e.id) ?? str(e.status) ?? `http_${status}`, message: message || `http ${status}` };
  }
  const code = str(body.title) ?? str(body.type) ?? `http_${status}`;
  let message = str(body.detail) ?? str(body.title) ?? str(body.message) ?? str(body.type) ?? `http ${status}`;
  const fields = violations(body.violations);
  if (fields) message += ` (${fields})`;
  return { code, message };
};
