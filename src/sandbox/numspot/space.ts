import { statusAt, type Timeline, timeline } from "../clock";
import { noContent, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { uuid } from "../ids";
import type { DurationSpec } from "../types";
import { allowQuery, BodyCheck, findOr404, paginate, requireOrganisation, requireUuidParams, routes } from "./common";
import type { NumspotContext, NumspotSettings, SpaceLifecycle, SpaceRecord, SpaceStatus } from "./state";

/**
 * Spaces (spec: CreateSpace, ListSpaces, GetSpaceById, UpdateSpace, DeleteSpace), under `/organisations` with no
 * `/iam` prefix. A new space is QUEUED, then RUNNING, then READY or FAILED on the sandbox's clock; the spec has no
 * deleting status, so a deleted space is gone at once.
 */
export function registerSpaceRoutes(router: Router, context: NumspotContext): void {
  const base = "/organisations/:organisationId/spaces";
  const on = routes(router);
  on.get(base, (request) => listSpaces(context, request));
  on.post(base, (request) => createSpace(context, request));
  on.get(`${base}/:spaceId`, (request) => ({ status: 200, body: showSpace(spaceOf(context, request)) }));
  on.patch(`${base}/:spaceId`, (request) => updateSpace(request, spaceOf(context, request)));
  on.delete(`${base}/:spaceId`, (request) => {
    context.state.spaces.delete(spaceOf(context, request).id);
    return noContent();
  });
}

/** The space's lifecycle as a timeline of the generic clock. */
export function spaceTimeline(lifecycle: SpaceLifecycle): Timeline<SpaceStatus> {
  const line = timeline<SpaceStatus>(
    [
      { status: "QUEUED", ms: lifecycle.queuedMs },
      { status: "RUNNING", ms: lifecycle.runningMs },
      { status: lifecycle.outcome },
    ],
    lifecycle.startedAt,
  );
  if (lifecycle.pinned) line.pinned = lifecycle.pinned;
  return line;
}

export function spaceStatus(lifecycle: SpaceLifecycle, now = Date.now()): SpaceStatus {
  return statusAt(spaceTimeline(lifecycle), now).status;
}

/** The space as the API shows it; a status change the clock brought about counts as an update. */
export function showSpace(space: SpaceRecord, now = Date.now()): Record<string, unknown> {
  const { status, since } = statusAt(spaceTimeline(space.lifecycle), now);
  let updatedOn = space.updatedOn;
  if (!space.lifecycle.pinned && status !== "QUEUED") {
    const changed = new Date(since).toISOString();
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

/** The organisation's space named by the path: 400 for a non-UUID (the spec declares it uuid), 404 when unknown. */
function spaceOf(context: NumspotContext, request: SandboxRequest): SpaceRecord {
  const organisationId = requireOrganisation(context, request);
  requireUuidParams(request, "spaceId");
  const spaceId = request.params.spaceId!;
  return findOr404(
    request,
    "Space",
    spaceId,
    context.state.spaces.get(spaceId),
    (space) => space.organisationId === organisationId,
  );
}

function listSpaces(context: NumspotContext, request: SandboxRequest): Reply {
  const organisationId = requireOrganisation(context, request);
  allowQuery(request, "page");
  const spaces = [...context.state.spaces.values()].filter((space) => space.organisationId === organisationId);
  return paginate(request, spaces, { defaultSize: 30, maxSize: 50 }, (space) => showSpace(space));
}

/** spec: MutableSpace (name 1–50, description 1–300). */
function checkSpaceFields(request: SandboxRequest, required: boolean): BodyCheck {
  const check = new BodyCheck(request);
  check.string("name", required, { min: 1, max: 50 });
  check.string("description", required, { min: 1, max: 300 });
  check.done();
  return check;
}

function createSpace(context: NumspotContext, request: SandboxRequest): Reply {
  const organisationId = requireOrganisation(context, request);
  const { body } = checkSpaceFields(request, true);
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
  const { body } = checkSpaceFields(request, false);
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
