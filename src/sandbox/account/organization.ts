import { bodyFields, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { uuid } from "../ids";
import type { ScalewayContext } from "../scaleway/context";
import type { ScalewayState } from "../scaleway/state";
import { FieldErrors, unknownResource, validationError } from "./errors";
import type { InviteRecord } from "./state";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Legacy organizations, invitations and users (apib: Organizations Collection, Organization, Invitations Collection,
 * User). The organizations are the sandbox's IAM organizations; invitations have no delete in the apib, so none here.
 */
export function registerOrganizationRoutes(router: Router, context: ScalewayContext): void {
  const { state } = context;
  router.get("/organizations", () => ({
    status: 200,
    body: { organizations: [...state.organizationIds].map((id) => showOrganization(state, id)) },
  }));
  router.get("/organizations/:organization_id", (request) =>
    withOrganization(state, request, (id) => ({ status: 200, body: { organization: showOrganization(state, id) } })),
  );
  router.post("/organizations/:organization_id/invites", (request) =>
    withOrganization(state, request, (id) => createInvite(state, request, id)),
  );
  router.get("/organizations/:organization_id/invites", (request) =>
    withOrganization(state, request, (id) => ({
      status: 200,
      body: {
        invites: [...state.legacy.invites.values()].filter((i) => i.organization_id === id).map(showInvite),
      },
    })),
  );
  router.get("/users/:user_id", (request) => showLegacyUser(state, request.params.user_id!));
}

function showOrganization(state: ScalewayState, id: string): { id: string; name: string } {
  return { id, name: state.legacy.organizationNames.get(id) ?? "sandbox" };
}

function withOrganization(state: ScalewayState, request: SandboxRequest, then: (id: string) => Reply): Reply {
  const id = request.params.organization_id!;
  return state.organizationIds.has(id) ? then(id) : unknownResource("Organization");
}

/** Fields in the apib's order (alphabetical). */
function showInvite(invite: InviteRecord): Record<string, unknown> {
  return {
    email: invite.email,
    firstname: invite.firstname,
    id: invite.id,
    lastname: invite.lastname,
    status: invite.status,
  };
}

function createInvite(state: ScalewayState, request: SandboxRequest, organizationId: string): Reply {
  const body = bodyFields(request);
  const errors = new FieldErrors();
  errors.requireString(body, "email");
  errors.requireString(body, "firstname");
  errors.requireString(body, "lastname");
  if (typeof body.email === "string" && body.email !== "" && !EMAIL.test(body.email)) {
    errors.add("email", "expected an email address");
  }
  const invalid = errors.reply();
  if (invalid) return invalid;
  const pending = [...state.legacy.invites.values()].some(
    (invite) => invite.organization_id === organizationId && invite.email === body.email,
  );
  if (pending) return validationError({ email: ["an invitation is already pending for this email"] });
  const invite: InviteRecord = {
    id: uuid(),
    organization_id: organizationId,
    email: body.email as string,
    firstname: body.firstname as string,
    lastname: body.lastname as string,
    status: "pending",
  };
  state.legacy.invites.set(invite.id, invite);
  return { status: 201, body: { invite: showInvite(invite) } };
}

function showLegacyUser(state: ScalewayState, id: string): Reply {
  const user = state.users.get(id);
  if (!user) return unknownResource("User");
  const organization = showOrganization(state, user.organization_id);
  return {
    status: 200,
    body: {
      user: {
        email: user.email,
        firstname: user.first_name,
        fullname: `${user.first_name} ${user.last_name}`.trim(),
        id: user.id,
        lastname: user.last_name,
        organizations: [organization],
        roles: [{ organization, role: user.type === "owner" ? "admin" : "member" }],
        ssh_public_keys: null,
      },
    },
  };
}
