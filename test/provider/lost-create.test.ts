/**
 * The lost-create policies of entity.ts, in process against the sandbox: a candidate is taken (`take`) or deleted
 * and the request re-sent (`delete-and-resend`) only with a proof that it came from our request (`proveOurs`);
 * without one, nothing is taken or deleted and the error names the candidates. None of today's APIs offers a proof,
 * so the proof here is a test's own marker: the policies future entities with markers will use.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { closeAllPools } from "../../src/client/http";
import { type EntityDescription, entityProvider } from "../../src/resources/entity";
import { description as apiKey } from "../../src/resources/scaleway/api-key";
import { description as application } from "../../src/resources/scaleway/application";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { checkAndCreate, rejectionOf, unique, useSandboxEnv } from "../reliability/support";

const APPLICATIONS = "/iam/v1alpha1/applications";
const API_KEYS = "/iam/v1alpha1/api-keys";
const MARKER = "proof:";

let sandbox: Sandbox;
const savedEnv = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  process.env = { ...savedEnv };
  await closeAllPools();
  await sandbox?.stop();
});
beforeEach(() => {
  sandbox.faults.clear();
  useSandboxEnv(sandbox, savedEnv);
});

const proven = <Api extends { description: string }>(d: EntityDescription<Api>): EntityDescription<Api> => ({
  ...d,
  proveOurs: (candidate, inputs) =>
    inputs.description?.startsWith(MARKER) && candidate.description === inputs.description,
});
const posts = (path: string, mark: number) =>
  sandbox.requests.slice(mark).filter((r) => r.method === "POST" && r.path === path);

it("take: a proven candidate of a lost answer is the result; no second POST", async () => {
  const provider = entityProvider(proven(application));
  const name = unique("proven");
  sandbox.faults.add({ system: "scaleway", method: "POST", path: APPLICATIONS, reset: "after" });
  const mark = sandbox.requests.length;
  const { id } = await checkAndCreate(provider, { name, description: `${MARKER}${name}` });
  expect(posts(APPLICATIONS, mark)).toHaveLength(1);
  expect([...sandbox.state.scaleway.applications.values()].filter((a) => a.name === name).map((a) => a.id)).toEqual([
    id,
  ]);
});

it("delete-and-resend: a proven key whose secret was lost is deleted and a new one made, with a known secret", async () => {
  const { id: applicationId } = await checkAndCreate(entityProvider(application), { name: unique("holder") });
  const provider = entityProvider(proven(apiKey));
  sandbox.faults.add({ system: "scaleway", method: "POST", path: API_KEYS, reset: "after" });
  const mark = sandbox.requests.length;
  const { id, outs } = await checkAndCreate(provider, { applicationId, description: `${MARKER}key` });
  expect(posts(API_KEYS, mark)).toHaveLength(2);
  expect(sandbox.requests.slice(mark).filter((r) => r.method === "DELETE")).toHaveLength(1);
  const keys = [...sandbox.state.scaleway.apiKeys.values()].filter((k) => k.application_id === applicationId);
  expect(keys.map((k) => k.access_key)).toEqual([id]);
  expect(outs.secretKey).toBe(sandbox.state.scaleway.apiKeySecrets.get(id));
});

it("without a proof the same lost answer is reported, naming the candidate, and nothing is deleted", async () => {
  const { id: applicationId } = await checkAndCreate(entityProvider(application), { name: unique("holder") });
  sandbox.faults.add({ system: "scaleway", method: "POST", path: API_KEYS, reset: "after" });
  const mark = sandbox.requests.length;
  const error = await rejectionOf(checkAndCreate(entityProvider(apiKey), { applicationId, description: "no proof" }));
  const [key] = [...sandbox.state.scaleway.apiKeys.values()].filter((k) => k.application_id === applicationId);
  expect(error.message).toContain(key!.access_key);
  expect(error.message).toMatch(/none was taken over or deleted/);
  expect(sandbox.requests.slice(mark).filter((r) => r.method === "DELETE")).toHaveLength(0);
});
