import { bodyFields, noContent, queryValue, queryValues, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { isUuid, scalewayTimestamp, uuid } from "../ids";
import { IAM, type ScalewayContext } from "./context";
import { ArgumentErrors, notFound, permissionsDenied } from "./errors";
import { booleanFilter, checkDescription, checkName, checkTags, ordered, paginate } from "./query";
import { checkRules } from "./rule";
import type { PolicyRecord, Principal, RuleRecord, ScalewayState } from "./state";

/**
 * IAM policies (spec: ListPolicies, CreatePolicy, GetPolicy, UpdatePolicy, DeletePolicy, ClonePolicy). As recorded
 * from the real server: the POST answer counts no rules (nb_rules, nb_scopes and nb_permission_sets are 0 even when
 * the policy was created with rules; the next GET is right), and a PATCH of tags or of the principal leaves
 * updated_at as it was.
 */
export function registerPolicyRoutes(router: Router, context: ScalewayContext): void {
  const base = `${IAM}/policies`;
  router.get(base, (request) => listPolicies(context.state, request));
  router.post(base, (request) => createPolicy(context, request));
  router.get(`${base}/:policy_id`, (request) => withPolicy(context.state, request, (policy) => ok(policy)));
  router.patch(`${base}/:policy_id`, (request) =>
    withPolicy(context.state, request, (policy) => updatePolicy(context.state, request, policy)),
  );
  router.delete(`${base}/:policy_id`, (request) =>
    withPolicy(context.state, request, (policy) => deletePolicy(context.state, policy)),
  );
  router.post(`${base}/:policy_id/clone`, (request) =>
    withPolicy(context.state, request, (policy) => clonePolicy(context.state, policy)),
  );
}

/** Fields in the server's order; the principal key comes last. `counted: false` is the POST answer's zero counts. */
export function showPolicy(policy: PolicyRecord, counted = true): Record<string, unknown> {
  const scopes = new Set<string>();
  const names = new Set<string>();
  for (const rule of policy.rules) {
    for (const name of rule.permission_set_names) names.add(name);
    if (rule.organization_id !== undefined) scopes.add(rule.organization_id);
    for (const project of rule.project_ids ?? []) scopes.add(project);
  }
  return {
    id: policy.id,
    name: policy.name,
    description: policy.description,
    organization_id: policy.organization_id,
    created_at: policy.created_at,
    updated_at: policy.updated_at,
    editable: policy.editable,
    deletable: policy.deletable,
    managed: policy.managed,
    nb_rules: counted ? policy.rules.length : 0,
    nb_scopes: counted ? scopes.size : 0,
    nb_permission_sets: counted ? names.size : 0,
    tags: [...policy.tags],
    ...policy.principal,
  };
}

function ok(policy: PolicyRecord): Reply {
  return { status: 200, body: showPolicy(policy) };
}

function withPolicy(state: ScalewayState, request: SandboxRequest, then: (policy: PolicyRecord) => Reply): Reply {
  const id = request.params.policy_id!;
  if (!isUuid(id)) {
    const errors = new ArgumentErrors();
    errors.constraint("policy_id", "must be a valid UUID");
    return errors.reply()!;
  }
  const policy = state.policies.get(id);
  return policy ? then(policy) : notFound("policy", id);
}

const PRINCIPAL_FIELDS = ["user_id", "group_id", "application_id"] as const;

/**
 * The principal a body names (the spec's one-of: user_id, group_id, application_id, no_principal). undefined when it
 * names none; an argument error when it names several, or sets no_principal to false (which names nothing).
 */
function readPrincipal(body: Record<string, unknown>, errors: ArgumentErrors): Principal | undefined {
  const named: Principal[] = [];
  for (const field of PRINCIPAL_FIELDS) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (!isUuid(value)) errors.constraint(field, "must be a valid UUID");
    else named.push({ [field]: value } as Principal);
  }
  if (body.no_principal !== undefined && body.no_principal !== null) {
    if (body.no_principal === true) named.push({ no_principal: true });
    else errors.constraint("no_principal", "can only be true: set user_id, group_id or application_id instead");
  }
  if (named.length > 1) {
    errors.constraint("principal", "only one of user_id, group_id, application_id and no_principal may be set");
  }
  return named[0];
}

/** 404 when the principal names a user, group or application that does not exist. */
function missingPrincipal(state: ScalewayState, principal: Principal): Reply | undefined {
  if ("user_id" in principal && !state.users.has(principal.user_id)) return notFound("user", principal.user_id);
  if ("group_id" in principal && !state.groups.has(principal.group_id)) return notFound("group", principal.group_id);
  if ("application_id" in principal && !state.applications.has(principal.application_id)) {
    return notFound("application", principal.application_id);
  }
  return undefined;
}

function listPolicies(state: ScalewayState, request: SandboxRequest): Reply {
  const errors = new ArgumentErrors();
  const organizationId = queryValue(request, "organization_id");
  const editable = booleanFilter(request, "editable", errors);
  const noPrincipal = booleanFilter(request, "no_principal", errors);
  const name = queryValue(request, "policy_name")?.toLowerCase();
  const tag = queryValue(request, "tag");
  const userIds = queryValues(request, "user_ids");
  const groupIds = queryValues(request, "group_ids");
  const applicationIds = queryValues(request, "application_ids");
  const policyIds = queryValues(request, "policy_ids");
  if (organizationId && !state.organizationIds.has(organizationId)) return permissionsDenied("policies", "read");
  const principalFilter = userIds.length + groupIds.length + applicationIds.length > 0;
  const matching = [...state.policies.values()].filter((policy) => {
    const p = policy.principal;
    const byPrincipal =
      ("user_id" in p && userIds.includes(p.user_id)) ||
      ("group_id" in p && groupIds.includes(p.group_id)) ||
      ("application_id" in p && applicationIds.includes(p.application_id));
    return (
      (!organizationId || policy.organization_id === organizationId) &&
      (editable === undefined || policy.editable === editable) &&
      (noPrincipal === undefined || "no_principal" in p === noPrincipal) &&
      (!name || policy.name.toLowerCase().includes(name)) &&
      (!tag || policy.tags.some((candidate) => candidate.includes(tag))) &&
      (!principalFilter || byPrincipal) &&
      (policyIds.length === 0 || policyIds.includes(policy.id))
    );
  });
  // The spec's default order is policy_name_asc (its prose says creation date; the enum's default wins).
  const sorted = ordered(
    request,
    matching,
    { policy_name: (policy) => policy.name, created_at: (policy) => policy.created_at },
    errors,
    "policy_name_asc",
  );
  const page = paginate(request, sorted, errors);
  return (
    errors.reply() ?? {
      status: 200,
      body: { policies: page.items.map((policy) => showPolicy(policy)), total_count: page.total },
    }
  );
}

function createPolicy(context: ScalewayContext, request: SandboxRequest): Reply {
  const { state } = context;
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  if (body.name === undefined || body.name === null) errors.required("name");
  else checkName(errors, "name", body.name);
  if (body.description !== undefined && body.description !== null) {
    checkDescription(errors, "description", body.description);
  }
  const organizationId = body.organization_id ?? state.organizationId;
  if (!isUuid(organizationId)) errors.constraint("organization_id", "must be a valid UUID");
  if (body.tags !== undefined && body.tags !== null) checkTags(errors, "tags", body.tags);
  const principal = readPrincipal(body, errors);
  if (!principal && errors.details.length === 0) {
    errors.required("principal");
  }
  let rules: RuleRecord[] | undefined = [];
  if (body.rules !== undefined && body.rules !== null) rules = checkRules(state, errors, "rules", body.rules);
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (!state.organizationIds.has(organizationId as string)) return permissionsDenied("policies", "write");
  const missing = missingPrincipal(state, principal!);
  if (missing) return missing;
  const now = scalewayTimestamp();
  const policy: PolicyRecord = {
    id: uuid(),
    name: body.name as string,
    description: (body.description as string | undefined) ?? "",
    organization_id: organizationId as string,
    created_at: now,
    updated_at: now,
    editable: true,
    deletable: true,
    managed: false,
    tags: [...((body.tags as string[] | null | undefined) ?? [])],
    principal: principal!,
    rules: rules!,
  };
  state.policies.set(policy.id, policy);
  return { status: 200, body: showPolicy(policy, false) };
}

function updatePolicy(state: ScalewayState, request: SandboxRequest, policy: PolicyRecord): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  if (body.name !== undefined && body.name !== null) checkName(errors, "name", body.name);
  if (body.description !== undefined && body.description !== null) {
    checkDescription(errors, "description", body.description);
  }
  if (body.tags !== undefined && body.tags !== null) checkTags(errors, "tags", body.tags);
  const principal = readPrincipal(body, errors);
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (!policy.editable) return permissionsDenied("policies", "write");
  const missing = principal && missingPrincipal(state, principal);
  if (missing) return missing;
  // Only a new name or description moves updated_at: the recorded PATCHes of tags and principal left it unchanged.
  if (
    (typeof body.name === "string" && body.name !== policy.name) ||
    (typeof body.description === "string" && body.description !== policy.description)
  ) {
    policy.updated_at = scalewayTimestamp();
  }
  if (typeof body.name === "string") policy.name = body.name;
  if (typeof body.description === "string") policy.description = body.description;
  if (Array.isArray(body.tags)) policy.tags = [...(body.tags as string[])];
  if (principal) policy.principal = principal;
  return ok(policy);
}

function deletePolicy(state: ScalewayState, policy: PolicyRecord): Reply {
  if (!policy.deletable) return permissionsDenied("policies", "write");
  state.policies.delete(policy.id);
  return noContent();
}

/** The copy is editable, keeps the principal and the rules (with new rule ids), and takes a derived name. */
function clonePolicy(state: ScalewayState, policy: PolicyRecord): Reply {
  const now = scalewayTimestamp();
  const copy: PolicyRecord = {
    ...policy,
    id: uuid(),
    name: `${policy.name}-copy`.slice(0, 64),
    created_at: now,
    updated_at: now,
    editable: true,
    deletable: true,
    managed: false,
    tags: [...policy.tags],
    rules: policy.rules.map((rule) => ({ ...rule, id: uuid() })),
  };
  state.policies.set(copy.id, copy);
  return ok(copy);
}
