import { z } from "zod";
import type { HttpClient, QueryValue } from "../http";
import { IAM_PREFIX } from "./client";
import { scalewayCollection } from "./collection";

/** As the API answers (spec: scaleway.iam.v1alpha1.Policy); the principal is one of four keys. */
export const PolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  organization_id: z.string(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  editable: z.boolean(),
  deletable: z.boolean().optional(),
  managed: z.boolean().optional(),
  nb_rules: z.number().int(),
  nb_scopes: z.number().int(),
  nb_permission_sets: z.number().int(),
  tags: z.array(z.string()).nullish(),
  user_id: z.string().nullish(),
  group_id: z.string().nullish(),
  application_id: z.string().nullish(),
  no_principal: z.boolean().nullish(),
});
export type Policy = z.infer<typeof PolicySchema>;

export const ListPoliciesSchema = z.object({ policies: z.array(PolicySchema), total_count: z.number().int() });

/** spec: scaleway.iam.v1alpha1.Rule. Exactly one scope key is present. */
export const RuleSchema = z.object({
  id: z.string(),
  permission_set_names: z.array(z.string()).nullish(),
  permission_sets_scope_type: z.string(),
  condition: z.string(),
  project_ids: z.array(z.string()).nullish(),
  organization_id: z.string().nullish(),
  account_root_user_id: z.string().nullish(),
});
export type Rule = z.infer<typeof RuleSchema>;

/** `total_count` is in the GET answer only: PUT /rules answers without it (recorded). */
export const ListRulesSchema = z.object({ rules: z.array(RuleSchema), total_count: z.number().int().optional() });

export interface RuleSpec {
  permission_set_names: string[];
  condition?: string;
  project_ids?: string[];
  organization_id?: string;
}

const policies = scalewayCollection<
  Policy,
  Record<string, unknown>,
  Record<string, unknown>,
  Record<string, QueryValue>
>({ path: "policies", listKey: "policies", schema: PolicySchema });

export const getPolicy = policies.get;
export const listPolicies = policies.list;
export const createPolicy = policies.create;
export const updatePolicy = policies.update;
export const deletePolicy = policies.delete;

/**
 * Every rule of a policy, across all pages. The first page is asked as the recorded traffic asks it (`policy_id`
 * alone: the server's default page of 20); further pages follow while `total_count` says more exist.
 */
export async function listRules(client: HttpClient, policyId: string): Promise<Rule[]> {
  const rules: Rule[] = [];
  for (let page = 1; ; page++) {
    const query = page === 1 ? { policy_id: policyId } : { policy_id: policyId, page };
    const body = ListRulesSchema.parse(await client.request({ method: "GET", path: `${IAM_PREFIX}/rules`, query }));
    rules.push(...body.rules);
    const total = body.total_count ?? rules.length;
    if (body.rules.length === 0 || rules.length >= total) return rules;
  }
}

/** Replaces every rule of the policy (new rule ids, even for unchanged rules). */
export async function setRules(client: HttpClient, policyId: string, rules: RuleSpec[]): Promise<Rule[]> {
  const body = await client.request({
    method: "PUT",
    path: `${IAM_PREFIX}/rules`,
    body: { policy_id: policyId, rules },
  });
  return ListRulesSchema.parse(body).rules;
}
