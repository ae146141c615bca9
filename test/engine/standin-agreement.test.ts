/**
 * The engine stand-in (test/support/lifecycle.ts, used by the fast protocol tests) checked against the real engine:
 * the same programs, run through both, must take the same step for every resource (same / create / update /
 * replace / delete) and end with the same outputs. Where they disagree the engine is right and the stand-in is
 * fixed.
 */
import * as eurostack from "pulumi-eurostack";
import { afterAll, beforeAll, expect, it } from "vitest";
import { preview, up } from "../support/lifecycle";
import { emptyState, type SandboxStack, startSandboxStack } from "../support/sandbox-stack";
import { describeEngine, isEngineOwn, nameOf, type Ops, useEngineStack } from "./support";

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
const EXPIRY_1 = inDays(100);
const EXPIRY_2 = inDays(120);

/** Three phases: create three resources; then update one, replace one, delete one and create another; then same. */
let phase = 1;
function program() {
  const app = new eurostack.scaleway.Application("app", {
    name: "agree-app",
    description: phase === 1 ? "one" : "two",
    tags: phase === 1 ? ["a", "b"] : ["b", "a"], // a set: reordering is no change
  });
  const key = new eurostack.scaleway.ApiKey("key", {
    applicationId: app.id,
    description: "k",
    expiresAt: phase === 1 ? EXPIRY_1 : EXPIRY_2,
  });
  const outputs: Record<string, unknown> = { appDescription: app.description, keyDescription: key.description };
  if (phase === 1) {
    const space = new eurostack.numspot.Space("space", { name: "agree-space", description: "s" });
    outputs.spaceStatus = space.status;
  } else {
    const other = new eurostack.scaleway.Application("other", { name: "agree-other" });
    outputs.otherName = other.name;
  }
  return outputs;
}

/** One word per resource: what happened to it. */
function stepOf(ops: string[]): string {
  if (ops.some((op) => op.includes("replace"))) return "replace";
  return ops[0] ?? "none";
}

function byName(entries: Array<{ urn: string; op: string }>): Record<string, string> {
  const grouped: Ops = {};
  for (const { urn, op } of entries) {
    if (isEngineOwn(urn)) continue;
    grouped[nameOf(urn)] = [...(grouped[nameOf(urn)] ?? []), op];
  }
  return Object.fromEntries(Object.entries(grouped).map(([name, ops]) => [name, stepOf(ops)]));
}

const engineOps = (ops: Ops) => byName(Object.entries(ops).flatMap(([urn, list]) => list.map((op) => ({ urn, op }))));

describeEngine("the engine stand-in agrees with the real engine", () => {
  const env = useEngineStack("agree", program, { sandbox: { numspot: { queuedMs: 50, runningMs: 200 } } });
  let standIn: SandboxStack;
  const state = emptyState();
  beforeAll(async () => {
    standIn = await startSandboxStack({ sandbox: { numspot: { queuedMs: 50, runningMs: 200 } }, project: "agree" });
  });
  afterAll(() => standIn?.stop());

  it("takes the same steps and ends with the same outputs", { timeout: 300_000 }, async () => {
    const engine = () => standIn.engine(state);
    const seen: Array<{ phase: number; what: string; real: Record<string, string>; stand: Record<string, string> }> =
      [];
    let realOutputs: Record<string, unknown> = {};
    let standOutputs: Record<string, unknown> = {};
    for (phase = 1; phase <= 3; phase++) {
      if (phase > 1) {
        const real = await env().preview();
        const stand = await preview(program, engine());
        seen.push({ phase, what: "preview", real: engineOps(real.ops), stand: byName(stand.steps) });
      }
      const real = await env().up();
      const stand = await up(program, engine());
      seen.push({ phase, what: "up", real: engineOps(real.ops), stand: byName(stand.summary.steps) });
      realOutputs = Object.fromEntries(Object.entries(real.outputs).map(([k, v]) => [k, v.value]));
      standOutputs = stand.exports;
    }
    for (const step of seen) expect(step.stand, `phase ${step.phase} ${step.what}`).toEqual(step.real);
    expect(seen.find((s) => s.phase === 2 && s.what === "up")?.real).toEqual({
      app: "update",
      key: "replace",
      space: "delete",
      other: "create",
    });
    expect(standOutputs).toEqual(realOutputs);
  });
});
