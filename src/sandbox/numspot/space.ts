import { bodyFields, noContent, queryValue, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { isUuid, uuid } from "../ids";
import type { DurationSpec } from "../types";
import { forbidden, invalidParameter, resourceNotFound, type Violation } from "./errors";
import type { NumspotContext, NumspotSettings, SpaceLifecycle, SpaceRecord, SpaceStatus } from "./state";

/**
 * Spaces (spec: CreateSpace, ListSpaces, GetSpaceById, UpdateSpace, DeleteSpace), under `/organisations` with no
 * `/iam` prefix. A new space is QUEUED, then RUNNING, then READY or FAILED; the spec has no deleting status, so a
 * deleted space is gone at once.
 */
export function registerSpaceRoutes(router: Router, context: NumspotContext): void {
  const base = "/organisations/:organisationId/spaces";
  router.get(base, (request) => inOrganisation(context, request, () => listSpaces(context, request)));
  router.post(base, (request) => inOrganisation(context, request, (org) => createSpace(context, request, org)));
  router.get(`${base}/:spaceId`, (request) =>
    withSpace(context, request, (space) => ({ status: 200, body: showSpace(space) })),
  );
  router.patch(`${base}/:spaceId`, (request) => withSpace(context, request, (space) => updateSpace(request, space)));
  router.delete(`${base}/:spaceId`, (request) =>
    withSpace(context, request, (space) => {
      context.state.spaces.delete(space.id);
      return noContent();
    }),
  );
}

export function spaceStatus(lifecycle: SpaceLifecycle, now = Date.now()): SpaceStatus {
  if (lifecycle.pinned) return lifecycle.pinned;
  const elapsed = now - lifecycle.startedAt;
  if (elapsed < lifecycle.queuedMs) return "QUEUED";
  if (elapsed < lifecycle.queuedMs + lifecycle.runningMs) return "RUNNING";
  return lifecycle.outcome;
}

/** The space as the API shows it; a status change the clock brought about counts as an update. */
export function showSpace(space: SpaceRecord, now = Date.now()): Record<string, unknown> {
  const { lifecycle } = space;
  const status = spaceStatus(lifecycle, now);
  let updatedOn = space.updatedOn;
  if (!lifecycle.pinned && status !== "QUEUED") {
    const changedAt = lifecycle.startedAt + lifecycle.queuedMs + (status === "RUNNING" ? 0 : lifecycle.runningMs);
    const changed = new Date(changedAt).toISOString();
    if (changed > updatedOn) updatedOn = changed;
  }
  return {
    id: space.id,
    organisationId: space.organisationId,
    name: space.name,
    description: space.description,
    status,
    createdOn: space.createdOn,
    updatedOn,
  };
}

function inOrganisation(
  context: NumspotContext,
  request: SandboxRequest,
  then: (organisationId: string) => Reply,
): Reply {
  const organisationId = request.params.organisationId!;
  if (!isUuid(organisationId)) {
    return invalidParameter([{ field: "organisationId", description: "must be a valid UUID" }], request.path);
  }
  if (!context.state.organisations.has(organisationId)) {
    return forbidden(`The identity has no access to organisation ${organisationId}.`, request.path);
  }
  return then(organisationId);
}

function withSpace(context: NumspotContext, request: SandboxRequest, then: (space: SpaceRecord) => Reply): Reply {
  return inOrganisation(context, request, (organisationId) => {
    const spaceId = request.params.spaceId!;
    const space = context.state.spaces.get(spaceId);
    if (!space || space.organisationId !== organisationId) {
      return resourceNotFound(`Space ${spaceId} not found.`, request.path);
    }
    return then(space);
  });
}

const DEFAULT_PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 50;

function listSpaces(context: NumspotContext, request: SandboxRequest): Reply {
  const organisationId = request.params.organisationId!;
  const violations: Violation[] = [];
  const rawSize = queryValue(request, "page[size]");
  let size = DEFAULT_PAGE_SIZE;
  if (rawSize !== undefined) {
    size = Number(rawSize);
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      violations.push({ field: "page[size]", description: `must be an integer between 1 and ${MAX_PAGE_SIZE}` });
    }
  }
  const rawToken = queryValue(request, "page[nextToken]");
  const offset = rawToken ? decodePageToken(rawToken) : 0;
  if (offset === undefined) violations.push({ field: "page[nextToken]", description: "is not a valid page token" });
  if (violations.length > 0) return invalidParameter(violations, request.path);

  const spaces = [...context.state.spaces.values()].filter((space) => space.organisationId === organisationId);
  const start = offset!;
  const items = spaces.slice(start, start + size).map((space) => showSpace(space));
  const body: Record<string, unknown> = { items, totalSize: spaces.length };
  // The spec: nextPageToken is omitted on the last page.
  if (start + size < spaces.length) body.nextPageToken = encodePageToken(start + size);
  return { status: 200, body };
}

function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

function decodePageToken(token: string): number | undefined {
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { offset?: unknown };
    return typeof offset === "number" && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}

/** spec: MutableSpace. `required` lists the fields that must be present (CreateSpace requires both). */
function checkSpaceFields(body: Record<string, unknown>, required: boolean): Violation[] {
  const violations: Violation[] = [];
  const limits = { name: 50, description: 300 } as const;
  for (const [field, max] of Object.entries(limits)) {
    const value = body[field];
    if (value === undefined || value === null) {
      if (required) violations.push({ field, description: "is required" });
    } else if (typeof value !== "string") {
      violations.push({ field, description: "must be a string" });
    } else if (value.length < 1 || value.length > max) {
      violations.push({ field, description: `length must be between 1 and ${max}` });
    }
  }
  return violations;
}

function createSpace(context: NumspotContext, request: SandboxRequest, organisationId: string): Reply {
  const body = bodyFields(request);
  const violations = checkSpaceFields(body, true);
  if (violations.length > 0) return invalidParameter(violations, request.path);
  const now = Date.now();
  const name = body.name as string;
  const { settings } = context;
  const space: SpaceRecord = {
    id: uuid(),
    organisationId,
    name,
    description: body.description as string,
    createdOn: new Date(now).toISOString(),
    updatedOn: new Date(now).toISOString(),
    lifecycle: {
      startedAt: now,
      queuedMs: settings.queuedMs,
      runningMs: resolveDuration(settings.runningMs, name, settings),
      outcome: settings.random() < settings.failureRate ? "FAILED" : "READY",
    },
  };
  context.state.spaces.set(space.id, space);
  return { status: 200, body: showSpace(space, now) };
}

function updateSpace(request: SandboxRequest, space: SpaceRecord): Reply {
  const body = bodyFields(request);
  const violations = checkSpaceFields(body, false);
  if (violations.length > 0) return invalidParameter(violations, request.path);
  if (typeof body.name === "string") space.name = body.name;
  if (typeof body.description === "string") space.description = body.description;
  space.updatedOn = new Date().toISOString();
  return noContent();
}

function resolveDuration(spec: DurationSpec, name: string, settings: NumspotSettings): number {
  if (typeof spec === "number") return spec;
  if (typeof spec === "function") return spec(name);
  const [min, max] = spec;
  return min + settings.random() * (max - min);
}
