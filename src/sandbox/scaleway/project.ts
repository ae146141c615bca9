import { bodyFields, noContent, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { isUuid, scalewayTimestamp, uuid } from "../ids";
import type { ScalewayContext } from "./context";
import { ArgumentErrors, notFound, permissionsDenied } from "./errors";
import { checkDescription, checkName } from "./query";
import type { ProjectRecord, ScalewayState } from "./state";

/**
 * The few Resource Manager calls IAM depends on (`/account/v3/projects`: create, get, delete), served on the same
 * origin as IAM as on the real API; shapes as recorded (`qualification` is null).
 */
export function registerProjectRoutes(router: Router, context: ScalewayContext): void {
  const { state } = context;
  const base = "/account/v3/projects";
  router.post(base, (request) => createProject(state, request));
  router.get(`${base}/:project_id`, (request) => withProject(state, request, (p) => ({ status: 200, body: { ...p } })));
  router.delete(`${base}/:project_id`, (request) =>
    withProject(state, request, (project) => {
      if (project.id === state.organizationId) return permissionsDenied("projects", "write");
      state.projects.delete(project.id);
      return noContent();
    }),
  );
}

function withProject(state: ScalewayState, request: SandboxRequest, then: (project: ProjectRecord) => Reply): Reply {
  const id = request.params.project_id!;
  const project = isUuid(id) ? state.projects.get(id) : undefined;
  return project ? then(project) : notFound("project", id);
}

function createProject(state: ScalewayState, request: SandboxRequest): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  if (body.name === undefined || body.name === null) errors.required("name");
  else checkName(errors, "name", body.name);
  const organizationId = body.organization_id ?? state.organizationId;
  if (!isUuid(organizationId)) errors.constraint("organization_id", "must be a valid UUID");
  if (body.description !== undefined && body.description !== null) {
    checkDescription(errors, "description", body.description);
  }
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (!state.organizationIds.has(organizationId as string)) return permissionsDenied("projects", "write");
  const now = scalewayTimestamp();
  const project: ProjectRecord = {
    id: uuid(),
    name: body.name as string,
    organization_id: organizationId as string,
    created_at: now,
    updated_at: now,
    description: (body.description as string | undefined) ?? "",
    qualification: null,
  };
  state.projects.set(project.id, project);
  return { status: 200, body: { ...project } };
}
