import { z } from "zod";
import type { HttpClient } from "../http";
import { type Permission, PermissionSchema } from "./permission";
import { chunks, type IamScope, listAll, scopePath } from "./scope";

/** spec: RegisteredRole. */
export const RoleSchema = z.object({
  uuid: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  tenantType: z.array(z.string()).nullish(),
  // The OpenAPI requires it; the redoc samples omit it: a role without it is one we made (custom).
  custom: z.boolean().nullish(),
  createdOn: z.string().nullish(),
  updatedOn: z.string().nullish(),
});
export type Role = z.infer<typeof RoleSchema>;

const roles = (scope: IamScope) => `${scopePath(scope)}/roles`;
const one = (scope: IamScope, uuid: string) => `${roles(scope)}/${encodeURIComponent(uuid)}`;

/** ListRoles* and GetRolePermissions* allow at most 50 a page. */
const PAGE = 50;

export const getRole = async (client: HttpClient, scope: IamScope, uuid: string) =>
  RoleSchema.parse(await client.request({ method: "GET", path: one(scope, uuid) }));

export const listRoles = (client: HttpClient, scope: IamScope, name?: string) =>
  listAll(client, roles(scope), (item) => RoleSchema.parse(item), PAGE, { name });

export const listRolePermissions = (client: HttpClient, scope: IamScope, uuid: string): Promise<Permission[]> =>
  listAll(client, `${one(scope, uuid)}/permissions`, (item) => PermissionSchema.parse(item), PAGE);

/** redoc: CreateRole (no published spec has it; DESIGN §2.3). */
export const createRole = async (
  client: HttpClient,
  scope: IamScope,
  body: { name: string; description: string },
  recover?: () => Promise<Role | undefined>,
) => RoleSchema.parse(await client.request({ method: "POST", path: roles(scope), body, recover }));

/** redoc: UpdateRole (PATCH, answers the role). */
export const updateRole = async (
  client: HttpClient,
  scope: IamScope,
  uuid: string,
  body: { name?: string; description?: string },
) => RoleSchema.parse(await client.request({ method: "PATCH", path: one(scope, uuid), body }));

export const deleteRole = async (client: HttpClient, scope: IamScope, uuid: string) => {
  await client.request({ method: "DELETE", path: one(scope, uuid) });
};

/**
 * redoc: Add/RemoveRolePermissions, `{permissions: [...]}` with 1–100 UUIDs a call. Both are idempotent on the
 * server (adding a permission held, removing one lacking, change nothing), so a POST is safe to re-send.
 */
export async function changeRolePermissions(
  client: HttpClient,
  scope: IamScope,
  uuid: string,
  change: "add" | "remove",
  permissions: readonly string[],
): Promise<number> {
  const batches = chunks(permissions, 100);
  for (const batch of batches) {
    await client.request({
      method: change === "add" ? "POST" : "DELETE",
      path: `${one(scope, uuid)}/permissions`,
      body: { permissions: batch },
      idempotent: true,
    });
  }
  return batches.length;
}
