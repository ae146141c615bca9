import type { Reply } from "../http/request";

/**
 * Sojobo answers errors as a bare JSON string, e.g. "The user does not exist!". The texts are those of the server's
 * w_errors.py (tengu-team/layer-sojobo at the commit whose docs/users.md is the spec, f606c7b), typos included.
 */
export function jujuError(status: number, message: string): Reply {
  return { status, body: message };
}

export const invalidData = () =>
  jujuError(400, "The request does not have all the required data or the data is not in the right format.");
export const invalidInput = () => jujuError(400, "Only lowercase letters, digits and hyphens are allowed");
export const empty = () => jujuError(400, "Empty values are not allowed");
/** The server passes the literal word "access" rather than the level it refused (w_juju.check_access). */
export const invalidAccess = () => jujuError(400, "This access level does not exist: access");
export const unauthorized = () => jujuError(403, "You do not have permission to use the API");
export const doesNotExist = (item: "user" | "controller" | "model") => jujuError(404, `The ${item} does not exist!`);
export const alreadyExists = (item: "user") => jujuError(409, `The ${item} already exists!`);

/** Flask's own texts for unknown routes and methods, which the server's error handlers wrap as bare strings. */
export const FLASK_NOT_FOUND =
  "The requested URL was not found on the server.  If you entered the URL manually please check your spelling and try again.";
export const FLASK_METHOD_NOT_ALLOWED = "The method is not allowed for the requested URL.";

/**
 * The server's name rule (w_juju.check_input): letters, digits and hyphens, then lower-cased; so `Bob` is `bob`.
 * Python's isalpha() also takes non-ASCII letters, which Juju then refuses; the sandbox refuses them at once.
 */
export function checkName(value: unknown): { name: string } | { error: Reply } {
  // A missing field is a KeyError (400 invalid data); null or "" reach check_input's emptiness test.
  if (value === undefined) return { error: invalidData() };
  if (value === null || value === "") return { error: empty() };
  if (typeof value !== "string") return { error: invalidData() };
  if (!/^[A-Za-z0-9-]+$/.test(value)) return { error: invalidInput() };
  return { name: value.toLowerCase() };
}
