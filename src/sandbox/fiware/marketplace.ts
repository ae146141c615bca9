import { bodyFields, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { ADMIN, type FiwareContext, staffOnly, validPathName } from "./context";
import { callRemote } from "./remote";
import { listing, message, serverError, unsupportedMediaType } from "./respond";
import type { MarketplaceRecord } from "./state";
import { addSlash, isDigitString, isValidId, isValidUrl } from "./validate";

/**
 * Marketplaces (markets/views.py, markets_management.py). The server differs from the document: `api_version` must
 * be a digit string ("2"; the documented number 2 makes the view crash with a 500) and reads give it back as a
 * number; the same name or the same host (after a "/" is appended) answers 409; there is no PUT. Registration calls
 * the remote Marketplace (`add_store`) synchronously: its failure answers 502 and nothing is recorded.
 */
export function registerMarketplaceRoutes(router: Router, context: FiwareContext): void {
  const base = `${ADMIN}/marketplaces`;
  router.get(base, () => listing([...context.state.marketplaces.values()].map(showMarketplace), MIXED_CASE_JSON));
  router.post(base, (request) => createMarketplace(context, request));
  router.delete(`${base}/:market`, (request) => deleteMarketplace(context, request));
}

/** The content type these views really send. */
export const MIXED_CASE_JSON = "application/JSON; charset=UTF-8";

export function showMarketplace(market: MarketplaceRecord): Record<string, unknown> {
  return { name: market.name, host: market.host, api_version: market.api_version };
}

function createMarketplace(context: FiwareContext, request: SandboxRequest): Reply {
  const { state } = context;
  const denied =
    unsupportedMediaType(request) ??
    staffOnly(context, request, "You are not allowed to register WStore in a Marketplace");
  if (denied) return denied;
  const data = bodyFields(request);
  if (!("name" in data) || !("host" in data) || !("api_version" in data)) {
    return message(request, 400, "Request body is not valid JSON data");
  }
  if (typeof data.name !== "string" || typeof data.host !== "string") return serverError();
  if (!isValidId(data.name)) return message(request, 400, "Invalid name format");
  if (!isValidUrl(data.host)) return message(request, 400, "Invalid URL format");
  // `api_version.isdigit()` on a number raises AttributeError, which the view does not catch.
  if (typeof data.api_version !== "string") return serverError();
  if (!isDigitString(data.api_version)) return message(request, 400, "Invalid API version");
  const apiVersion = Number(data.api_version);
  if (apiVersion !== 1 && apiVersion !== 2) return message(request, 400, "Invalid API version");
  // With an identity manager (the bearer-token setup emulated here) only version 1 needs credentials.
  let credentials: MarketplaceRecord["credentials"] = null;
  if (apiVersion === 1) {
    const given = data.credentials;
    if (!("credentials" in data)) return message(request, 400, "Missing required field credentials");
    const fields = typeof given === "object" && given !== null ? (given as Record<string, unknown>) : {};
    if (!("username" in fields)) return message(request, 400, "Missing required field username in credentials");
    if (!("passwd" in fields)) return message(request, 400, "Missing required field passwd in credentials");
    credentials = { username: fields.username, passwd: fields.passwd };
  }
  const host = addSlash(data.host);
  for (const market of state.marketplaces.values()) {
    if (market.name === data.name || market.host === host) {
      return message(request, 409, "Marketplace already registered");
    }
  }
  const answer = callRemote(state, "marketplace", "add_store", host);
  // An HTTP error from the Marketplace is a 502; a connection error falls into the view's generic 500.
  if (answer === "unreachable") return message(request, 500, "<urlopen error [Errno 111] Connection refused>");
  if (answer !== "success") return message(request, 502, "The Marketplace has failed registering the store");
  const market: MarketplaceRecord = { name: data.name, host, api_version: apiVersion, credentials };
  state.marketplaces.set(market.name, market);
  return message(request, 201, "Created");
}

function deleteMarketplace(context: FiwareContext, request: SandboxRequest): Reply {
  const { state } = context;
  const denied = staffOnly(context, request);
  if (denied) return denied;
  const name = request.params.market!;
  const market = validPathName(name) ? state.marketplaces.get(name) : undefined;
  if (!market) return message(request, 404, "Not found");
  const answer = callRemote(state, "marketplace", "delete_store", market.host);
  if (answer === "unreachable") return message(request, 400, "Bad request");
  if (answer !== "success") return message(request, 502, "Bad Gateway");
  state.marketplaces.delete(market.name);
  return message(request, 204, "No content");
}
