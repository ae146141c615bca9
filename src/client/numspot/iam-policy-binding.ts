import { z } from "zod";
import type { HttpClient } from "../http";
import { type IamScope, scopePath } from "./scope";

export type SubjectType = "users" | "serviceAccounts";

/** spec: IAMPolicy. */
export const PolicySchema = z.object({
  roles: z.array(z.string()).nullish(),
  permissions: z.array(z.string()).nullish(),
});
export type Policy = { roles: string[]; permissions: string[] };

export interface PolicyChange {
  add?: { roles?: string[]; permissions?: string[] };
  delete?: { roles?: string[]; permissions?: string[] };
}

const path = (scope: IamScope, type: SubjectType, id: string) =>
  `${scopePath(scope)}/iampolicy/${type}/${encodeURIComponent(id)}`;

export async function getPolicy(client: HttpClient, scope: IamScope, type: SubjectType, id: string): Promise<Policy> {
  const policy = PolicySchema.parse(await client.request({ method: "GET", path: path(scope, type, id) }));
  return {
    roles: (policy.roles ?? []).map((r) => r.toLowerCase()),
    permissions: (policy.permissions ?? []).map((p) => p.toLowerCase()),
  };
}

/** SetIAMPolicy*: changes only what it names (204). */
export const patchPolicy = async (
  client: HttpClient,
  scope: IamScope,
  type: SubjectType,
  id: string,
  change: PolicyChange,
) => {
  await client.request({ method: "PATCH", path: path(scope, type, id), body: change });
};
