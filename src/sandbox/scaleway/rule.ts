import { bodyFields, queryValue, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { isUuid, scalewayTimestamp, uuid } from "../ids";
import { IAM, type ScalewayContext } from "./context";
import { ArgumentErrors, notFound, permissionsDenied } from "./errors";
import type { ScopeType } from "./permission-sets";
import { paginate } from "./query";
import type { PolicyRecord, RuleRecord, ScalewayState } from "./state";

export const MAX_CONDITION = 2048;

/**
 * Policy rules (spec: ListRules, SetRules). GET /rules?policy_id= pages through the rules in their set order;
 * PUT /rules replaces them all, and every rule it answers has a new id, even an unchanged one (recorded).
 */
export function registerRuleRoutes(router: Router, context: ScalewayContext): void {
  router.get(`${IAM}/rules`, (request) => listRules(context.state, request));
  router.put(`${IAM}/rules`, (request) => setRules(context.state, request));
}

/** Fields in the server's order; the scope key (project_ids or organization_id) comes last. */
export function showRule(rule: RuleRecord): Record<string, unknown> {
  const shown: Record<string, unknown> = {
    id: rule.id,
    permission_set_names: [...rule.permission_set_names],
    permission_sets_scope_type: rule.permission_sets_scope_type,
    condition: rule.condition,
  };
  if (rule.project_ids !== undefined) shown.project_ids = [...rule.project_ids];
  if (rule.organization_id !== undefined) shown.organization_id = rule.organization_id;
  return shown;
}

/**
 * Validates RuleSpecs (spec: scaleway.iam.v1alpha1.RuleSpecs) under `field`; answers the records to store (new ids)
 * or undefined when some rule is invalid (the reasons are in `errors`).
 */
export function checkRules(state: ScalewayState, errors: ArgumentErrors, field: string, value: unknown) {
  if (!Array.isArray(value)) {
    errors.constraint(field, "must be an array of rules");
    return undefined;
  }
  const before = errors.details.length;
  const rules = value.map((spec, i) => checkRule(state, errors, `${field}.${i}`, spec));
  return errors.details.length === before ? (rules as RuleRecord[]) : undefined;
}

function checkRule(state: ScalewayState, errors: ArgumentErrors, at: string, spec: unknown): RuleRecord | undefined {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    errors.constraint(at, "must be an object");
    return undefined;
  }
  const {
    permission_set_names: names,
    condition,
    project_ids: projectIds,
    organization_id: organizationId,
  } = spec as Record<string, unknown>;
  let scopeType: ScopeType | undefined;
  if (!Array.isArray(names) || names.length === 0 || names.some((name) => typeof name !== "string")) {
    errors.constraint(`${at}.permission_set_names`, "must contain at least one permission set name");
  } else {
    const types = new Set<ScopeType>();
    for (const name of names as string[]) {
      const set = state.permissionSets.get(name);
      if (set) types.add(set.scope_type);
      else errors.constraint(`${at}.permission_set_names`, `unknown permission set: ${name}`);
    }
    if (types.size > 1) {
      errors.constraint(`${at}.permission_set_names`, "permission sets must all have the same scope type");
    }
    scopeType = [...types][0];
  }
  if (condition !== undefined && condition !== null) {
    if (typeof condition !== "string") errors.constraint(`${at}.condition`, "must be a string");
    else if (condition.length > MAX_CONDITION) {
      errors.constraint(`${at}.condition`, `length must be at most ${MAX_CONDITION}`);
    }
  }
  const hasProjects = projectIds !== undefined && projectIds !== null;
  const hasOrganization = organizationId !== undefined && organizationId !== null;
  if (hasProjects === hasOrganization) {
    errors.constraint(`${at}`, "exactly one of project_ids and organization_id must be set");
  } else if (hasProjects) {
    if (!Array.isArray(projectIds) || projectIds.length === 0 || projectIds.some((id) => !isUuid(id))) {
      errors.constraint(`${at}.project_ids`, "must be a non-empty array of UUIDs");
    } else {
      for (const id of projectIds as string[]) {
        if (!state.projects.has(id)) errors.constraint(`${at}.project_ids`, `unknown project: ${id}`);
      }
    }
    if (scopeType === "organization") {
      errors.constraint(`${at}.project_ids`, "organization-level permission sets need an organization_id scope");
    }
  } else if (!isUuid(organizationId)) {
    errors.constraint(`${at}.organization_id`, "must be a valid UUID");
  } else if (!state.organizationIds.has(organizationId)) {
    errors.constraint(`${at}.organization_id`, `unknown organization: ${organizationId}`);
  }
  if (scopeType === undefined) return undefined;
  const rule: RuleRecord = {
    id: uuid(),
    permission_set_names: [...(names as string[])],
    permission_sets_scope_type: scopeType,
    condition: typeof condition === "string" ? condition : "",
  };
  if (hasProjects) rule.project_ids = [...(projectIds as string[])];
  else rule.organization_id = organizationId as string;
  return rule;
}

function listRules(state: ScalewayState, request: SandboxRequest): Reply {
  const errors = new ArgumentErrors();
  const policyId = queryValue(request, "policy_id");
  if (!policyId) errors.required("policy_id");
  else if (!isUuid(policyId)) errors.constraint("policy_id", "must be a valid UUID");
  const policy = policyId ? state.policies.get(policyId) : undefined;
  const page = paginate(request, policy?.rules ?? [], errors);
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (!policy) return notFound("policy", policyId!);
  return { status: 200, body: { rules: page.items.map(showRule), total_count: page.total } };
}

function setRules(state: ScalewayState, request: SandboxRequest): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  const policyId = body.policy_id;
  if (policyId === undefined || policyId === null) errors.required("policy_id");
  else if (!isUuid(policyId)) errors.constraint("policy_id", "must be a valid UUID");
  let rules: RuleRecord[] | undefined;
  if (body.rules === undefined || body.rules === null) errors.required("rules");
  else rules = checkRules(state, errors, "rules", body.rules);
  const invalid = errors.reply();
  if (invalid) return invalid;
  const policy = state.policies.get(policyId as string);
  if (!policy) return notFound("policy", policyId as string);
  if (!policy.editable) return permissionsDenied("policies", "write");
  replaceRules(policy, rules!);
  return { status: 200, body: { rules: policy.rules.map(showRule) } };
}

/** Unlike a PATCH of the policy, setting its rules moves its updated_at (recorded). */
export function replaceRules(policy: PolicyRecord, rules: RuleRecord[]): void {
  policy.rules = rules;
  policy.updated_at = scalewayTimestamp();
}
