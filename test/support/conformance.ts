/**
 * The conformance suite every entity gets from its description: `describeEntity(description, cases)` generates the
 * DESIGN §6 cases through the real plugin and the sandbox — create, no-change up, update in place, replace, drift
 * seen by refresh and reverted by up, 404s (refresh of a deleted object, delete of a deleted one), adopt (or its
 * refusal), invalid input before any request, faults on create, and a secret scan of the state — plus a fuzz of every
 * input field generated from the fields table, with the sandbox as the oracle: whatever check accepts, the API must
 * accept, and whatever check refuses costs no request.
 *
 * An entity's own test file supplies only what the description cannot know: valid arguments, an in-place change,
 * a replacing change, how to find and alter the remote object, and the POST path faults are injected on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntityDescription } from "../../src/resources/description";
import { inputFields, kindOf } from "../../src/resources/entity";
import type { Sandbox, SandboxOptions, SystemName } from "../../src/sandbox";
import { inFuture } from "./dates";
import { DeploymentError, destroy, refresh, up } from "./lifecycle";
import { captureRegistrations } from "./program";
import { type SandboxStack, startSandboxStack } from "./sandbox-stack";
import { findResource, type StateFile } from "./state";

type Args = Record<string, unknown>;

export interface ConformanceCases {
  /** The Resource class, constructed as a user would. */
  Resource: new (
    name: string,
    args: any,
    opts?: any,
  ) => unknown;
  sandbox?: SandboxOptions;
  /** Objects the entity needs (e.g. an application for a key), made once; returns valid arguments. */
  valid(stack: SandboxStack): Promise<Args> | Args;
  /** A change made in place; absent only for an entity whose every change replaces (no update endpoint). */
  update?: Args;
  /** A change that replaces the object, when the entity has one. */
  replace?: Args;
  /** The remote object with this id, as the sandbox holds it (undefined when gone). */
  remote(sandbox: Sandbox, id: string): Record<string, any> | undefined;
  /**
   * Changes the remote object behind Pulumi's back; returns the output name and the value refresh must see. Absent
   * only for an entity with nothing that can drift but its existence (e.g. a membership; deletion is still tested).
   */
  drift?(sandbox: Sandbox, id: string): [string, unknown];
  /** The system and path of the entity's POST (faults are injected there). */
  post: { system: SystemName; path: string | RegExp };
  /** A `connection` holding the sandbox's credentials. */
  connection(sandbox: Sandbox): Record<string, string>;
  /** Generated secrets of the object that must never appear in plaintext in the state. */
  secrets?: (sandbox: Sandbox, id: string) => string[];
}

/** Counts of generated cases, for the report (printed once per entity). */
export const generatedCases: Record<string, number> = {};

/** Values tried on every input field: each must be accepted by both check and the API, or refused by check alone. */
export function fuzzValues(): unknown[] {
  const emoji = "\u{1f600}";
  const strings = [
    "",
    " ",
    "a",
    "not-a-uuid",
    "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "3FA85F64-5717-4562-B3FC-2C963F66AFA6",
    "3fa85f64-5717-4562-b3fc-2c963f66afa",
    "café-app",
    "a b",
    "a  b",
    " a",
    "a/b",
    "ftp://x",
    inFuture(-1),
    inFuture(30),
    inFuture(30).toLowerCase(),
    inFuture(30).replace("T", " "),
    "2031-02-30T00:00:00Z",
  ];
  for (const n of [50, 64, 200, 300]) {
    strings.push("a".repeat(n), "a".repeat(n + 1), emoji.repeat(n / 2), emoji.repeat(n / 2 + 1));
  }
  const tags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
  return [...strings, 42, -1, 0, 1.5, true, false, null, [], ["a"], [""], [42], tags(10), tags(11), {}, { a: 1 }];
}

const label = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…(${text.length})` : text;
};

export function describeEntity(d: EntityDescription, cases: ConformanceCases): void {
  const kind = kindOf(d);
  const type = `pulumi-nodejs:dynamic/${kind}`;
  let generated = 0;
  const test = (name: string, body: () => Promise<void>, timeout?: number) => {
    generated++;
    it(name, body, timeout);
  };

  describe(`${kind} conformance`, () => {
    let stack: SandboxStack;
    let valid: Args;
    beforeAll(async () => {
      stack = await startSandboxStack({ sandbox: cases.sandbox });
      valid = await cases.valid(stack);
    });
    afterAll(async () => {
      generatedCases[kind] = generated;
      await stack?.stop();
    });

    const program = (args: Args, opts?: object) => () => {
      new cases.Resource("it", args, opts);
    };
    const requests = () => stack.sandbox.requests.length;

    test("create, then a second up changes nothing and sends no write", async () => {
      const engine = stack.engine();
      const state = engine.state as StateFile;
      expect((await up(program(valid), engine)).summary.creates).toBe(1);
      const entry = findResource(state, "it");
      expect(cases.remote(stack.sandbox, entry.id)).toBeDefined();
      const writes = () => stack.sandbox.requests.filter((r) => r.method !== "GET" && r.system === cases.post.system);
      const before = writes().length;
      expect((await up(program(valid), engine)).summary.changes).toBe(0);
      expect(writes().length).toBe(before);
      await destroy(engine);
      expect(cases.remote(stack.sandbox, entry.id)).toBeUndefined();
    });

    if (cases.update) {
      const update = cases.update;
      test("an in-place change updates the same object", async () => {
        const engine = stack.engine();
        await up(program(valid), engine);
        const id = findResource(engine.state as StateFile, "it").id;
        const updated = await up(program({ ...valid, ...update }), engine);
        expect(updated.summary).toMatchObject({ updates: 1, replaces: 0 });
        expect(findResource(engine.state as StateFile, "it").id).toBe(id);
        await destroy(engine);
      });
    } else {
      test("without an in-place change, the entity has no update endpoint (every change replaces)", async () => {
        expect(d.endpoints.update).toBeUndefined();
        expect(cases.replace, "an entity without updates must show its replacing change").toBeDefined();
      });
    }

    if (cases.replace) {
      test("a change the API cannot make in place replaces the object", async () => {
        const engine = stack.engine();
        await up(program(valid), engine);
        const id = findResource(engine.state as StateFile, "it").id;
        expect((await up(program({ ...valid, ...cases.replace }), engine)).summary.replaces).toBe(1);
        expect(cases.remote(stack.sandbox, id)).toBeUndefined();
        await destroy(engine);
      });
    }

    const drift = cases.drift;
    if (drift)
      test("refresh sees drift, and the next up reverts it", async () => {
        const engine = stack.engine();
        const state = engine.state as StateFile;
        await up(program(valid), engine);
        const id = findResource(state, "it").id;
        const [output, value] = drift(stack.sandbox, id);
        await refresh(engine);
        expect(findResource(state, "it").outputs[output]).toEqual(value);
        expect((await up(program(valid), engine)).summary.updates).toBe(1);
        await destroy(engine);
      });

    test("refresh drops an object deleted behind Pulumi's back (404); destroy of a deleted object succeeds", async () => {
      const engine = stack.engine();
      const state = engine.state as StateFile;
      await up(program(valid), engine);
      const saved = structuredClone(state);
      const id = findResource(state, "it").id;
      await destroy(engine);
      expect(cases.remote(stack.sandbox, id)).toBeUndefined();
      await refresh(stack.engine(structuredClone(saved)));
      await destroy(stack.engine(saved));
      expect(saved.resources).toHaveLength(0);
    });

    if (d.adopt === true) {
      test("adopt: true takes over the existing object with the natural key, and says so", async () => {
        const first = stack.engine();
        await up(program(valid), first);
        const id = findResource(first.state as StateFile, "it").id;
        const second = stack.engine();
        await up(program({ ...valid, adopt: true }), second);
        const adopted = findResource(second.state as StateFile, "it");
        expect(adopted.id).toBe(id);
        expect(adopted.outputs.adopted).toBe(true);
        await destroy(second);
      });
    } else {
      test("adopt is refused by check, with the reason, before any request", async () => {
        const before = requests();
        const error = await up(program({ ...valid, adopt: true }), stack.engine()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DeploymentError);
        expect(String(error)).toContain(d.adopt === true ? "" : d.adopt.refused.slice(0, 40));
        expect(requests()).toBe(before);
      });
    }

    test("faults on create (429, 503, reset before the server acted) end in exactly one object", async () => {
      for (const fault of [{ status: 429, retryAfterSeconds: 0 }, { status: 503 }, { reset: "before" as const }]) {
        const engine = stack.engine();
        stack.sandbox.faults.add({ system: cases.post.system, method: "POST", path: cases.post.path, ...fault });
        await up(program(valid), engine);
        const entry = findResource(engine.state as StateFile, "it");
        expect(cases.remote(stack.sandbox, entry.id), JSON.stringify(fault)).toBeDefined();
        await destroy(engine);
      }
      stack.sandbox.faults.clear();
    });

    test("credentials given in connection and generated secrets never appear in plaintext in the state", async () => {
      const engine = stack.engine();
      const connection = cases.connection(stack.sandbox);
      await up(program({ ...valid, connection }), engine);
      const id = findResource(engine.state as StateFile, "it").id;
      const text = JSON.stringify(engine.state);
      const secrets = [
        ...Object.values(connection).filter(isSecretValue),
        ...(cases.secrets?.(stack.sandbox, id) ?? []),
      ];
      expect(secrets.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(text.includes(secret), "a secret in plaintext in the state").toBe(false);
      await destroy(engine);
    });

    // The fuzz: every input field, every value of the pool, through the plugin's check.
    for (const [field] of inputFields(d)) {
      test(`fuzz ${field}: what check accepts the API accepts; what it refuses costs no request`, async () => {
        const { plugin } = stack;
        for (const value of fuzzValues()) {
          const args = { ...valid, [field]: value };
          const { registrations } = await captureRegistrations(program(args));
          const reg = registrations.find((r) => r.type === type)!;
          const before = requests();
          const { failures } = await plugin.check(reg.urn, {}, reg.inputs);
          if (failures.length > 0) {
            expect(failures.map((f) => f.property).join(), `${field}=${label(value)}`).toMatch(/\S/);
            expect(requests(), `${field}=${label(value)} cost a request`).toBe(before);
            continue;
          }
          if (JSON.stringify(value) === JSON.stringify(valid[field])) continue;
          // Accepted: the API must accept it too.
          const engine = stack.engine();
          // Accepted: the API must not refuse it as invalid (a 404 for an object that does not exist is not check's to
          // know without a request).
          const outcome = await up(program(args), engine).catch((e: unknown) => e);
          const message = outcome instanceof Error ? outcome.message : "";
          expect(message, `${field}=${label(value)} passed check but the API refused it`).not.toMatch(/failed: 400/);
          await destroy(engine);
        }
      }, 120_000);
    }
  });
}

/** Connection values worth scanning for: everything but the URLs (the sandbox's port may appear in messages). */
function isSecretValue(value: string): boolean {
  return !/^https?:/.test(value);
}
