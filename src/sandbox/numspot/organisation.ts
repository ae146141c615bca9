import type { Router } from "../http/router";
import { allowQuery, paginate, requireOrganisation, routes } from "./common";
import type { NumspotContext } from "./state";

/** What the identity may see (spec: ListOrganisationsIdentity, ListSpacesIdentity). */
export function registerOrganisationRoutes(router: Router, context: NumspotContext): void {
  const on = routes(router);
  on.get("/iam/organisations", (request) => {
    allowQuery(request, "page");
    const organisations = [...context.state.organisations];
    return paginate(request, organisations, { defaultSize: 20, maxSize: 50 }, (id) => ({
      id,
      name: `Sandbox organisation ${id.slice(0, 8)}`,
    }));
  });
  on.get("/iam/organisations/:organisationId/spaces", (request) => {
    const organisationId = requireOrganisation(context, request);
    allowQuery(request, "page");
    const spaces = [...context.state.spaces.values()].filter((space) => space.organisationId === organisationId);
    return paginate(request, spaces, { defaultSize: 20, maxSize: 50 }, (space) => ({ id: space.id }));
  });
}
