/**
 * `pulumi-eurostack drift` under the real engine against the sandbox: drift injected behind Pulumi's back (a renamed
 * application, a space's description, a deleted application) and a rotated secret in the program are reported field
 * by field, the secret without its value; an untouched stack is clean; nothing is written to the stack or the APIs.
 */
import { Stack } from "@pulumi/pulumi/automation";
import * as eurostack from "pulumi-eurostack";
import { expect, it } from "vitest";
import { runDrift } from "../../src/drift/check";
import { render } from "../../src/drift/cli";
import type { DriftReport, ResourceDrift } from "../../src/drift/report";
import { describeEngine, useEngineStack } from "../engine/support";

const ROTATED = `rotated-${Math.random().toString(36).slice(2)}-never-shown`;
let ownSecretKey: string | undefined;
let ownApiUrl = "";

function program() {
  const app = new eurostack.scaleway.Application("app", { name: "drift-app", description: "deployer" });
  new eurostack.scaleway.Application("gone", { name: "drift-gone" });
  new eurostack.scaleway.ApiKey("key", { applicationId: app.id, description: "deploy key" });
  if (ownSecretKey) {
    new eurostack.scaleway.Application("own", {
      name: "drift-own",
      connection: { secretKey: ownSecretKey, apiUrl: ownApiUrl },
    });
  }
  new eurostack.numspot.Space("space", { name: "drift-space", description: "first" });
  return {};
}

const byName = (report: DriftReport) =>
  Object.fromEntries(report.stacks.flatMap((s) => s.resources).map((r) => [r.name, r])) as Record<
    string,
    ResourceDrift
  >;

describeEngine("pulumi-eurostack drift under the real engine", () => {
  const env = useEngineStack("drift", program, { sandbox: { numspot: { queuedMs: 50, runningMs: 100 } } });
  const check = () => runDrift({ stacks: [env().stack.name], open: async () => env().stack });
  const apps = () => [...env().sandbox.state.scaleway.applications.values()];
  const secrets = () => [
    env().sandbox.credentials.scalewaySecretKey,
    ROTATED,
    ...env().sandbox.state.scaleway.apiKeySecrets.values(),
  ];

  it("reports an untouched stack as clean (exit 0)", { timeout: 240_000 }, async () => {
    ownSecretKey = env().sandbox.credentials.scalewaySecretKey;
    ownApiUrl = env().sandbox.urls.scaleway;
    await env().up();
    const report = await check();
    expect(report.stacks[0]).toMatchObject({ stack: "dev", status: "clean", resources: [] });
    expect(report.stacks[0]!.checked).toBe(5);
    expect(report.exitCode).toBe(0);
    expect(render(report, "text")).toMatch(/^No drift in 1 stack \(5 resources checked\)/);
  });

  it("reports each drift field by field, secrets masked, and changes nothing", { timeout: 240_000 }, async () => {
    const before = await env().exportState();
    const requestsBefore = env().sandbox.requests.length;
    apps().find((a) => a.name === "drift-app")!.name = "renamed-by-hand";
    const gone = apps().find((a) => a.name === "drift-gone")!;
    env().sandbox.state.scaleway.applications.delete(gone.id);
    [...env().sandbox.state.numspot.spaces.values()][0]!.description = "edited in the console";
    ownSecretKey = ROTATED; // the program's secret changes: up would take it into use

    const report = await check();
    expect(report.exitCode).toBe(2);
    expect(report.summary).toMatchObject({ stacks: 1, checked: 5, changed: 2, deleted: 1, pending: 1, errors: 0 });
    const found = byName(report);
    expect(Object.keys(found).sort()).toEqual(["app", "gone", "own", "space"]);
    expect(found.app).toMatchObject({
      system: "scaleway",
      entity: "Application",
      kind: "changed",
      planned: "update",
      fields: [{ field: "name", recorded: "drift-app", live: "renamed-by-hand", secret: false }],
    });
    expect(found.space).toMatchObject({
      system: "numspot",
      entity: "Space",
      kind: "changed",
      planned: "update",
      fields: [{ field: "description", recorded: "first", live: "edited in the console", secret: false }],
    });
    expect(found.gone).toMatchObject({ kind: "deleted", planned: "create", id: gone.id, fields: [] });
    expect(found.own).toMatchObject({
      kind: "pending",
      planned: "update",
      fields: [],
      plannedFields: [{ field: "connection", recorded: "[secret]", declared: "[secret]", secret: true }],
    });

    // Every format names the fields; none holds a secret value.
    const text = render(report, "text");
    expect(text).toContain('name: "drift-app" (recorded) → "renamed-by-hand" (live)');
    expect(text).toContain("connection: [secret] (recorded) → [secret] (program)");
    expect(text.indexOf("  numspot")).toBeLessThan(text.indexOf("  scaleway"));
    const markdown = render(report, "markdown");
    expect(markdown).toContain(
      "<summary><code>gone</code> (Application) — deleted behind Pulumi's back; up would create",
    );
    for (const format of ["text", "markdown", "json"] as const) {
      const shown = render(report, format);
      for (const secret of secrets()) expect(shown).not.toContain(secret);
    }

    // A check writes nothing: the state is as it was, and no request other than reads reached the APIs.
    const after = await env().exportState();
    expect(after.resources).toEqual(before.resources);
    const writes = env()
      .sandbox.requests.slice(requestsBefore)
      .filter((r) => r.method !== "GET" && !r.path.endsWith("/iam/token"));
    expect(writes).toEqual([]);
    expect(apps().some((a) => a.name === "renamed-by-hand")).toBe(true);
  });

  it("says why a stack could not be checked (exit 1), beside the others' results", { timeout: 240_000 }, async () => {
    const report = await runDrift({
      stacks: ["missing", env().stack.name],
      parallel: 2,
      open: async (name) => (name === "missing" ? Stack.select(name, env().stack.workspace) : env().stack),
    });
    expect(report.exitCode).toBe(1);
    expect(report.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["missing", "error"],
      ["dev", "drift"],
    ]);
    expect(report.stacks[0]!.error).toMatch(/missing/);
    expect(render(report, "text")).toMatch(/Stack missing: could not check\n {2}\S/);
  });
});
