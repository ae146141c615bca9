/**
 * The policy pack under the real engine: `preview --policy-pack policy/run` (the executable analyzer, since this CLI
 * has no Node.js language host). A first stack: an API key expiring in 60 days and an application whose name breaks
 * the name pattern; advisory violations warn and the preview goes on; a config file makes a rule mandatory (the
 * preview fails), changes thresholds, and disables a rule. A second stack breaks each mandatory rule of the other
 * systems' entities, whose violations all block the preview.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as eurostack from "pulumi-eurostack";
import { afterAll, expect, it } from "vitest";
import { describeEngine, type EngineStack, engineFailure, useEngineStack } from "../engine/support";
import { repoRoot } from "../support/shared";

const PACK = path.join(repoRoot, "policy", "run");
const IN_60_DAYS = new Date(Date.now() + 60 * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");

function program() {
  const app = new eurostack.scaleway.Application("app", { name: "Deploy Bot", description: "ci" });
  new eurostack.scaleway.ApiKey("key", { applicationId: app.id, expiresAt: IN_60_DAYS });
  return {};
}

const dir = mkdtempSync(path.join(os.tmpdir(), "eurostack-policy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, config: object): string {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describeEngine("the policy pack under the real engine", () => {
  const env = useEngineStack("policy", program);
  const preview = (config?: string) =>
    env().preview({ policyPacks: [PACK], ...(config ? { policyPackConfigs: [config] } : {}) } as never);

  it("warns on advisory violations and lets the preview go on", { timeout: 180_000 }, async () => {
    const run = await preview();
    expect(run.output).toContain("[advisory]  entity-name-pattern");
    expect(run.output).toContain('scaleway:Application "app" has name "Deploy Bot"');
    expect(run.output).not.toContain("api-key-max-expiry"); // 60 days is within the default 90
    expect(env().sandbox.state.scaleway.applications.size).toBe(0);
  });

  it("blocks the preview when the config makes a rule mandatory, with a lower threshold", {
    timeout: 180_000,
  }, async () => {
    const config = configFile("strict", { "api-key-max-expiry": { enforcementLevel: "mandatory", maxDays: 30 } });
    const failed = await engineFailure(preview(config));
    expect(failed.output).toContain("[mandatory]  api-key-max-expiry");
    expect(failed.output).toMatch(/API key "key" expires in (60|61) days .* more than the 30 allowed/);
    expect(env().sandbox.state.scaleway.apiKeys.size).toBe(0);
  });

  it("takes a changed pattern, and a disabled rule reports nothing", { timeout: 180_000 }, async () => {
    const config = configFile("relaxed", {
      "entity-name-pattern": { pattern: "^[A-Za-z ]+$" },
      "api-key-max-expiry": "disabled",
    });
    const run = await preview(config);
    expect(run.output).not.toContain("entity-name-pattern");
    expect(run.output).not.toContain("api-key-max-expiry");
    expect(run.output).toContain("pulumi-eurostack-iam");
  });
});

/**
 * One entity per system breaking the mandatory rule it can break; names keep to the name pattern. The v1 marketplace
 * without credentials is declared on its own: the resource's check refuses it too, and that error ends the preview
 * before the resources after it are analyzed.
 */
let systemsEnv: () => EngineStack;
let onlyMarketplace = false;
function systemsProgram() {
  if (onlyMarketplace) {
    new eurostack.fiware.Marketplace("market", { name: "market", host: "http://market.example.com", apiVersion: 1 });
    return {};
  }
  const { credentials } = systemsEnv().sandbox;
  const app = new eurostack.scaleway.Application("app", { name: "deployer" });
  new eurostack.scaleway.Policy("wide", {
    name: "wide-policy",
    applicationId: app.id,
    rules: [{ permissionSetNames: ["AllProductsFullAccess"], organizationId: credentials.scalewayOrganizationId }],
  });
  const space = new eurostack.numspot.Space("space", { name: "policy-space", description: "policy" });
  const account = new eurostack.numspot.ServiceAccount("account", { name: "policy-ci", spaceIds: [space.id] });
  new eurostack.numspot.AclBinding("every-cluster", {
    spaceId: space.id,
    serviceAccountId: account.id,
    entries: [{ service: "openshift", resource: "clusters", resourceId: "*", permission: "openshift/clusters/get" }],
  });
  new eurostack.juju.ControllerAccess("root", { user: "mallory", controller: "eurostack", access: "superuser" });
  return {};
}

describeEngine("the policy pack on every system's entities under the real engine", () => {
  systemsEnv = useEngineStack("policy-systems", systemsProgram);

  it("blocks the preview with each mandatory violation reported, and creates nothing", {
    timeout: 180_000,
  }, async () => {
    const failed = await engineFailure(systemsEnv().preview({ policyPacks: [PACK] } as never));
    const output = failed.output;
    expect(output).toContain("[mandatory]  scaleway-no-org-wide-full-access");
    expect(output).toContain(
      'policy "wide" grants an application organization-wide AllProductsFullAccess: scope it to projects',
    );
    expect(output).toContain("[mandatory]  numspot-acl-not-service-wide");
    expect(output).toContain('ACL binding "every-cluster" covers every clusters of service openshift');
    expect(output).toContain("[mandatory]  juju-superuser-allow-list");
    expect(output).toContain('controller access "root" makes mallory superuser; allowed: nobody');
    expect(output).not.toContain("entity-name-pattern");
    const { scaleway, numspot } = systemsEnv().sandbox.state;
    expect(scaleway.applications.size + scaleway.policies.size + numspot.spaces.size + numspot.acls.size).toBe(0);
  });

  it("lets an allow-listed superuser through, still blocking the other two", { timeout: 180_000 }, async () => {
    const config = configFile("allow-mallory", { "juju-superuser-allow-list": { allowList: ["mallory"] } });
    const failed = await engineFailure(
      systemsEnv().preview({ policyPacks: [PACK], policyPackConfigs: [config] } as never),
    );
    expect(failed.output).not.toContain("juju-superuser-allow-list");
    for (const rule of ["scaleway-no-org-wide-full-access", "numspot-acl-not-service-wide"]) {
      expect(failed.output).toContain(`[mandatory]  ${rule}`);
    }
  });

  it("reports a v1 marketplace without credentials beside the resource's own refusal", {
    timeout: 180_000,
  }, async () => {
    onlyMarketplace = true;
    const failed = await engineFailure(systemsEnv().preview({ policyPacks: [PACK] } as never));
    expect(failed.output).toContain("[mandatory]  fiware-marketplace-v1-credentials");
    expect(failed.output).toContain(
      'marketplace "market" uses API version 1 without credentials (username and password)',
    );
    expect(failed.output).toContain("marketplaces of API version 1 need the store's credentials");
    expect(systemsEnv().sandbox.state.fiware.marketplaces.size).toBe(0);
  });
});
