/**
 * The conformance suite (test/support/conformance.ts) for every entity: what each entity supplies is only what its
 * description cannot know.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as eurostack from "pulumi-eurostack";
import { afterAll, expect, it } from "vitest";
import { kindOf } from "../../src/resources/entity";
import { description as space } from "../../src/resources/numspot/space";
import { KNOWN_KINDS } from "../../src/resources/runtime";
import { description as apiKey } from "../../src/resources/scaleway/api-key";
import { description as application } from "../../src/resources/scaleway/application";
import type { Sandbox } from "../../src/sandbox";
import { describeEntity, generatedCases } from "../support/conformance";
import { inFuture } from "../support/dates";
import { up } from "../support/lifecycle";
import { findResource, type StateFile } from "../support/state";

const scalewayConnection = (sandbox: Sandbox) => ({
  secretKey: sandbox.credentials.scalewaySecretKey,
  apiUrl: sandbox.urls.scaleway,
});

const OTHER_ORGANIZATION = "9b2c4f0e-0000-4000-8000-000000000002";

describeEntity(application, {
  Resource: eurostack.scaleway.Application,
  valid(stack) {
    // A second organization the sandbox's key may use: moving there replaces the application.
    stack.sandbox.state.scaleway.organizationIds.add(OTHER_ORGANIZATION);
    return { name: "conformance", description: "d", tags: ["a"] };
  },
  update: { description: "changed", tags: ["b", "a"] },
  replace: { organizationId: OTHER_ORGANIZATION },
  remote: (sandbox, id) => sandbox.state.scaleway.applications.get(id),
  drift: (sandbox, id) => {
    sandbox.state.scaleway.applications.get(id)!.description = "by hand";
    return ["description", "by hand"];
  },
  post: { system: "scaleway", path: "/iam/v1alpha1/applications" },
  connection: scalewayConnection,
});

describeEntity(apiKey, {
  Resource: eurostack.scaleway.ApiKey,
  async valid(stack) {
    const engine = stack.engine();
    await up(() => {
      new eurostack.scaleway.Application("holder", { name: "key-holder" });
    }, engine);
    return { applicationId: findResource(engine.state as StateFile, "holder").id, description: "k" };
  },
  update: { description: "changed" },
  replace: { expiresAt: inFuture(90) },
  remote: (sandbox, id) => sandbox.state.scaleway.apiKeys.get(id),
  drift: (sandbox, id) => {
    sandbox.state.scaleway.apiKeys.get(id)!.description = "by hand";
    return ["description", "by hand"];
  },
  post: { system: "scaleway", path: "/iam/v1alpha1/api-keys" },
  connection: scalewayConnection,
  secrets: (sandbox, id) => [sandbox.state.scaleway.apiKeySecrets.get(id)!],
});

describeEntity(space, {
  Resource: eurostack.numspot.Space,
  sandbox: { numspot: { queuedMs: 10, runningMs: 20 } },
  valid: () => ({ name: "conformance", description: "d" }),
  update: { description: "changed" },
  remote: (sandbox, id) => sandbox.state.numspot.spaces.get(id),
  drift: (sandbox, id) => {
    sandbox.state.numspot.spaces.get(id)!.description = "by hand";
    return ["description", "by hand"];
  },
  post: { system: "numspot", path: /^\/organisations\/[^/]+\/spaces$/ },
  connection: (sandbox) => ({
    clientId: sandbox.credentials.numspotClientId,
    clientSecret: sandbox.credentials.numspotClientSecret,
    host: sandbox.urls.numspot,
  }),
});

afterAll(() => {
  const total = Object.values(generatedCases).reduce((a, b) => a + b, 0);
  console.log(`conformance: ${total} generated cases (${JSON.stringify(generatedCases)})`);
});

/** Kinds the generic cases cannot describe, each with where it is tested instead. */
const NOT_IN_CONFORMANCE: Record<string, string> = {
  "scaleway:AccountToken":
    "logs in with an e-mail and password and has no in-place change or drift; test/provider/scaleway-account.test.ts and the engine stack",
  "juju:Credential":
    "its content is write-only and the server de-duplicates by content, so no generic drift or fault case fits; test/protocol/juju-ssh-key-credential.test.ts",
  "scaleway:AccountInvitation":
    "the legacy API cannot delete an invitation (destroy only forgets it); test/provider/scaleway-account.test.ts",
};

it("every registered entity kind has a conformance block in some file of test/conformance", () => {
  // Each file imports descriptions as `import { description as x } from "<module>"` and passes x to a
  // describe…Entity helper: resolve those modules and ask each description its kind.
  const covered = new Set<string>();
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith(".ts"))) {
    const source = readFileSync(path.join(__dirname, file), "utf8");
    const imports = new Map<string, string>();
    for (const match of source.matchAll(/import \{([^}]*)\} from "([^"]+)"/g)) {
      for (const part of match[1]!.split(",")) {
        const alias = /description as (\w+)/.exec(part.trim());
        if (alias) imports.set(alias[1]!, match[2]!);
      }
    }
    for (const match of source.matchAll(/describe\w*Entity\(\s*(\w+)/g)) {
      const from = imports.get(match[1]!);
      // The built module (dist/ mirrors src/): plain require cannot load TypeScript.
      const built = path
        .resolve(__dirname, from ?? "")
        .replace(`${path.sep}src${path.sep}`, `${path.sep}dist${path.sep}`);
      if (from) covered.add(kindOf(require(built).description));
    }
  }
  expect([...KNOWN_KINDS].filter((kind) => !covered.has(kind) && !(kind in NOT_IN_CONFORMANCE))).toEqual([]);
});
