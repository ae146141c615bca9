/**
 * The policy pack under the real engine: `preview --policy-pack policy/run` (the executable analyzer, since this CLI
 * has no Node.js language host) on a stack that breaks the rules today's entities can break — an API key expiring
 * in 60 days and an application whose name breaks the name pattern. Advisory violations warn and the preview goes
 * on; a config file makes a rule mandatory (the preview fails), changes thresholds, and disables a rule.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as eurostack from "pulumi-eurostack";
import { afterAll, expect, it } from "vitest";
import { describeEngine, engineFailure, useEngineStack } from "../engine/support";
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
