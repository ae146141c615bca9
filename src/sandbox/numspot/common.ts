import { bodyFields, queryValue, type Reply, type SandboxRequest } from "../http/request";
import type { Handler, Router } from "../http/router";
import { isUuid } from "../ids";
import { forbidden, invalidParameter, resourceNotFound, type Violation } from "./errors";
import type { NumspotContext, Scope } from "./state";

/**
 * What every Numspot entity module shares: a refusal that any check can throw (caught where the route is registered,
 * so handlers read top to bottom), path-parameter and scope checks, the one look-up-or-404, body checks collecting
 * violations, and the one list/pagination helper.
 */
export class Refusal extends Error {
  constructor(readonly reply: Reply) {
    super(`refused with ${reply.status}`);
  }
}

export function refuse(reply: Reply): never {
  throw new Refusal(reply);
}

/** Registers handlers that may throw a Refusal. */
export function routes(router: Router) {
  const wrap =
    (handler: Handler): Handler =>
    (request) => {
      try {
        return handler(request);
      } catch (error) {
        if (error instanceof Refusal) return error.reply;
        throw error;
      }
    };
  return {
    get: (pattern: string, handler: Handler) => router.get(pattern, wrap(handler)),
    post: (pattern: string, handler: Handler) => router.post(pattern, wrap(handler)),
    put: (pattern: string, handler: Handler) => router.put(pattern, wrap(handler)),
    patch: (pattern: string, handler: Handler) => router.patch(pattern, wrap(handler)),
    delete: (pattern: string, handler: Handler) => router.delete(pattern, wrap(handler)),
  };
}

/** Every path parameter the spec declares as a UUID must be one: 400 with one violation per parameter otherwise. */
export function requireUuidParams(request: SandboxRequest, ...names: string[]): void {
  const violations = names
    .filter((name) => request.params[name] !== undefined && !isUuid(request.params[name]))
    .map((name) => ({ field: name, description: "must be a valid UUID" }));
  if (violations.length > 0) refuse(invalidParameter(violations, request.path));
}

export function requireOrganisation(context: NumspotContext, request: SandboxRequest): string {
  requireUuidParams(request, "organisationId");
  const organisationId = request.params.organisationId!;
  if (!context.state.organisations.has(organisationId)) {
    refuse(forbidden(`The identity has no access to organisation ${organisationId}.`, request.path));
  }
  return organisationId;
}

/**
 * The tenant of an `/iam/organisations/{organisationId}/...` or `/iam/spaces/{spaceId}/...` route. A space the
 * identity cannot see is a 403, as for organisations: every IAM operation documents 403, few document 404.
 */
export function requireScope(context: NumspotContext, request: SandboxRequest): Scope {
  if (request.params.organisationId !== undefined) {
    const organisationId = requireOrganisation(context, request);
    return { kind: "organisation", id: organisationId, organisationId };
  }
  requireUuidParams(request, "spaceId");
  const spaceId = request.params.spaceId!;
  const space = context.state.spaces.get(spaceId);
  if (!space || !context.state.organisations.has(space.organisationId)) {
    refuse(forbidden(`The identity has no access to space ${spaceId}.`, request.path));
  }
  return { kind: "space", id: spaceId, organisationId: space.organisationId };
}

/** The one look-up-or-404 of the Numspot sandbox. */
export function findOr404<T>(
  request: SandboxRequest,
  what: string,
  id: string,
  found: T | undefined,
  visible: (record: T) => boolean = () => true,
): T {
  if (found === undefined || !visible(found)) refuse(resourceNotFound(`${what} ${id} not found.`, request.path));
  return found;
}

/** Unknown query parameters are refused, as filters the real API does not have must not pass silently. */
export function allowQuery(request: SandboxRequest, ...names: string[]): void {
  const unknown = Object.keys(request.query).filter(
    (key) => !names.includes(key) && !(names.includes("page") && /^page\[(size|nextToken)\]$/.test(key)),
  );
  if (unknown.length > 0) {
    refuse(
      invalidParameter(
        unknown.map((field) => ({ field, description: "is not a parameter of this operation" })),
        request.path,
      ),
    );
  }
}

export interface PageRules {
  /** The spec's default page size of this operation. */
  defaultSize: number;
  maxSize: number;
  /** 1 for most operations; the OpenShift lists declare 0. */
  minSize?: number;
}

/**
 * The one list helper: `page[size]` and `page[nextToken]` in, `{items, totalSize, nextPageToken?}` out, with the
 * token absent on the last page (spec: PaginatedList). Tokens are opaque offsets bound to the operation's path.
 */
export function paginate<T>(
  request: SandboxRequest,
  records: readonly T[],
  rules: PageRules,
  show: (record: T) => unknown,
): Reply {
  const violations: Violation[] = [];
  const rawSize = queryValue(request, "page[size]");
  const minSize = rules.minSize ?? 1;
  let size = rules.defaultSize;
  if (rawSize !== undefined) {
    size = Number(rawSize);
    if (rawSize.trim() === "" || !Number.isInteger(size) || size < minSize || size > rules.maxSize) {
      violations.push({
        field: "page[size]",
        description: `must be an integer between ${minSize} and ${rules.maxSize}`,
      });
    }
  }
  const rawToken = queryValue(request, "page[nextToken]");
  const offset = rawToken ? decodePageToken(rawToken, request.path) : 0;
  if (offset === undefined) violations.push({ field: "page[nextToken]", description: "is not a valid page token" });
  if (violations.length > 0) refuse(invalidParameter(violations, request.path));
  // A page size of 0 (allowed by the OpenShift lists) counts without listing.
  const start = offset!;
  const items = size === 0 ? [] : records.slice(start, start + size).map(show);
  const body: Record<string, unknown> = { items, totalSize: records.length };
  if (size > 0 && start + size < records.length) body.nextPageToken = encodePageToken(start + size, request.path);
  return { status: 200, body };
}

function encodePageToken(offset: number, path: string): string {
  return Buffer.from(JSON.stringify({ offset, path })).toString("base64url");
}

function decodePageToken(token: string, path: string): number | undefined {
  try {
    const decoded = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
      offset?: unknown;
      path?: unknown;
    };
    const { offset } = decoded;
    // Tokens of another list are refused rather than silently applied to this one.
    if (decoded.path !== undefined && decoded.path !== path) return undefined;
    return typeof offset === "number" && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}

interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** A short name of the pattern for the violation's description. */
  patternName?: string;
}

/** Collects violations of one body, then refuses with all of them at once (spec: BadRequestError). */
export class BodyCheck {
  readonly violations: Violation[] = [];
  readonly body: Record<string, unknown>;

  constructor(private readonly request: SandboxRequest) {
    this.body = bodyFields(request);
    if (request.bodyError) this.violations.push({ field: "body", description: request.bodyError });
    else if (request.body === undefined) this.violations.push({ field: "body", description: "is required" });
    else if (typeof request.body !== "object" || request.body === null || Array.isArray(request.body)) {
      this.violations.push({ field: "body", description: "must be a JSON object" });
    }
  }

  add(field: string, description: string): void {
    this.violations.push({ field, description });
  }

  /** undefined when absent and not required (a violation when required). */
  string(field: string, required: boolean, rule: StringRule = {}): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      if (required) this.add(field, "is required");
      return undefined;
    }
    if (typeof value !== "string") return void this.add(field, "must be a string");
    const length = value.length;
    if ((rule.min !== undefined && length < rule.min) || (rule.max !== undefined && length > rule.max)) {
      this.add(field, `length must be between ${rule.min ?? 0} and ${rule.max ?? "any"}`);
    } else if (rule.pattern && !rule.pattern.test(value)) {
      this.add(field, `must match ${rule.patternName ?? rule.pattern.source}`);
    }
    return value;
  }

  boolean(field: string, required: boolean): boolean | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      if (required) this.add(field, "is required");
      return undefined;
    }
    if (typeof value !== "boolean") return void this.add(field, "must be a boolean");
    return value;
  }

  integer(field: string, required: boolean, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      if (required) this.add(field, "is required");
      return undefined;
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      return void this.add(field, `must be an integer between ${min} and ${max}`);
    }
    return value;
  }

  oneOf<T extends string>(field: string, required: boolean, allowed: readonly T[]): T | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      if (required) this.add(field, "is required");
      return undefined;
    }
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
      return void this.add(field, `must be one of ${allowed.join(", ")}`);
    }
    return value as T;
  }

  /** An array of UUIDs within `[min, max]` items; `field` may be a path such as `add.roles`. */
  uuids(field: string, value: unknown, min: number, max: number): string[] {
    if (!Array.isArray(value)) {
      this.add(field, "must be an array of UUIDs");
      return [];
    }
    if (value.length < min || value.length > max) this.add(field, `must contain between ${min} and ${max} items`);
    const bad = value.findIndex((item) => !isUuid(item));
    if (bad >= 0) this.add(`${field}[${bad}]`, "must be a valid UUID");
    return value.filter(isUuid).map((item) => item.toLowerCase());
  }

  /** Refuses with every violation collected so far. */
  done(): void {
    if (this.violations.length > 0) refuse(invalidParameter(this.violations, this.request.path));
  }
}

export function now(): string {
  return new Date().toISOString();
}
