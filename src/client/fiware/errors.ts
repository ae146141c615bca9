import { type ErrorBodyParser, genericMessage, str } from "../error-body";

/** WStore with `Accept: application/json`: `{"result": "error", "message": "..."}`. */
export const parseFiwareError: ErrorBodyParser = (body, status) => {
  const message = str(body.message) ?? genericMessage(body);
  return message ? { code: `http_${status}`, message } : undefined;
};
