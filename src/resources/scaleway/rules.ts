import { z } from "zod";
import type { HttpClient } from "../../client/http";
import { listPermissionSets } from "../../client/scaleway/permission-set";
import type { Rule, RuleSpec } from "../../client/scaleway/policy";
import { text, Uuid } from "../fields";

export const MAX_CONDITION = 2048;

export interface PolicyRule {
  permissionSetNames: string[];
  projectIds?: string[];
  organizationId?: string;
  condition?: string;
}

const RuleInput = z
  .object(
    {
      permissionSetNames: z
        .array(z.string("must be a string").min(1, "must not be empty"), "must be a list of permission set names")
        .min(1, "must name at least one permission set"),
      projectIds: z.array(Uuid, "must be a list of project ids").min(1, "must name at least one project").optional(),
      organizationId: Uuid.optional(),
      condition: text({ max: MAX_CONDITION }).optional(),
    },
    "must be an object",
  )
  .strict()
  .superRefine((rule, ctx) => {
    if ((rule.projectIds === undefined) === (rule.organizationId === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["projectIds"],
        message: "set exactly one of projectIds and organizationId (the rule's scope)",
      });
    }
  });

export const Rules = z.array(RuleInput, "must be a list of rules");

/** Rules compare as a multiset: neither the order of rules nor of names inside one matters; ids never appear. */
export const asRuleSet = (value: unknown) =>
  Array.isArray(value)
    ? value
        .map((rule: PolicyRule) =>
          JSON.stringify([
            [...new Set(rule.permissionSetNames ?? [])].sort(),
            rule.projectIds ? [...new Set(rule.projectIds)].sort() : null,
            rule.organizationId ?? null,
            rule.condition ?? "",
          ]),
        )
        .sort()
    : value;

export function rulesFromApi(value: unknown): PolicyRule[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return (value as Rule[]).map((rule) => ({
    permissionSetNames: rule.permission_set_names ?? [],
    ...(rule.project_ids ? { projectIds: rule.project_ids } : {}),
    ...(rule.organization_id ? { organizationId: rule.organization_id } : {}),
    condition: rule.condition,
  }));
}

/** The body of one rule, as the recordings send it (condition always present, "" when none). */
export function toSpecs(rules: PolicyRule[]): RuleSpec[] {
  return rules.map((rule) => ({
    permission_set_names: rule.permissionSetNames,
    condition: rule.condition ?? "",
    ...(rule.projectIds ? { project_ids: rule.projectIds } : { organization_id: rule.organizationId }),
  }));
}

/**
 * Resolves every permission-set name with GET /permission-sets (read-only) before anything is written: an unknown
 * name, a rule mixing scope types, or organization-level sets on projects fail naming the rule, and nothing is sent.
 */
export async function resolvePermissionSets(client: HttpClient, organizationId: string, rules: PolicyRule[]) {
  if (rules.length === 0) return;
  const scopes = new Map((await listPermissionSets(client, organizationId)).map((set) => [set.name, set.scope_type]));
  const problems: string[] = [];
  rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    const unknown = rule.permissionSetNames.filter((name) => !scopes.has(name));
    if (unknown.length > 0) {
      problems.push(
        `${at}.permissionSetNames: no permission set named ${unknown.map((name) => JSON.stringify(name)).join(", ")} (see getPermissionSets())`,
      );
      return;
    }
    const types = new Map(rule.permissionSetNames.map((name) => [name, scopes.get(name)!]));
    if (new Set(types.values()).size > 1) {
      const named = [...types].map(([name, type]) => `${name}: ${type}`).join(", ");
      problems.push(`${at}.permissionSetNames: mixes scope types (${named}); put them in separate rules`);
      return;
    }
    const type = [...types.values()][0];
    if (type === "organization" && rule.projectIds) {
      problems.push(`${at}.projectIds: organization-level permission sets need organizationId, not projectIds`);
    }
  });
  if (problems.length > 0) throw new Error(`policy rules refused before any change: ${problems.join("; ")}`);
}
