/**
 * Every rule of the policy pack, passing and violated, on synthetic resource arguments shaped as the engine gives
 * them to a pack (type token, logical name, inputs) — also for entities not merged yet, by their type tokens and
 * input names; and the policies' defaults, levels and config handling.
 */
import * as eurostack from "pulumi-eurostack";
import { describe, expect, it } from "vitest";
import { configOf, policies } from "../../src/policy";
import * as rules from "../../src/policy/rules";
import { TOKEN } from "../../src/policy/rules";

// @pulumi/policy's own preview proxy (marked internal, so untyped): it throws on reading a value not known yet.
const { unknownCheckingProxy, unknownStringValue } = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T extends object>(props: T): T;
  unknownStringValue: string;
};
const subject = (type: string, props: Record<string, unknown>, name = "r") => ({ type, name, props });
const NOW = new Date("2026-12-02T00:00:00Z");
const inDays = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();

describe("api-key-max-expiry", () => {
  const check = (props: Record<string, unknown>, maxDays = 90) =>
    rules.apiKeyExpiry(subject(TOKEN.apiKey, props, "key"), { maxDays }, NOW);
  it("passes a key expiring within maxDays", () => {
    expect(check({ expiresAt: inDays(89) })).toEqual([]);
    expect(check({ expires_at: inDays(10) }, 30)).toEqual([]);
  });
  it("flags a key that never expires or expires too late", () => {
    expect(check({})).toEqual(['API key "key" never expires: set expiresAt within 90 days']);
    expect(check({ expiresAt: null })).toHaveLength(1);
    expect(check({ expiresAt: inDays(91) })[0]).toMatch(/expires in 91 days .* more than the 90 allowed/);
    expect(check({ expiresAt: inDays(31) }, 30)).toHaveLength(1);
  });
  it("leaves other types alone", () => {
    expect(rules.apiKeyExpiry(subject(TOKEN.scalewayPolicy, {}), { maxDays: 90 }, NOW)).toEqual([]);
  });
});

describe("scaleway-no-org-wide-full-access", () => {
  const config = { permissionSets: ["*FullAccess"] };
  const policy = (props: Record<string, unknown>) =>
    rules.noOrgWideFullAccess(subject(TOKEN.scalewayPolicy, props, "p"), config);
  const orgWide = { permissionSetNames: ["IAMFullAccess", "ProjectReadOnly"], organizationId: "org" };
  it("flags an application or a user with organisation-wide full access", () => {
    expect(policy({ applicationId: "a", rules: [orgWide] })).toEqual([
      'policy "p" grants an application organization-wide IAMFullAccess: scope it to projects',
    ]);
    expect(
      policy({ user_id: "u", rules: [{ permission_set_names: ["AllProductsFullAccess"], organization_id: "o" }] }),
    ).toHaveLength(1);
  });
  it("judges a principal not known yet (preview) by its presence, through @pulumi/policy's own proxy", () => {
    const props = unknownCheckingProxy({ applicationId: unknownStringValue, rules: [orgWide] });
    expect(() => props.applicationId).toThrow(/can't be known during preview/);
    expect(rules.noOrgWideFullAccess(subject(TOKEN.scalewayPolicy, props, "p"), config)).toHaveLength(1);
  });
  it("passes project-scoped rules, other sets, and other principals", () => {
    expect(
      policy({ applicationId: "a", rules: [{ permissionSetNames: ["IAMFullAccess"], projectIds: ["p1"] }] }),
    ).toEqual([]);
    expect(
      policy({ applicationId: "a", rules: [{ permissionSetNames: ["IAMReadOnly"], organizationId: "o" }] }),
    ).toEqual([]);
    expect(policy({ groupId: "g", rules: [orgWide] })).toEqual([]);
    expect(policy({ noPrincipal: true, rules: [orgWide] })).toEqual([]);
  });
  it("uses the configured sets", () => {
    const custom = { permissionSets: ["IAMManager"] };
    const p = subject(TOKEN.scalewayPolicy, {
      userId: "u",
      rules: [{ permissionSetNames: ["IAMManager"], organizationId: "o" }],
    });
    expect(rules.noOrgWideFullAccess(p, custom)).toHaveLength(1);
    expect(rules.noOrgWideFullAccess(p, config)).toEqual([]);
  });
});

describe("scaleway-admin-rules-need-condition", () => {
  const props = {
    applicationId: "a",
    rules: [
      { permissionSetNames: ["IAMManager"], projectIds: ["p"] },
      { permissionSetNames: ["IAMManager"], projectIds: ["p"], condition: "request.ip in ['10.0.0.0/8']" },
      { permissionSetNames: ["ObjectStorageReadOnly"], projectIds: ["p"] },
    ],
  };
  it("checks nothing until the config names admin sets", () => {
    expect(
      rules.adminRulesNeedCondition(subject(TOKEN.scalewayPolicy, props, "p"), { requireConditionFor: [] }),
    ).toEqual([]);
  });
  it("flags each admin rule without a condition", () => {
    expect(
      rules.adminRulesNeedCondition(subject(TOKEN.scalewayPolicy, props, "p"), { requireConditionFor: ["IAM*"] }),
    ).toEqual(['policy "p" rule 0 grants IAMManager without a condition']);
  });
});

describe("numspot-no-org-admin-for-service-accounts", () => {
  const config = { adminRoleNames: ["*admin*"], adminRoleIds: ["00000000-0000-4000-8000-00000000a0a0"] };
  const binding = (props: Record<string, unknown>) => subject(TOKEN.numspotIamBinding, props, "b");
  const adminRole = subject(TOKEN.numspotRole, { name: "org-admin", organisationId: "o" }, "role");
  it("flags a service account bound at organisation scope to an admin role (by id, by name, by the stack's role)", () => {
    const sa = { serviceAccountId: "sa", organisationId: "o" };
    expect(
      rules.numspotNoOrgAdminForServiceAccounts(binding({ ...sa, roles: [config.adminRoleIds[0]] }), config),
    ).toHaveLength(1);
    expect(rules.numspotNoOrgAdminForServiceAccounts(binding({ ...sa, roles: ["space-admin"] }), config)).toHaveLength(
      1,
    );
    expect(
      rules.numspotNoOrgAdminForServiceAccounts(binding({ serviceAccountId: "sa", roles: ["x"] }), config, [adminRole]),
    ).toEqual(['binding "b" gives a service account organisation-wide admin (roles org-admin)']);
  });
  it("judges a service account and a space not known yet (preview) by their presence", () => {
    const sa = unknownCheckingProxy({ serviceAccountId: unknownStringValue, roles: [config.adminRoleIds[0]] });
    expect(rules.numspotNoOrgAdminForServiceAccounts(binding(sa), config)).toHaveLength(1);
    const inSpace = unknownCheckingProxy({ serviceAccountId: "sa", spaceId: unknownStringValue, roles: ["x-admin"] });
    expect(rules.numspotNoOrgAdminForServiceAccounts(binding(inSpace), config)).toEqual([]);
  });
  it("passes space scope, users, and non-admin roles", () => {
    expect(
      rules.numspotNoOrgAdminForServiceAccounts(
        binding({ serviceAccountId: "sa", spaceId: "s", roles: ["space-admin"] }),
        config,
      ),
    ).toEqual([]);
    expect(rules.numspotNoOrgAdminForServiceAccounts(binding({ userId: "u", roles: ["org-admin"] }), config)).toEqual(
      [],
    );
    const reader = subject(TOKEN.numspotRole, { name: "reader" }, "role");
    expect(
      rules.numspotNoOrgAdminForServiceAccounts(binding({ serviceAccountId: "sa", roles: ["x"] }), config, [reader]),
    ).toEqual([]);
  });
});

describe("numspot-acl-not-service-wide", () => {
  // The AclBinding's own input shape (numspot/acl-binding.ts): `entries` of {service, resource, resourceId, permission}.
  const acl = (resourceId: string) => ({
    service: "compute",
    resource: "vm",
    resourceId,
    permission: "compute/vm/get",
  });
  const check = (entries: object[]) =>
    rules.numspotAclNotServiceWide(subject(TOKEN.numspotAclBinding, { serviceAccountId: "sa", entries }, "a"));
  it("flags an entry on every resource of a service", () => {
    expect(check([acl("vm-1"), acl("*")])).toEqual(['ACL binding "a" covers every vm of service compute']);
    expect(check([{ ...acl("x"), resource: "*" }])).toHaveLength(1);
    const { resourceId: _, ...noId } = acl("x");
    expect(check([noId])).toHaveLength(1);
  });
  it("passes entries naming resources, and reads no other field name", () => {
    expect(check([acl("vm-1"), acl("vm-2")])).toEqual([]);
    // `acls` was a guess before the entity existed; the binding takes `entries`.
    expect(rules.numspotAclNotServiceWide(subject(TOKEN.numspotAclBinding, { acls: [acl("*")] }))).toEqual([]);
  });
});

describe("juju-superuser-allow-list", () => {
  const access = (user: string, level: string) =>
    subject(TOKEN.jujuControllerAccess, { user, controller: "c", access: level }, "acc");
  it("flags a superuser not on the allow-list", () => {
    expect(rules.jujuSuperuserAllowList(access("mallory", "superuser"), { allowList: ["admin"] })).toEqual([
      'controller access "acc" makes mallory superuser; allowed: admin',
    ]);
    expect(rules.jujuSuperuserAllowList(access("anyone", "superuser"), { allowList: [] })).toHaveLength(1);
  });
  it("passes an allowed superuser and lower levels", () => {
    expect(rules.jujuSuperuserAllowList(access("admin", "superuser"), { allowList: ["admin"] })).toEqual([]);
    expect(rules.jujuSuperuserAllowList(access("mallory", "add-model"), { allowList: [] })).toEqual([]);
  });
});

describe("fiware-marketplace-v1-credentials", () => {
  const market = (props: Record<string, unknown>) =>
    rules.fiwareMarketplaceV1Credentials(subject(TOKEN.fiwareMarketplace, props, "m"));
  it("flags version 1 without complete credentials", () => {
    expect(market({ name: "m", apiVersion: "1" })).toEqual([
      'marketplace "m" uses API version 1 without credentials (username and password)',
    ]);
    expect(market({ apiVersion: 1, credentials: { username: "u" } })).toHaveLength(1);
  });
  it("passes version 1 with credentials, and version 2 without", () => {
    expect(market({ apiVersion: 1, credentials: { username: "u", password: "p" } })).toEqual([]);
    expect(market({ apiVersion: "1", credentials: { username: "u", passwd: "p" } })).toEqual([]);
    expect(market({ api_version: "2" })).toEqual([]);
  });
});

describe("entity-name-pattern", () => {
  const config = { pattern: "^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$" };
  it("flags a name that does not match, on any entity of the package", () => {
    expect(rules.namePattern(subject("pulumi-nodejs:dynamic/fiware:Unit", { name: "Big Unit" }, "u"), config)).toEqual([
      'fiware:Unit "u" has name "Big Unit", which does not match ^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$',
    ]);
  });
  it("passes matching names, entities without a name, and other providers", () => {
    expect(rules.namePattern(subject("pulumi-nodejs:dynamic/numspot:Space", { name: "dev-space" }), config)).toEqual(
      [],
    );
    expect(rules.namePattern(subject(TOKEN.apiKey, { description: "Any Thing" }), config)).toEqual([]);
    expect(rules.namePattern(subject("aws:s3/bucket:Bucket", { name: "Any Thing" }), config)).toEqual([]);
    expect(
      rules.namePattern(subject("pulumi-nodejs:dynamic/numspot:Space", { name: "Dev" }), { pattern: "^[A-Z]" }),
    ).toEqual([]);
  });
});

describe("the policies", () => {
  it("match the tokens the Resource classes carry", () => {
    expect(eurostack.scaleway.ApiKey.__pulumiType).toBe(TOKEN.apiKey);
    expect(eurostack.scaleway.Application.__pulumiType.startsWith(rules.DYNAMIC_PREFIX)).toBe(true);
    expect(eurostack.numspot.Space.__pulumiType.startsWith(rules.DYNAMIC_PREFIX)).toBe(true);
  });

  it("are every rule of the issue, with its level", () => {
    expect(policies.map((p) => [p.name, p.enforcementLevel])).toEqual([
      ["api-key-max-expiry", "advisory"],
      ["scaleway-no-org-wide-full-access", "mandatory"],
      ["scaleway-admin-rules-need-condition", "advisory"],
      ["numspot-no-org-admin-for-service-accounts", "mandatory"],
      ["numspot-acl-not-service-wide", "mandatory"],
      ["juju-superuser-allow-list", "mandatory"],
      ["fiware-marketplace-v1-credentials", "mandatory"],
      ["entity-name-pattern", "advisory"],
    ]);
  });

  it("fill the config from the schema's defaults, the given config winning", () => {
    const schema = policies[0]!.configSchema!;
    expect(configOf({ getConfig: () => ({}) as never }, schema)).toEqual({ maxDays: 90 });
    expect(configOf({ getConfig: () => ({ maxDays: 7 }) as never }, schema)).toEqual({ maxDays: 7 });
  });

  it("report through the pack's callback", () => {
    const found: string[] = [];
    const policy = policies[0] as { validateResource: (args: unknown, report: (m: string) => void) => void };
    policy.validateResource({ type: TOKEN.apiKey, name: "key", props: {}, getConfig: () => ({}) }, (m) =>
      found.push(m),
    );
    expect(found).toEqual(['API key "key" never expires: set expiresAt within 90 days']);
  });
});
