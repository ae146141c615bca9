import { bodyFields, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { ADMIN, type FiwareContext, staffOnly, validPathName } from "./context";
import { listing, message, serverError, unsupportedMediaType } from "./respond";
import { isTruthy, isValidId } from "./validate";

/**
 * Currencies (admin/views.py CurrencyCollection, CurrencyEntry). Names compare case-insensitively everywhere; a
 * duplicate answers 400; the first currency becomes the default; `PUT /currency/{c}` makes {c} the default, keeping
 * the case written in the URL. The default currency and a currency an offering uses cannot be deleted (403).
 * `in_use` is set by offerings, which the sandbox does not emulate: tests set it in `sandbox.state.fiware`.
 */
export function registerCurrencyRoutes(router: Router, context: FiwareContext): void {
  const base = `${ADMIN}/currency`;
  router.get(base, () => listing(showCurrencies(context), "application/json; charset=utf-8"));
  router.post(base, (request) => createCurrency(context, request));
  router.put(`${base}/:currency`, (request) => setDefaultCurrency(context, request));
  router.delete(`${base}/:currency`, (request) => deleteCurrency(context, request));
}

export function showCurrencies(context: FiwareContext): Array<{ currency: string; default: boolean }> {
  const { allowed, default: current } = context.state.currencies;
  return allowed.map((entry) => ({
    currency: entry.currency,
    default: entry.currency.toLowerCase() === current?.toLowerCase(),
  }));
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function createCurrency(context: FiwareContext, request: SandboxRequest): Reply {
  const { currencies } = context.state;
  const denied = unsupportedMediaType(request) ?? staffOnly(context, request);
  if (denied) return denied;
  const data = bodyFields(request);
  if (!("currency" in data)) return message(request, 400, "Invalid JSON content");
  if (typeof data.currency !== "string") return serverError();
  if (!isValidId(data.currency)) return message(request, 400, "Invalid currency format");
  const name = data.currency;
  if (currencies.allowed.some((entry) => same(entry.currency, name))) {
    return message(request, 400, "The currency already exists");
  }
  if (isTruthy(data.default) || currencies.allowed.length === 0) currencies.default = name;
  currencies.allowed.push({ currency: name, in_use: false });
  return message(request, 201, "Created");
}

/**
 * WStore 4.4 forgets the `return` before its staff check here, so any authenticated user may change the default
 * currency: emulated as the server does it.
 */
function setDefaultCurrency(context: FiwareContext, request: SandboxRequest): Reply {
  const { currencies } = context.state;
  const name = request.params.currency!;
  if (!validPathName(name)) return message(request, 404, "Resource not found");
  if (currencies.default === undefined) return message(request, 404, "Not found");
  if (!same(name, currencies.default) && !currencies.allowed.some((entry) => same(entry.currency, name))) {
    return message(request, 404, "Not found");
  }
  currencies.default = name;
  return message(request, 200, "OK");
}

function deleteCurrency(context: FiwareContext, request: SandboxRequest): Reply {
  const { currencies } = context.state;
  const denied = staffOnly(context, request);
  if (denied) return denied;
  const name = request.params.currency!;
  if (!validPathName(name)) return message(request, 404, "Resource not found");
  const entry = currencies.allowed.find((candidate) => same(candidate.currency, name));
  if (!entry) return message(request, 404, "Not found");
  if (currencies.default !== undefined && same(currencies.default, name)) {
    return message(request, 403, "The currency cannot be deleted: It is the default currency");
  }
  if (entry.in_use) return message(request, 403, "The currency cannot be deleted: An offering is using it");
  currencies.allowed.splice(currencies.allowed.indexOf(entry), 1);
  return message(request, 204, "No content");
}
