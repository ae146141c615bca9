import { z } from "zod";
import type { HttpClient } from "../http";
import type { SubjectType } from "./iam-policy-binding";
import { chunks, type IamScope, listAll, scopePath } from "./scope";

/** spec: ACL. */
export const AclSchema = z.object({
  service: z.string(),
  resource: z.string(),
  subresource: z.string().nullish(),
  resourceId: z.string(),
  permissionId: z.string(),
});
export interface Acl {
  service: string;
  resource: string;
  subresource?: string;
  resourceId: string;
  permissionId: string;
}

export const aclKey = (a: Acl) =>
  [a.service, a.resource, a.subresource ?? "", a.resourceId, a.permissionId.toLowerCase()].join("\u0000");

const subject = (scope: IamScope, type: SubjectType, id: string) =>
  `${scopePath(scope)}/${type}/${encodeURIComponent(id)}`;

/** GetACL*: `service` and `resource` are both required; pages of at most 100. */
export const listAcls = (
  client: HttpClient,
  scope: IamScope,
  type: SubjectType,
  id: string,
  filter: { service: string; resource: string },
): Promise<Acl[]> =>
  listAll(
    client,
    `${subject(scope, type, id)}/acl`,
    (item) => {
      const acl = AclSchema.parse(item);
      const out: Acl = { ...acl, subresource: acl.subresource ?? undefined };
      if (out.subresource === undefined) delete out.subresource;
      return out;
    },
    100,
    filter,
  );

/** Create/DeleteACL*Bulk: 1–100 items a call, idempotent on the server. Answers how many calls were made. */
export async function changeAcls(
  client: HttpClient,
  scope: IamScope,
  type: SubjectType,
  id: string,
  change: "create" | "delete",
  acls: readonly Acl[],
): Promise<number> {
  const batches = chunks(acls, 100);
  for (const items of batches) {
    await client.request({
      method: change === "create" ? "POST" : "DELETE",
      path: `${subject(scope, type, id)}/bulk/acl`,
      body: { items },
      idempotent: true,
    });
  }
  return batches.length;
}
