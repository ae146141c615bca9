import { z } from "zod";
import { NotFoundError } from "../errors";
import type { HttpClient } from "../http";
import { type IamScope, listAll, scopePath } from "./scope";

/** spec: UserModified (the create answer has no updatedOn). */
export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstname: z.string().nullish(),
  lastname: z.string().nullish(),
  active: z.boolean().nullish(),
  createdOn: z.string().nullish(),
  updatedOn: z.string().nullish(),
});
export type User = z.infer<typeof UserSchema>;

export interface UserFields {
  email: string;
  firstname: string;
  lastname: string;
}

const base = (scope: IamScope) => `${scopePath(scope)}/users`;
const one = (scope: IamScope, id: string) => `${base(scope)}/${encodeURIComponent(id)}`;

export const getUser = async (client: HttpClient, scope: IamScope, id: string) =>
  UserSchema.parse(await client.request({ method: "GET", path: one(scope, id) }));

/** GetUser*ByEmail: the one user with the email, or none (404). */
export async function findUserByEmail(client: HttpClient, scope: IamScope, email: string): Promise<User[]> {
  try {
    const found = await client.request({ method: "GET", path: `${scopePath(scope)}/match/users`, query: { email } });
    return [UserSchema.parse(found)];
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

export const createUser = async (
  client: HttpClient,
  scope: IamScope,
  body: UserFields,
  recover?: () => Promise<User | undefined>,
) => UserSchema.parse(await client.request({ method: "POST", path: base(scope), body, recover }));

/** UpdateUser*: PUT replaces, and `active` is required. */
export const putUser = async (
  client: HttpClient,
  scope: IamScope,
  id: string,
  body: UserFields & { active: boolean },
) => UserSchema.parse(await client.request({ method: "PUT", path: one(scope, id), body }));

/** PatchUserState*. */
export const setUserActive = async (client: HttpClient, scope: IamScope, id: string, active: boolean) => {
  await client.request({ method: "PATCH", path: one(scope, id), body: { active } });
};

/** In an organisation: deletes the user; in a space: unassigns it (UnassignUserSpace). */
export const deleteUser = async (client: HttpClient, scope: IamScope, id: string) => {
  await client.request({ method: "DELETE", path: one(scope, id) });
};

export const assignUser = async (client: HttpClient, spaceId: string, id: string) => {
  await client.request({ method: "POST", path: one({ kind: "spaces", id: spaceId }, id), idempotent: true });
};

export const listUserSpaces = (client: HttpClient, organisationId: string, id: string) =>
  listAll(
    client,
    `${one({ kind: "organisations", id: organisationId }, id)}/spaces`,
    (item) => String((item as { id?: unknown }).id),
    50,
  );
