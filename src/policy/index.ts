/**
 * The IAM policies of pulumi-eurostack, for a `@pulumi/policy` pack: `new PolicyPack("iam", { policies })`.
 * Each policy has a default enforcement level (advisory, or mandatory where a breach is always wrong) and a config
 * schema; a policy config file (`--policy-pack-config`) changes both. See docs/policy.md.
 *
 * Only types come from @pulumi/policy here: the pack that constructs the PolicyPack (policy/index.js, or a user's
 * own) depends on @pulumi/policy itself, so the package needs nothing of it at run time.
 */
import type {
  EnforcementLevel,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import * as rules from "./rules";

export * from "./rules";

export const PACK_NAME = "pulumi-eurostack-iam";

type Args = Pick<ResourceValidationArgs, "type" | "name" | "props" | "getConfig">;

/** A resource policy from a rule function; the rule's config comes with the schema's defaults filled in. */
function resourcePolicy<C extends object>(
  name: string,
  description: string,
  enforcementLevel: EnforcementLevel,
  configSchema: PolicyConfigSchema,
  rule: (r: rules.Subject, config: C) => string[],
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel,
    configSchema,
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      for (const message of rule(args, configOf<C>(args, configSchema))) reportViolation(message);
    },
  };
}

/** The config with defaults (the engine validates it against the schema before any policy runs). */
export function configOf<C>(args: Pick<Args, "getConfig">, schema: PolicyConfigSchema): C {
  const defaults = Object.fromEntries(
    Object.entries(schema.properties).map(([k, v]) => [k, (v as { default?: unknown }).default]),
  );
  return { ...defaults, ...(args.getConfig<Record<string, unknown>>() ?? {}) } as C;
}

const stringList = (description: string, defaults: string[]) => ({
  type: "array" as const,
  items: { type: "string" as const },
  default: defaults,
  description,
});

const apiKeyExpiry = resourcePolicy<rules.ApiKeyExpiryConfig>(
  "api-key-max-expiry",
  "Scaleway API keys must expire, within maxDays (default 90).",
  "advisory",
  { properties: { maxDays: { type: "integer", minimum: 1, default: 90, description: "Longest lifetime, in days." } } },
  (r, config) => rules.apiKeyExpiry(r, config),
);

const fullAccess = resourcePolicy<rules.FullAccessConfig>(
  "scaleway-no-org-wide-full-access",
  "No Scaleway policy grants an application or a user organisation-wide *FullAccess permission sets.",
  "mandatory",
  { properties: { permissionSets: stringList("Permission sets counted as full access (patterns).", ["*FullAccess"]) } },
  rules.noOrgWideFullAccess,
);

const adminCondition = resourcePolicy<rules.AdminConditionConfig>(
  "scaleway-admin-rules-need-condition",
  "Scaleway policy rules granting the configured admin permission sets carry a condition.",
  "advisory",
  {
    properties: {
      requireConditionFor: stringList("Permission sets whose rules need a condition (patterns); empty: off.", []),
    },
  },
  rules.adminRulesNeedCondition,
);

const numspotAdminSchema: PolicyConfigSchema = {
  properties: {
    adminRoleNames: stringList("Role names that count as admin (patterns).", ["*admin*", "*Admin*", "*ADMIN*"]),
    adminRoleIds: stringList("Role ids that count as admin.", []),
  },
};

// A stack policy: a binding's roles are often roles of the same stack, known only by the dependency.
const numspotAdmin: StackValidationPolicy = {
  name: "numspot-no-org-admin-for-service-accounts",
  description: "No Numspot binding gives a service account organisation-wide admin.",
  enforcementLevel: "mandatory",
  configSchema: numspotAdminSchema,
  validateStack: (args, reportViolation) => {
    const config = configOf<rules.NumspotAdminConfig>(args, numspotAdminSchema);
    for (const resource of args.resources) {
      for (const message of rules.numspotNoOrgAdminForServiceAccounts(resource, config, resource.dependencies)) {
        reportViolation(message, resource.urn);
      }
    }
  },
};

const acl = resourcePolicy<object>(
  "numspot-acl-not-service-wide",
  "No Numspot ACL entry covers every resource of a service.",
  "mandatory",
  { properties: {} },
  (r) => rules.numspotAclNotServiceWide(r),
);

const superuser = resourcePolicy<rules.SuperuserConfig>(
  "juju-superuser-allow-list",
  "Juju superuser controller access only for the users on allowList.",
  "mandatory",
  { properties: { allowList: stringList("Users who may be superuser.", []) } },
  rules.jujuSuperuserAllowList,
);

const marketplace = resourcePolicy<object>(
  "fiware-marketplace-v1-credentials",
  "FIWARE marketplaces on API version 1 carry credentials.",
  "mandatory",
  { properties: {} },
  (r) => rules.fiwareMarketplaceV1Credentials(r),
);

const names = resourcePolicy<rules.NamePatternConfig>(
  "entity-name-pattern",
  "The name of every pulumi-eurostack entity matches pattern.",
  "advisory",
  {
    properties: {
      pattern: {
        type: "string",
        default: "^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$",
        description: "A regular expression (JavaScript) every name matches.",
      },
    },
  },
  rules.namePattern,
);

/** Every policy, in the order the issue lists them. */
export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  apiKeyExpiry,
  fullAccess,
  adminCondition,
  numspotAdmin,
  acl,
  superuser,
  marketplace,
  names,
];
