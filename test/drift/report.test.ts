/**
 * The drift report without an engine: event analysis on synthetic events shaped as the engine emits them (secrets
 * masked with the engine's marker), the report's exit status, and the text, Markdown and JSON formats.
 */
import type { EngineEvent, StepEventStateMetadata } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { DriftCollector, liveChanges, plannedChanges, shown, systemOf } from "../../src/drift/analyze";
import { parseCli, render, UsageError } from "../../src/drift/cli";
import { formatMarkdown, formatText, showValue, summaryLine } from "../../src/drift/format";
import { buildReport, REPORT_SCHEMA, type StackReport } from "../../src/drift/report";

const masked = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };
const urn = (type: string, name: string) => `urn:pulumi:dev::p::${type}::${name}`;

function state(type: string, name: string, inputs: Record<string, unknown>, outputs = inputs): StepEventStateMetadata {
  return {
    type,
    urn: urn(type, name),
    custom: true,
    id: `${name}-id`,
    inputs: { __provider: "exports.handler = ...", ...inputs },
    outputs: { __provider: "exports.handler = ...", ...outputs },
    parent: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
    provider: "",
  } as StepEventStateMetadata;
}

const step = (
  kind: "resourcePreEvent" | "resOutputsEvent",
  op: string,
  old?: StepEventStateMetadata,
  next?: StepEventStateMetadata,
) =>
  ({
    sequence: 0,
    timestamp: 0,
    [kind]: { metadata: { op, urn: (old ?? next)!.urn, type: (old ?? next)!.type, old, new: next, provider: "" } },
  }) as unknown as EngineEvent;

const POLICY = "pulumi-nodejs:dynamic/scaleway:Policy"; // an entity not merged yet: covered by its type token alone
const USER = "pulumi-nodejs:dynamic/juju:User";

describe("event analysis", () => {
  it("names system and entity from the type token, for any entity", () => {
    expect(systemOf("pulumi-nodejs:dynamic/numspot:NodePool")).toEqual({ system: "numspot", entity: "NodePool" });
    expect(systemOf("aws:s3/bucket:Bucket")).toEqual({ system: "aws", entity: "Bucket" });
  });

  it("compares the fields the state records as inputs, leaving computed outputs out", () => {
    const old = state(POLICY, "p", { name: "admins", rules: [{ permissionSetNames: ["A"] }] }, {
      name: "admins",
      rules: [{ permissionSetNames: ["A"] }],
      updatedAt: "t1",
    } as Record<string, unknown>);
    const live = state(POLICY, "p", { name: "admins", rules: [] }, { name: "admins", rules: [], updatedAt: "t2" });
    expect(liveChanges(old, live)).toEqual([
      { field: "rules", recorded: [{ permissionSetNames: ["A"] }], live: [], secret: false },
    ]);
  });

  it("reports a secret that turned plain (or back) without a value, and never compares two masked secrets", () => {
    const old = state(USER, "u", { name: "ann", password: masked });
    expect(liveChanges(old, state(USER, "u", { name: "ann", password: masked }))).toEqual([]);
    expect(liveChanges(old, state(USER, "u", { name: "ann", password: "plain-text" }))).toEqual([
      { field: "password", recorded: "[secret]", live: "[secret]", secret: true },
    ]);
  });

  it("lists secret fields of an update only when no visible field explains it", () => {
    const old = state(USER, "u", { name: "ann", password: masked });
    expect(plannedChanges(old, state(USER, "u", { name: "ann", password: masked }))).toEqual([
      { field: "password", recorded: "[secret]", declared: "[secret]", secret: true },
    ]);
    expect(plannedChanges(old, state(USER, "u", { name: "bob", password: masked }))).toEqual([
      { field: "name", recorded: "ann", declared: "bob", secret: false },
    ]);
  });

  it("shows nested secrets and preview unknowns by their markers", () => {
    expect(shown({ a: [masked], b: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" })).toEqual({
      a: ["[secret]"],
      b: "[known after up]",
    });
  });

  it("collects changed, deleted and pending resources; the engine's own are left out", () => {
    const c = new DriftCollector();
    const app = state("pulumi-nodejs:dynamic/scaleway:Application", "app", { name: "a" });
    const renamed = state("pulumi-nodejs:dynamic/scaleway:Application", "app", { name: "b" });
    const gone = state("pulumi-nodejs:dynamic/fiware:Unit", "unit", { name: "u" });
    const pool = state("pulumi-nodejs:dynamic/numspot:NodePool", "pool", { count: 2 });
    const stack = { ...state("pulumi:pulumi:Stack", "p-dev", {}), custom: false };
    c.add(step("resOutputsEvent", "refresh", stack, stack));
    c.add(step("resOutputsEvent", "refresh", app, renamed));
    c.add(step("resOutputsEvent", "refresh", gone, { ...gone, id: "", inputs: {}, outputs: {} }));
    c.add(step("resOutputsEvent", "refresh", pool, pool));
    c.add(step("resourcePreEvent", "update", renamed, app));
    c.add(step("resourcePreEvent", "create", undefined, gone));
    c.add(
      step("resourcePreEvent", "update", pool, state("pulumi-nodejs:dynamic/numspot:NodePool", "pool", { count: 3 })),
    );
    expect(c.checked).toBe(3);
    const found = c.result();
    expect(found.map((r) => [r.name, r.system, r.kind, r.planned])).toEqual([
      ["unit", "fiware", "deleted", "create"],
      ["pool", "numspot", "pending", "update"],
      ["app", "scaleway", "changed", "update"],
    ]);
    expect(found[1]!.plannedFields).toEqual([{ field: "count", recorded: 2, declared: 3, secret: false }]);
  });

  it("reports a replacement once, with the keys that force it", () => {
    const c = new DriftCollector();
    const old = state("pulumi-nodejs:dynamic/scaleway:ApiKey", "key", { expiresAt: "2027-01-01T00:00:00Z" });
    const next = state("pulumi-nodejs:dynamic/scaleway:ApiKey", "key", { expiresAt: "2028-01-01T00:00:00Z" });
    const replace = step("resourcePreEvent", "replace", old, next);
    (replace.resourcePreEvent!.metadata as { keys?: string[] }).keys = ["expiresAt"];
    c.add(step("resourcePreEvent", "create-replacement", old, next));
    c.add(replace);
    c.add(step("resourcePreEvent", "delete-replaced", old, undefined));
    const [key] = c.result();
    expect(key).toMatchObject({ kind: "pending", planned: "replace", replaceKeys: ["expiresAt"] });
    expect(key!.plannedFields.map((f) => f.field)).toEqual(["expiresAt"]);
  });
});

function sample(): StackReport[] {
  return [
    {
      stack: "prod",
      project: "iam",
      status: "drift",
      checked: 12,
      durationMs: 4200,
      resources: [
        {
          urn: urn("pulumi-nodejs:dynamic/scaleway:Application", "ci"),
          name: "ci",
          type: "pulumi-nodejs:dynamic/scaleway:Application",
          system: "scaleway",
          entity: "Application",
          id: "app-1",
          kind: "changed",
          fields: [{ field: "name", recorded: "ci|deployer", live: "renamed", secret: false }],
          planned: "update",
          plannedFields: [{ field: "name", recorded: "renamed", declared: "ci|deployer", secret: false }],
        },
        {
          urn: urn("pulumi-nodejs:dynamic/juju:User", "ops"),
          name: "ops",
          type: "pulumi-nodejs:dynamic/juju:User",
          system: "juju",
          entity: "User",
          kind: "pending",
          fields: [],
          planned: "update",
          plannedFields: [{ field: "password", recorded: "[secret]", declared: "[secret]", secret: true }],
        },
      ],
    },
    { stack: "dev", status: "clean", checked: 3, durationMs: 900, resources: [] },
  ];
}

describe("report and formats", () => {
  it("exits 0 clean, 2 on drift, 1 when a stack could not be checked", () => {
    expect(buildReport([sample()[1]!]).exitCode).toBe(0);
    const drift = buildReport(sample());
    expect(drift).toMatchObject({ schema: REPORT_SCHEMA, status: "drift", exitCode: 2 });
    expect(drift.summary).toEqual({ stacks: 2, checked: 15, changed: 1, deleted: 0, pending: 1, errors: 0 });
    const failed = buildReport([
      ...sample(),
      { stack: "x", status: "error", error: "no stack", checked: 0, durationMs: 1, resources: [] },
    ]);
    expect(failed).toMatchObject({ status: "error", exitCode: 1 });
    expect(summaryLine(failed)).toContain("1 stack could not be checked");
  });

  it("prints text grouped by system, with recorded and live values", () => {
    const text = formatText(buildReport(sample()));
    expect(text.split("\n")[0]).toBe(
      "Drift: 2 resources in 1 of 2 stacks (1 changed, 0 deleted, 1 pending; 15 resources checked)",
    );
    expect(text).toContain("Stack prod (project iam): drift in 2 resources (12 checked in 4.2 s)");
    expect(text.indexOf("  juju\n")).toBeLessThan(text.indexOf("  scaleway\n"));
    expect(text).toContain("~ ci (Application app-1): changed behind Pulumi's back; up would update");
    expect(text).toContain('name: "ci|deployer" (recorded) → "renamed" (live)');
    expect(text).toContain("password: [secret] (recorded) → [secret] (program)");
    expect(text).toContain("Stack dev: no drift (3 resources checked in 0.9 s)");
  });

  it("prints Markdown with a summary line and a collapsible detail per resource, tables escaped", () => {
    const md = formatMarkdown(buildReport(sample()));
    expect(md.split("\n")[0]).toBe(
      "⚠️ **Drift: 2 resources in 1 of 2 stacks (1 changed, 0 deleted, 1 pending; 15 resources checked)**",
    );
    expect(md.match(/<details>/g)).toHaveLength(2);
    expect(md.match(/<\/details>/g)).toHaveLength(2);
    expect(md).toContain('| name | `"ci\\|deployer"` | `"renamed"` |');
    expect(md).toContain("| field | recorded | program |");
    expect(md).toContain("#### juju");
  });

  it("prints JSON that parses back to the report", () => {
    const report = buildReport(sample());
    expect(JSON.parse(render(report, "json"))).toEqual(report);
  });

  it("shortens long values and shows missing ones", () => {
    expect(showValue("x".repeat(500))).toHaveLength(200);
    expect(showValue(undefined)).toBe("(not set)");
  });
});

describe("command line", () => {
  it("reads the options", () => {
    expect(parseCli(["drift", "--stack", "a, b", "--parallel", "3", "--json", "--cwd", "/tmp"])).toEqual({
      cwd: "/tmp",
      stacks: ["a", "b"],
      parallel: 3,
      format: "json",
    });
    expect(parseCli(["--markdown"])).toMatchObject({ format: "markdown", parallel: 1 });
    expect(parseCli(["--help"])).toBe("help");
  });

  it("refuses bad usage", () => {
    expect(() => parseCli(["--json", "--markdown"])).toThrow(UsageError);
    expect(() => parseCli(["--parallel", "0"])).toThrow(/whole number/);
    expect(() => parseCli(["--stack", ","])).toThrow(/one or more/);
    expect(() => parseCli(["extra"])).toThrow(/unexpected/);
  });
});
