/**
 * After a refresh of an unchanged object, the inputs the engine stores are the ones the next run's Check produces
 * from the same program. If they differed, the real engine would rewrite its whole checkpoint once for every such
 * resource on the next preview or up even though nothing changed: quadratic in the stack's size (measured: a no-change
 * preview of 5,000 applications after a refresh did not finish in 7 minutes; docs/benchmarks.md, growth). Fields
 * left at their default (an application's empty description and tags) must stay out, fields the
 * program set must stay in, and a value changed outside Pulumi must still show up as a change.
 */
import * as eurostack from "pulumi-eurostack";
import { afterAll, beforeAll, expect, it } from "vitest";
import { refresh, up } from "../support/lifecycle";
import { type SandboxStack, startSandboxStack } from "../support/sandbox-stack";
import { findResource, type StateFile } from "../support/state";

let stack: SandboxStack;

beforeAll(async () => {
  stack = await startSandboxStack({ sandbox: { numspot: { queuedMs: 0, runningMs: 0 } } });
});

afterAll(() => stack?.stop());

const withoutProvider = (inputs: Record<string, unknown>) => {
  const { __provider, ...rest } = inputs;
  return rest;
};

it("a refresh that finds nothing changed stores the inputs Check stores, for defaults left out and fields set", async () => {
  const engine = stack.engine();
  const program = () => {
    new eurostack.scaleway.Application("bare", { name: "refresh-inputs-bare" });
    new eurostack.scaleway.Application("tagged", { name: "refresh-inputs-tagged", description: "set", tags: ["a"] });
    new eurostack.numspot.Space("space", { name: "refresh-inputs-space", description: "kept" });
  };
  await up(program, engine);
  const state = () => engine.state as StateFile;
  const afterUp = Object.fromEntries(
    ["bare", "tagged", "space"].map((name) => [name, withoutProvider(findResource(state(), name).inputs)]),
  );
  expect(afterUp.bare).not.toHaveProperty("description");
  expect(afterUp.tagged).toMatchObject({ description: "set", tags: ["a"] });

  const { summary } = await refresh(engine);
  expect(summary.sames).toBe(3);
  for (const name of ["bare", "tagged", "space"]) {
    expect(withoutProvider(findResource(state(), name).inputs), name).toEqual(afterUp[name]);
  }

  // A change made outside Pulumi to a field the program left at its default is still seen, and restored by up.
  const id = findResource(state(), "bare").id!;
  stack.sandbox.state.scaleway.applications.get(id)!.description = "changed by hand";
  await refresh(engine);
  expect(findResource(state(), "bare").inputs.description).toBe("changed by hand");
  const restored = await up(program, engine);
  expect(restored.summary.updates).toBe(1);
  expect(stack.sandbox.state.scaleway.applications.get(id)!.description).toBe("");
});
