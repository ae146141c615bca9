/**
 * Checks as strict as the APIs, through the real plugin (issue 8 items 7, 8, 9, 10): each input the API refuses is a
 * failure on its own property before any request, with one reason that does not repeat the property; values the API
 * accepts pass.
 */
import * as eurostack from "pulumi-eurostack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inFuture } from "../support/dates";
import { up } from "../support/lifecycle";
import { captureRegistrations } from "../support/program";
import { type SandboxStack, startSandboxStack } from "../support/sandbox-stack";
import { findResource, reveal, type StateFile } from "../support/state";

const UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const EMOJI = "\u{1f600}";

let stack: SandboxStack;

beforeAll(async () => {
  stack = await startSandboxStack({ config: { "scaleway:projectId": "" } });
});

afterAll(() => stack?.stop());

async function check(build: () => void, type: string) {
  const { registrations } = await captureRegistrations(build);
  const reg = registrations.find((r) => r.type === type)!;
  const before = stack.sandbox.requests.length;
  const { failures } = await stack.plugin.check(reg.urn, {}, reg.inputs);
  expect(stack.sandbox.requests.length).toBe(before);
  return failures;
}

const application = (args: Record<string, unknown>) =>
  check(() => {
    new eurostack.scaleway.Application("a", { name: "ok", ...args } as eurostack.scaleway.ApplicationArgs);
  }, eurostack.scaleway.Application.__pulumiType);
const apiKey = (args: Record<string, unknown>) =>
  check(() => {
    new eurostack.scaleway.ApiKey("k", { applicationId: UUID, ...args } as eurostack.scaleway.ApiKeyArgs);
  }, eurostack.scaleway.ApiKey.__pulumiType);
const space = (args: Record<string, unknown>) =>
  check(() => {
    new eurostack.numspot.Space("s", { name: "ok", description: "d", ...args } as eurostack.numspot.SpaceArgs);
  }, eurostack.numspot.Space.__pulumiType);

describe("refused before any request, on the property, once (items 7 and 8)", () => {
  const cases: [string, () => Promise<{ property: string; reason: string }[]>, string, RegExp][] = [
    [
      "Application organizationId not a UUID",
      () => application({ organizationId: "not-a-uuid" }),
      "organizationId",
      /UUID/,
    ],
    [
      "Application 11 tags",
      () => application({ tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }),
      "tags",
      /at most 10/,
    ],
    [
      "Application description of 101 emoji (202 UTF-16 units)",
      () => application({ description: EMOJI.repeat(101) }),
      "description",
      /at most 200/,
    ],
    ["ApiKey applicationId not a UUID", () => apiKey({ applicationId: "not-a-uuid" }), "applicationId", /UUID/],
    ["ApiKey defaultProjectId not a UUID", () => apiKey({ defaultProjectId: "nope" }), "defaultProjectId", /UUID/],
    ["ApiKey expiresAt in the past", () => apiKey({ expiresAt: inFuture(-1) }), "expiresAt", /in the future/],
    [
      "ApiKey expiresAt with a space for T",
      () => apiKey({ expiresAt: "2031-01-01 00:00:00Z" }),
      "expiresAt",
      /RFC 3339/,
    ],
    ["Space name of 26 emoji (52 UTF-16 units)", () => space({ name: EMOJI.repeat(26) }), "name", /at most 50/],
    ["Space connection.host not http(s)", () => space({ connection: { host: "ftp://x" } }), "connection.host", /http/],
    ["Scaleway name with a non-ASCII letter", () => application({ name: "café-app" }), "name", /ASCII/],
  ];
  it.each(cases)("%s", async (_label, run, property, reason) => {
    const failures = await run();
    const mine = failures.filter((f) => f.property === property);
    expect(mine, JSON.stringify(failures)).toHaveLength(1);
    expect(mine[0]!.reason).toMatch(reason);
    expect(mine[0]!.reason.startsWith(`${property}:`)).toBe(false);
  });
});

describe("accepted as the API accepts them", () => {
  it("a lowercase RFC 3339 date-time (t, z) is valid", async () => {
    const year = new Date().getUTCFullYear() + 2;
    expect(await apiKey({ expiresAt: `${year}-01-01t00:00:00z` })).toEqual([]);
  });

  it("200 UTF-16 units of description and 64 ASCII characters of name pass", async () => {
    expect(await application({ name: "a".repeat(64), description: EMOJI.repeat(100) })).toEqual([]);
  });
});

describe("removing defaultProjectId (item 10)", () => {
  it("moves the key back to the configured default project (scaleway:projectId), with one PATCH", async () => {
    const project = "9b2c4f0e-0000-4000-8000-000000000004";
    const other = "9b2c4f0e-0000-4000-8000-000000000003";
    const configured = await startSandboxStack({ config: { "scaleway:projectId": project } });
    try {
      const engine = configured.engine();
      const program = (defaultProjectId?: string) => () => {
        const app = new eurostack.scaleway.Application("app", { name: "holder" });
        new eurostack.scaleway.ApiKey("key", { applicationId: app.id, ...(defaultProjectId && { defaultProjectId }) });
      };
      await up(program(other), engine);
      const accessKey = findResource(engine.state as StateFile, "key").id;
      expect(configured.sandbox.state.scaleway.apiKeys.get(accessKey)!.default_project_id).toBe(other);
      const removed = await up(program(), engine);
      expect(removed.summary.updates).toBe(1);
      const remote = configured.sandbox.state.scaleway.apiKeys.get(accessKey)!;
      expect(remote.default_project_id).toBe(project);
      expect(reveal(findResource(engine.state as StateFile, "key").outputs.defaultProjectId)).toBe(
        remote.default_project_id,
      );
      expect((await up(program(), engine)).summary.changes).toBe(0);
    } finally {
      await configured.stop();
    }
  });
});
