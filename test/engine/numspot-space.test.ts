/**
 * numspot.Space under the real Pulumi engine: the READY wait, a create that times out recorded as created-with-errors
 * and finished by the next up, refresh, in-place update, replacement on an organisation change, destroy.
 */
import * as eurostack from "pulumi-eurostack";
import { expect, it } from "vitest";
import { uuid } from "../../src/sandbox/ids";
import { describeEngine, engineFailure, opsByName, useEngineStack } from "./support";

const TYPE = "pulumi-nodejs:dynamic/numspot:Space";

let declared: { description: string; organisationId?: string; timeouts?: { create?: number; update?: number } } = {
  description: "first",
  timeouts: { create: 1 },
};

function program() {
  const space = new eurostack.numspot.Space("space", { name: "engine-space", ...declared });
  return { id: space.id, status: space.status };
}

describeEngine("numspot.Space under the real engine", () => {
  // Spaces take 3 s to become READY: the first create's 1 s timeout runs out.
  const env = useEngineStack("engine-space", program, { sandbox: { numspot: { queuedMs: 200, runningMs: 3000 } } });
  const spaces = () => [...env().sandbox.state.numspot.spaces.values()];

  it("records a create that times out as created-with-errors; the next up finishes it", {
    timeout: 180_000,
  }, async () => {
    const failed = await engineFailure(env().up());
    expect(failed.output).toMatch(/READY/);
    expect(spaces()).toHaveLength(1);
    const { resources } = await env().exportState();
    const recorded = resources.find((r) => r.type === TYPE);
    expect(recorded?.id).toBe(spaces()[0]!.id);
    expect(recorded?.initErrors?.join("\n")).toMatch(/READY/);

    declared = { description: "first", timeouts: { create: 60, update: 60 } };
    const up = await env().up();
    expect(opsByName(up.ops)).toEqual({ space: ["update"] });
    expect(up.outputs.status.value).toBe("READY");
    expect(spaces()).toHaveLength(1); // finished, not created again
    const after = await env().exportState();
    expect(after.resources.find((r) => r.type === TYPE)?.initErrors ?? []).toEqual([]);
  });

  it("previews no change, updates in place, and refresh sees drift", { timeout: 180_000 }, async () => {
    await env().preview({ expectNoChanges: true });
    declared = { ...declared, description: "second" };
    const up = await env().up();
    expect(opsByName(up.ops)).toEqual({ space: ["update"] });
    expect(spaces()[0]!.description).toBe("second");

    spaces()[0]!.name = "renamed-by-hand";
    const refreshed = await env().refresh();
    expect(opsByName(refreshed.ops)).toEqual({ space: ["refresh"] });
    const fixed = await env().up();
    expect(opsByName(fixed.ops)).toEqual({ space: ["update"] });
    expect(spaces()[0]!.name).toBe("engine-space");
  });

  it("replaces the space on an organisation change and destroys everything", { timeout: 180_000 }, async () => {
    const other = uuid();
    env().sandbox.state.numspot.organisations.add(other);
    const oldId = spaces()[0]!.id;
    declared = { ...declared, organisationId: other };
    const up = await env().up();
    expect(opsByName(up.ops).space).toEqual(["create-replacement", "replace", "delete-replaced"]);
    expect(spaces().map((s) => [s.organisationId, s.id === oldId])).toEqual([[other, false]]);

    const destroyed = await env().destroy();
    expect(opsByName(destroyed.ops)).toEqual({ space: ["delete"] });
    expect(spaces()).toHaveLength(0);
  });
});
