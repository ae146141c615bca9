/**
 * The GitOps example's stack: an application with a deploy key on Scaleway IAM and a Numspot space. Credentials come
 * from the environment the pipeline sets from its secret store (SCW_SECRET_KEY, NUMSPOT_CLIENT_SECRET, ...), never
 * from this file. Exported as a function so the same program runs under `pulumi up` (index.ts) and inline through
 * the Automation API (ci.mjs, `pulumi-eurostack drift --program`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as eurostack from "pulumi-eurostack";

export function program() {
  const config = new pulumi.Config("gitops");
  const team = config.get("team") ?? "platform";
  const deployer = new eurostack.scaleway.Application("deployer", {
    name: `${team}-deployer`,
    description: "Deploys from the main branch",
    tags: ["gitops"],
  });
  // Keys expire (the policy pack's api-key-max-expiry): rotate by moving this date, which replaces the key.
  const key = new eurostack.scaleway.ApiKey("deployer-key", {
    applicationId: deployer.id,
    description: "CI deploy key",
    expiresAt: config.require("keyExpiresAt"),
  });
  const space = new eurostack.numspot.Space("workloads", {
    name: `${team}-workloads`,
    description: "Workloads deployed by the platform team",
  });
  return { applicationId: deployer.id, accessKey: key.accessKey, secretKey: key.secretKey, spaceId: space.id };
}
