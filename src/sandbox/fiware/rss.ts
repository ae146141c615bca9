import { bodyFields, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { ADMIN, type FiwareContext, staffOnly, validPathName } from "./context";
import { callRemote, rssFailure } from "./remote";
import { listing, message, serverError, unsupportedMediaType } from "./respond";
import type { Limits, RssRecord } from "./state";
import {
  addSlash,
  checkLimits,
  checkRevenueModels,
  isValidId,
  isValidUrl,
  PythonError,
  showPercentage,
} from "./validate";

/**
 * RSS instances (rss/views.py). Where the document is wrong, the server is followed:
 * - POST takes one object, not the documented list, and revenue models carry the product class under `class`
 *   (the document writes `reveune_class` / `revenue_class`); reads give `revenue_class` and the percentage as a
 *   string ("10.00"); no read shows `is_default`, and the server ignores it on writes.
 * - Only one RSS may exist: a second POST answers 409.
 * - Registration calls the remote RSS synchronously; on its 401 or 502 the record is removed again.
 * - GET of an unknown RSS answers 400 "Invalid request" (PUT and DELETE answer 404).
 * - PUT changes name, limits and models only (host and api_version are ignored), and is not atomic: a rename and
 *   new limits are saved before the remote RSS is called, and stay when that call fails.
 */
export function registerRssRoutes(router: Router, context: FiwareContext): void {
  const base = `${ADMIN}/rss`;
  router.get(base, () => listing([...context.state.rss.values()].map(showRss)));
  router.post(base, (request) => createRss(context, request));
  router.get(`${base}/:rss`, (request) => {
    // A name outside `[\w -]+` matches no URL pattern at all: Django's 404, not the view's 400.
    if (!validPathName(request.params.rss!)) return message(request, 404, "Resource not found");
    const rss = findRss(context, request);
    return rss ? listing(showRss(rss)) : message(request, 400, "Invalid request");
  });
  router.put(`${base}/:rss`, (request) => updateRss(context, request));
  router.delete(`${base}/:rss`, (request) => deleteRss(context, request));
}

export function showRss(rss: RssRecord): Record<string, unknown> {
  return {
    name: rss.name,
    host: rss.host,
    api_version: rss.api_version,
    limits: { ...rss.expenditure_limits },
    models: rss.revenue_models.map((model) => ({
      revenue_class: model.revenue_class,
      percentage: showPercentage(model.percentage),
    })),
  };
}

function findRss(context: FiwareContext, request: SandboxRequest): RssRecord | undefined {
  const name = request.params.rss!;
  return validPathName(name) ? context.state.rss.get(name) : undefined;
}

/** Python's `int(x)` for JSON values; undefined where it raises. */
function pythonInt(value: unknown): number | undefined {
  if (typeof value === "number") return Math.trunc(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

function createRss(context: FiwareContext, request: SandboxRequest): Reply {
  const { state } = context;
  const denied = unsupportedMediaType(request) ?? staffOnly(context, request);
  if (denied) return denied;
  const data = bodyFields(request);
  const missing = ["name", "host", "api_version"].filter((field) => !(field in data));
  if (missing.length > 0) {
    return message(request, 400, `RSS creation error: Missing a required field, ${missing.join(", ")}`);
  }
  // Non-string names and hosts make Python's re.match raise: the view does not catch it.
  if (typeof data.name !== "string" || typeof data.host !== "string") return serverError();
  if (!isValidId(data.name)) return message(request, 400, "RSS creation error: Invalid name format");
  if (!isValidUrl(data.host)) return message(request, 400, "RSS creation error: Invalid URL format");
  const apiVersion = pythonInt(data.api_version);
  if (apiVersion === undefined) {
    return message(request, 400, "RSS creation error: Invalid api_version format, must be an integer (1 or 2)");
  }
  if (apiVersion !== 1 && apiVersion !== 2) {
    return message(request, 400, "RSS creation error: Invalid api_version, must be 1 or 2");
  }
  if (state.rss.size > 0) {
    return message(request, 409, "RSS creation error: There is a RSS instance already registered");
  }
  let limits: Limits = {};
  let models: RssRecord["revenue_models"];
  try {
    if ("limits" in data) limits = checkLimits(state.currencies, data.limits);
    if (Object.keys(limits).length === 0) {
      if (state.currencies.default === undefined) return serverError();
      limits = {
        currency: state.currencies.default,
        perTransaction: 10000,
        weekly: 100000,
        daily: 10000,
        monthly: 100000,
      };
    }
    models =
      "models" in data
        ? checkRevenueModels(data.models)
        : [
            { revenue_class: "single-payment", percentage: 10 },
            { revenue_class: "subscription", percentage: 20 },
            { revenue_class: "use", percentage: 30 },
          ];
  } catch (error) {
    if (error instanceof PythonError) return message(request, 400, error.text);
    throw error;
  }
  const rss: RssRecord = {
    name: data.name,
    host: addSlash(data.host),
    api_version: apiVersion,
    expenditure_limits: limits,
    revenue_models: models,
  };
  state.rss.set(rss.name, rss);
  // Version 2 registers the store as a provider first; version 1 creates the models one by one afterwards.
  const operations = apiVersion === 2 ? ["register_provider", "set_provider_limit"] : ["set_provider_limit"];
  for (const operation of operations) {
    const failure = rssFailure(callRemote(state, "rss", operation, rss.host));
    if (failure) {
      state.rss.delete(rss.name);
      return message(request, failure.status, failure.message);
    }
  }
  if (apiVersion === 1) {
    // Only a failure before any model was created undoes the registration.
    let created = false;
    for (const _model of models) {
      const failure = rssFailure(callRemote(state, "rss", "create_revenue_model", rss.host));
      if (failure && !created) {
        state.rss.delete(rss.name);
        return message(request, failure.status, failure.message);
      }
      if (!failure) created = true;
    }
  }
  return message(request, 201, "Created");
}

function updateRss(context: FiwareContext, request: SandboxRequest): Reply {
  const { state } = context;
  const denied = unsupportedMediaType(request) ?? staffOnly(context, request);
  if (denied) return denied;
  const rss = findRss(context, request);
  if (!rss) return message(request, 404, "Not found");
  const data = bodyFields(request);
  if ("name" in data) {
    if (typeof data.name !== "string") return serverError();
    // The server compares case-insensitively with the URL's name and skips the rename when they match, and it
    // does not check the new name's format.
    if (data.name.toLowerCase() !== request.params.rss!.toLowerCase()) {
      if (state.rss.has(data.name)) return message(request, 400, "The selected name is in use");
      state.rss.delete(rss.name);
      rss.name = data.name;
      state.rss.set(rss.name, rss);
    }
  }
  let limits: Limits = {};
  let models: RssRecord["revenue_models"] = [];
  try {
    // Not inside the view's try: an invalid currency here is an unhandled exception (500).
    if ("limits" in data) limits = checkLimits(state.currencies, data.limits);
  } catch {
    return serverError();
  }
  try {
    if ("models" in data) models = checkRevenueModels(data.models);
  } catch (error) {
    if (error instanceof PythonError) return message(request, 400, error.text);
    throw error;
  }
  if (Object.keys(limits).length > 0) {
    rss.expenditure_limits = limits;
    const failure = rssFailure(callRemote(state, "rss", "set_provider_limit", rss.host));
    if (failure) return message(request, failure.status, failure.message);
  }
  if (models.length > 0) {
    if (rss.api_version === 1) {
      for (const _model of models) {
        const failure = rssFailure(callRemote(state, "rss", "update_revenue_model", rss.host));
        if (failure) return message(request, failure.status, failure.message);
      }
    }
    rss.revenue_models = models;
  }
  return message(request, 200, "OK");
}

function deleteRss(context: FiwareContext, request: SandboxRequest): Reply {
  const { state } = context;
  const denied = staffOnly(context, request);
  if (denied) return denied;
  const rss = findRss(context, request);
  if (!rss) return message(request, 404, "Not found");
  for (const operation of ["delete_provider_limit", "delete_provider_models"]) {
    const failure = rssFailure(callRemote(state, "rss", operation, rss.host));
    if (failure) return message(request, failure.status, failure.message);
  }
  state.rss.delete(rss.name);
  return message(request, 204, "No content");
}
