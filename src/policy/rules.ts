/**
 * The IAM rules of the policy pack as plain functions of one resource (type token, name, inputs) and the rule's
 * config, so they are tested without an engine. Rules match by type token (`__pulumiType`), and read inputs by the
 * names the Resource classes take (camelCase), also accepting the APIs' snake_case names.
 */

export const TOKEN = {
  apiKey: "pulumi-nodejs:dynamic/scaleway:ApiKey",
  scalewayPolicy: "pulumi-nodejs:dynamic/scaleway:Policy",
  numspotRole: "pulumi-nodejs:dynamic/numspot:Role",
  numspotIamBinding: "pulumi-nodejs:dynamic/numspot:IamPolicyBinding",
  numspotAclBinding: "pulumi-nodejs:dynamic/numspot:AclBinding",
  jujuControllerAccess: "pulumi-nodejs:dynamic/juju:ControllerAccess",
  fiwareMarketplace: "pulumi-nodejs:dynamic/fiware:Marketplace",
} as const;

export const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/";

export type Props = Record<string, any>;

export interface Subject {
  type: string;
  name: string;
  props: Props;
}

/** A field by its camelCase input name or the API's snake_case name. */
export function field(props: Props | undefined, name: string): any {
  if (!props) return undefined;
  if (props[name] !== undefined) return props[name];
  return props[name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
}

/**
 * Whether an input is declared, without reading its value: during preview @pulumi/policy hands rules a proxy that
 * throws on reading a value not known yet (an id of a resource of the same stack), while `in` never throws.
 */
export function declared(props: Props | undefined, name: string): boolean {
  if (!props) return false;
  return name in props || name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) in props;
}

const asList = (value: unknown): any[] => (Array.isArray(value) ? value : []);

/** `*FullAccess`, `IAM*`: shell-style patterns, `*` any run of characters, matched whole and case-sensitively. */
export function globMatch(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${source}$`).test(value);
}

const matchesAny = (patterns: readonly string[], value: string) => patterns.some((p) => globMatch(p, value));

// ---- Scaleway API keys -------------------------------------------------------------------------------------------

export interface ApiKeyExpiryConfig {
  maxDays: number;
}

/** An API key must expire, and within `maxDays` of now. */
export function apiKeyExpiry(r: Subject, config: ApiKeyExpiryConfig, now: Date = new Date()): string[] {
  if (r.type !== TOKEN.apiKey) return [];
  const expiresAt = field(r.props, "expiresAt");
  if (expiresAt === undefined || expiresAt === null || expiresAt === "") {
    return [`API key "${r.name}" never expires: set expiresAt within ${config.maxDays} days`];
  }
  const when = Date.parse(String(expiresAt));
  if (Number.isNaN(when)) return []; // not known yet (preview) or refused by the provider's own check
  const days = (when - now.getTime()) / 86_400_000;
  if (days > config.maxDays) {
    return [
      `API key "${r.name}" expires in ${Math.ceil(days)} days (${expiresAt}), more than the ${config.maxDays} allowed`,
    ];
  }
  return [];
}

// ---- Scaleway policies ------------------------------------------------------------------------------------------

interface ScalewayRule {
  permissionSets: string[];
  organizationWide: boolean;
  condition?: string;
}

function scalewayRules(props: Props): ScalewayRule[] {
  return asList(field(props, "rules")).map((rule: Props) => {
    const projectIds = asList(field(rule, "projectIds"));
    return {
      permissionSets: asList(field(rule, "permissionSetNames")).map(String),
      // A rule is scoped either to the organization or to projects; a rule naming no project reaches everything.
      organizationWide: Boolean(field(rule, "organizationId")) || projectIds.length === 0,
      condition: field(rule, "condition"),
    };
  });
}

/** Only presence matters: the principal's id is often another resource's, unknown during preview. */
function scalewayPrincipal(props: Props): string | undefined {
  if (declared(props, "applicationId")) return "an application";
  if (declared(props, "userId")) return "a user";
  return undefined;
}

export interface FullAccessConfig {
  /** Permission sets counted as full access (patterns). */
  permissionSets: string[];
}

/** No policy may grant an application or a user a `*FullAccess` permission set on the whole organization. */
export function noOrgWideFullAccess(r: Subject, config: FullAccessConfig): string[] {
  if (r.type !== TOKEN.scalewayPolicy) return [];
  const principal = scalewayPrincipal(r.props);
  if (!principal) return [];
  const granted = scalewayRules(r.props)
    .filter((rule) => rule.organizationWide)
    .flatMap((rule) => rule.permissionSets.filter((set) => matchesAny(config.permissionSets, set)));
  if (granted.length === 0) return [];
  return [
    `policy "${r.name}" grants ${principal} organization-wide ${[...new Set(granted)].join(", ")}: scope it to projects`,
  ];
}

export interface AdminConditionConfig {
  /** Permission sets whose rules must carry a condition (patterns); empty: the rule checks nothing. */
  requireConditionFor: string[];
}

/** Rules granting an admin permission set must carry a condition, when the config names such sets. */
export function adminRulesNeedCondition(r: Subject, config: AdminConditionConfig): string[] {
  if (r.type !== TOKEN.scalewayPolicy || config.requireConditionFor.length === 0) return [];
  return scalewayRules(r.props)
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => !rule.condition && rule.permissionSets.some((s) => matchesAny(config.requireConditionFor, s)))
    .map(
      ({ rule, index }) =>
        `policy "${r.name}" rule ${index} grants ${rule.permissionSets.filter((s) => matchesAny(config.requireConditionFor, s)).join(", ")} without a condition`,
    );
}

// ---- Numspot ------------------------------------------------------------------------------------------------------

export interface NumspotAdminConfig {
  /** Role names that count as admin (patterns). */
  adminRoleNames: string[];
  /** Role ids that count as admin (e.g. Numspot's built-in admin roles). */
  adminRoleIds: string[];
}

/** Bindings name their subject as `userId` or `serviceAccountId` (numspot/subject.ts). */
const isServiceAccountSubject = (props: Props) => declared(props, "serviceAccountId");

/** Organisation scope: no space named (`organisationId` defaults from config, so its absence says nothing). */
const organisationScope = (props: Props) => !declared(props, "spaceId");

/**
 * No binding may give a service account organisation-wide admin: a binding of a service account at organisation
 * scope to a role that is admin by id, by name (bindings that name roles), or a role of the stack the binding
 * depends on whose name is an admin name (its id is not known before it exists).
 */
export function numspotNoOrgAdminForServiceAccounts(
  r: Subject,
  config: NumspotAdminConfig,
  dependencies: readonly Subject[] = [],
): string[] {
  if (r.type !== TOKEN.numspotIamBinding || !isServiceAccountSubject(r.props) || !organisationScope(r.props)) return [];
  const adminName = (name: unknown) => typeof name === "string" && matchesAny(config.adminRoleNames, name);
  const admin = asList(field(r.props, "roles"))
    .map(String)
    .filter((role) => config.adminRoleIds.includes(role) || adminName(role));
  for (const role of dependencies) {
    if (role.type === TOKEN.numspotRole && organisationScope(role.props) && adminName(field(role.props, "name"))) {
      admin.push(String(field(role.props, "name")));
    }
  }
  if (admin.length === 0) return [];
  return [
    `binding "${r.name}" gives a service account organisation-wide admin (roles ${[...new Set(admin)].join(", ")})`,
  ];
}

/**
 * No ACL entry may cover every resource of a service: `resourceId` or `resource` `*`, or no resource id (the
 * binding's `entries`, each `{service, resource, subresource?, resourceId, permission}`).
 */
export function numspotAclNotServiceWide(r: Subject): string[] {
  if (r.type !== TOKEN.numspotAclBinding) return [];
  return asList(field(r.props, "entries"))
    .filter((acl: Props) => {
      if (!acl || typeof acl !== "object") return false;
      const id = field(acl, "resourceId");
      return id === "*" || id === "" || id === undefined || field(acl, "resource") === "*";
    })
    .map(
      (acl: Props) =>
        `ACL binding "${r.name}" covers every ${field(acl, "resource") ?? "resource"} of service ${field(acl, "service") ?? "?"}`,
    );
}

// ---- Juju and FIWARE -----------------------------------------------------------------------------------------------

export interface SuperuserConfig {
  allowList: string[];
}

/** Juju `superuser` controller access only for users on the allow-list. */
export function jujuSuperuserAllowList(r: Subject, config: SuperuserConfig): string[] {
  if (r.type !== TOKEN.jujuControllerAccess || field(r.props, "access") !== "superuser") return [];
  const user = String(field(r.props, "user") ?? "");
  if (config.allowList.includes(user)) return [];
  return [
    `controller access "${r.name}" makes ${user || "a user"} superuser; allowed: ${config.allowList.join(", ") || "nobody"}`,
  ];
}

/**
 * A FIWARE marketplace registered with API version 1 must carry credentials: `{username, password}` as the resource
 * takes them (`passwd` is the store API's name, accepted too).
 */
export function fiwareMarketplaceV1Credentials(r: Subject): string[] {
  if (r.type !== TOKEN.fiwareMarketplace || String(field(r.props, "apiVersion") ?? "") !== "1") return [];
  const credentials = field(r.props, "credentials") as Props | undefined;
  const complete =
    credentials &&
    typeof credentials === "object" &&
    field(credentials, "username") &&
    (credentials.password ?? credentials.passwd);
  return complete ? [] : [`marketplace "${r.name}" uses API version 1 without credentials (username and password)`];
}

// ---- Every entity -------------------------------------------------------------------------------------------------

export interface NamePatternConfig {
  pattern: string;
}

/** The remote name of every entity of the package (its `name` input) matches the configured pattern. */
export function namePattern(r: Subject, config: NamePatternConfig): string[] {
  if (!r.type.startsWith(DYNAMIC_PREFIX)) return [];
  const name = field(r.props, "name");
  if (typeof name !== "string") return [];
  return new RegExp(config.pattern).test(name)
    ? []
    : [`${r.type.slice(DYNAMIC_PREFIX.length)} "${r.name}" has name "${name}", which does not match ${config.pattern}`];
}
