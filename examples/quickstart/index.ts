/**
 * The quickstart stack: a Scaleway IAM application with an API key (its secret exported as a Pulumi secret) and a
 * Numspot space. `npm run demo` runs it against the sandbox with the Pulumi CLI; the tests run the same program
 * through the plugin with a small engine stand-in.
 */
import * as pulumi from "@pulumi/pulumi";
import * as eurostack from "pulumi-eurostack";

export = () => {
  const config = new pulumi.Config();
  const prefix = config.get("prefix") ?? "quickstart";

  const app = new eurostack.scaleway.Application("ci", {
    name: `${prefix}-ci-deployer`,
    description: "Deploys from CI",
    tags: ["quickstart"],
  });

  const key = new eurostack.scaleway.ApiKey("ci", {
    applicationId: app.id,
    description: "CI deploy key",
    // Relative to now, so the example never expires; a whole year keeps it stable between ups (a new expiry replaces
    // the key): the first up after New Year rotates it.
    expiresAt: `${new Date().getUTCFullYear() + 2}-01-01T00:00:00Z`,
  });

  const space = new eurostack.numspot.Space("dev", {
    name: `${prefix}-dev`,
    description: "Development space",
  });

  return {
    applicationId: app.id,
    accessKey: key.accessKey,
    secretKey: key.secretKey,
    spaceId: space.id,
    spaceStatus: space.status,
  };
};
