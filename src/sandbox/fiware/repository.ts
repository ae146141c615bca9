import { bodyFields, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { ADMIN, type FiwareContext, staffOnly, validPathName } from "./context";
import { MIXED_CASE_JSON } from "./marketplace";
import { listing, message, serverError, unsupportedMediaType } from "./respond";
import type { RepositoryRecord } from "./state";
import { addSlash, isDigitString, isTruthy, isValidId, isValidUrl } from "./validate";

/**
 * Repositories (repositories/views.py, repositories_management.py). Beyond the document: POST takes one object, not
 * a list; `api_version` must be a digit string; the same name or host answers 409; the first repository is the
 * default whatever `is_default` says, and a new default unsets the old one; deleting the default promotes the
 * oldest remaining repository; `POST /repositories/{name}/default` (undocumented) makes one the default.
 */
export function registerRepositoryRoutes(router: Router, context: FiwareContext): void {
  const base = `${ADMIN}/repositories`;
  router.get(base, () => listing([...context.state.repositories.values()].map(showRepository), MIXED_CASE_JSON));
  router.post(base, (request) => createRepository(context, request));
  router.delete(`${base}/:repository`, (request) =>
    withRepository(context, request, (repository) => {
      const { repositories } = context.state;
      repositories.delete(repository.name);
      const oldest = repositories.values().next().value;
      if (repository.is_default && oldest) oldest.is_default = true;
      return message(request, 204, "No content");
    }),
  );
  router.post(`${base}/:repository/default`, (request) =>
    withRepository(context, request, (repository) => {
      for (const other of context.state.repositories.values()) other.is_default = false;
      repository.is_default = true;
      return message(request, 200, "OK");
    }),
  );
}

export function showRepository(repository: RepositoryRecord): Record<string, unknown> {
  return {
    name: repository.name,
    host: repository.host,
    is_default: repository.is_default,
    offering_collection: repository.offering_collection,
    resource_collection: repository.resource_collection,
    api_version: repository.api_version,
  };
}

function withRepository(
  context: FiwareContext,
  request: SandboxRequest,
  then: (repository: RepositoryRecord) => Reply,
): Reply {
  const denied = staffOnly(context, request);
  if (denied) return denied;
  const name = request.params.repository!;
  const repository = validPathName(name) ? context.state.repositories.get(name) : undefined;
  return repository ? then(repository) : message(request, 404, "The specified repository does not exist");
}

const REQUIRED = ["name", "host", "api_version", "offering_collection", "resource_collection"] as const;

function createRepository(context: FiwareContext, request: SandboxRequest): Reply {
  const { repositories } = context.state;
  const denied =
    unsupportedMediaType(request) ?? staffOnly(context, request, "You are not authorized to register a repository");
  if (denied) return denied;
  const data = bodyFields(request);
  for (const field of REQUIRED) {
    if (!(field in data)) return message(request, 400, `Missing required field: ${field}`);
  }
  const { name, host, offering_collection: offerings, resource_collection: resources } = data;
  if ([name, host, offerings, resources].some((value) => typeof value !== "string")) return serverError();
  if (!isValidId(name)) return message(request, 400, "Invalid name format");
  if (!isValidId(offerings) || offerings.includes(" ")) {
    return message(request, 400, "Invalid offering_collection format: Invalid character found");
  }
  if (!isValidId(resources) || resources.includes(" ")) {
    return message(request, 400, "Invalid resource_collection format: Invalid character found");
  }
  if (!isValidUrl(host)) return message(request, 400, "Invalid URL format");
  // `api_version.isdigit()` on a number raises AttributeError, which the view does not catch.
  if (typeof data.api_version !== "string") return serverError();
  if (!isDigitString(data.api_version)) return message(request, 400, "Invalid api_version format: must be an integer");
  const apiVersion = Number(data.api_version);
  if (apiVersion !== 1 && apiVersion !== 2) {
    return message(request, 400, "Invalid api_version: Only versions 1 and 2 are supported");
  }
  const normalizedHost = addSlash(host);
  for (const other of repositories.values()) {
    if (other.name === name || other.host === normalizedHost) {
      return message(request, 409, "The given repository is already registered");
    }
  }
  // Python truthiness: any truthy is_default makes this one the default.
  const wantsDefault = isTruthy(data.is_default);
  if (wantsDefault) for (const other of repositories.values()) other.is_default = false;
  const repository: RepositoryRecord = {
    name,
    host: normalizedHost,
    is_default: wantsDefault || repositories.size === 0,
    offering_collection: offerings,
    resource_collection: resources,
    api_version: apiVersion,
  };
  repositories.set(name, repository);
  return message(request, 201, "Created");
}
