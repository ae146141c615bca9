import { z } from "zod";
import type { HttpClient } from "../http";
import { type IamScope, listAll, scopePath } from "./scope";

/** spec: ServiceAccountEdited, plus `secret` in the create answer (CreateServiceAccount201Response) only. */
export const ServiceAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  tokenDuration: z.string().nullish(),
  secret: z.string().nullish(),
});
export type ServiceAccount = z.infer<typeof ServiceAccountSchema>;

const base = (scope: IamScope) => `${scopePath(scope)}/serviceAccounts`;
const one = (scope: IamScope, id: string) => `${base(scope)}/${encodeURIComponent(id)}`;
const PAGE = 50;

export const getServiceAccount = async (client: HttpClient, scope: IamScope, id: string) =>
  ServiceAccountSchema.parse(await client.request({ method: "GET", path: one(scope, id) }));

/** MatchServiceAccount*: exact name; the operation takes no page parameters. */
export async function matchServiceAccounts(client: HttpClient, scope: IamScope, name: string) {
  const body = (await client.request({
    method: "GET",
    path: `${scopePath(scope)}/match/serviceAccounts`,
    query: { serviceAccountName: name },
  })) as { items?: unknown[] | null } | undefined;
  return (body?.items ?? []).map((item) => ServiceAccountSchema.parse(item));
}

export const createServiceAccount = async (
  client: HttpClient,
  scope: IamScope,
  body: { name: string; tokenDuration?: string },
  recover?: () => Promise<ServiceAccount | undefined>,
) => ServiceAccountSchema.parse(await client.request({ method: "POST", path: base(scope), body, recover }));

/** PUT replaces every field: an omitted tokenDuration would become PT24H, so both are always sent. */
export const putServiceAccount = async (
  client: HttpClient,
  scope: IamScope,
  id: string,
  body: { name: string; tokenDuration: string },
) => ServiceAccountSchema.parse(await client.request({ method: "PUT", path: one(scope, id), body }));

export const deleteServiceAccount = async (client: HttpClient, scope: IamScope, id: string) => {
  await client.request({ method: "DELETE", path: one(scope, id) });
};

/** AssignServiceAccountToSpace (200, no body; assigning twice changes nothing). */
export const assignServiceAccount = async (client: HttpClient, spaceId: string, id: string) => {
  await client.request({ method: "POST", path: one({ kind: "spaces", id: spaceId }, id), idempotent: true });
};

/** DeleteServiceAccountSpace on an account of the organisation unassigns it from the space. */
export const unassignServiceAccount = (client: HttpClient, spaceId: string, id: string) =>
  deleteServiceAccount(client, { kind: "spaces", id: spaceId }, id);

/** ListSpacesOfServiceAccount: the ids of the spaces the account is assigned to. */
export const listServiceAccountSpaces = (client: HttpClient, organisationId: string, id: string) =>
  listAll(
    client,
    `${one({ kind: "organisations", id: organisationId }, id)}/spaces`,
    (item) => String((item as { id?: unknown }).id),
    PAGE,
  );
