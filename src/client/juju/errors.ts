import { type ErrorBodyParser, genericMessage } from "../error-body";

/** Sojobo answers a bare JSON string (handled before any parser); objects, when any, hold a message field. */
export const parseJujuError: ErrorBodyParser = (body, status) => {
  const message = genericMessage(body);
  return message ? { code: `http_${status}`, message } : undefined;
};
