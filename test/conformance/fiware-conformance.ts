/**
 * The conformance cases (test/support/conformance.ts) adapted to FIWARE entities the shared suite cannot take as they
 * are: the store cannot delete units, organizations or profiles (destroy must leave them on the server, removed from
 * the stack, and say so), and some entities have nothing a drift could be reverted with in place (a marketplace:
 * every change replaces; a currency: its default cannot be unset). Every other case is the shared one: create and a
 * no-change up, replace, drift seen by refresh and reverted, refresh of a vanished object, adopt or its refusal,
 * faults on the create request, a secret scan of the state, and the fuzz of every input field with the sandbox as
 * the oracle. Objects the store cannot delete are removed from the sandbox between cases (`forget`), as a fresh
 * store would be.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntityDescription } from "../../src/resources/description";
import { inputFields, kindOf } from "../../src/resources/entity";
import type { Sandbox, SandboxOptions } from "../../src/sandbox";
import { fuzzValues } from "../support/conformance";
import { DeploymentError, destroy, refresh, up } from "../support/lifecycle";
import { captureRegistrations } from "../support/program";
import { type SandboxStack, startSandboxStack } from "../support/sandbox-stack";
import { findResource, type StateFile } from "../support/state";

type Args = Record<string, unknown>;

export const storeCases = { count: 0 };

export const fiwareConnection = (sandbox: Sandbox) => ({
  url: sandbox.urls.fiware,
  token: sandbox.credentials.fiwareToken,
});

/** The same connection written differently (a trailing "/"): an in-place change with no remote effect. */
export const otherFormOfConnection = (sandbox: Sandbox) => ({
  ...fiwareConnection(sandbox),
  url: `${sandbox.urls.fiware}/`,
});

/** A currency (the default when it is the first) made out of band. */
export function withCurrency(sandbox: Sandbox, code: string): void {
  const { currencies } = sandbox.state.fiware;
  if (!currencies.allowed.some((entry) => entry.currency === code))
    currencies.allowed.push({ currency: code, in_use: false });
  currencies.default ??= code;
}

export interface StoreCases {
  Resource: new (name: string, args: any, opts?: any) => unknown;
  sandbox?: SandboxOptions;
  valid(stack: SandboxStack): Promise<Args> | Args;
  /** A change made in place, when the entity has one. */
  update?: Args;
  replace?: Args;
  remote(sandbox: Sandbox, id: string): unknown;
  /** False: the store cannot delete it, and destroy must leave it there. */
  deletes: boolean;
  /** Removes the object out of band (for objects the store cannot delete: a fresh store for the next case). */
  forget?(sandbox: Sandbox, id: string): void;
  /** Changes the object behind Pulumi's back; the output refresh must see, and the step that reverts it. */
  drift?(sandbox: Sandbox, id: string): [string, unknown, "updates" | "replaces"];
  /** The create's request, where faults are injected. */
  write: { method: "POST" | "PUT"; path: string | RegExp };
  /** Out-of-band set-up a destroy needs (e.g. another default currency: the store keeps its default). */
  prepareDestroy?(sandbox: Sandbox, id: string): void;
  /** Values that must never appear in plaintext in the state. */
  secrets?: (sandbox: Sandbox, id: string) => string[];
}

export function describeStoreEntity(d: EntityDescription, cases: StoreCases): void {
  const type = `pulumi-nodejs:dynamic/${kindOf(d)}`;
  const test = (name: string, body: () => Promise<void>, timeout?: number) => {
    storeCases.count++;
    it(name, body, timeout);
  };

  describe(`${kindOf(d)} conformance`, () => {
    let stack: SandboxStack;
    let valid: Args;
    beforeAll(async () => {
      stack = await startSandboxStack({ sandbox: cases.sandbox });
      valid = await cases.valid(stack);
    });
    afterAll(async () => {
      await stack?.stop();
    });

    const program = (args: Args) => () => {
      new cases.Resource("it", args);
    };
    const requests = () => stack.sandbox.requests.length;
    /** Destroy; an object the store cannot delete must stay, be gone from the state, and the log must say so. */
    async function destroyAndCheck(engine: ReturnType<SandboxStack["engine"]>, id: string) {
      const logged = stack.plugin.logs().length;
      cases.prepareDestroy?.(stack.sandbox, id);
      await destroy(engine);
      expect((engine.state as StateFile).resources.filter((r) => r.type === type)).toHaveLength(0);
      if (cases.deletes) {
        expect(cases.remote(stack.sandbox, id)).toBeUndefined();
        return;
      }
      const stayed = cases.remote(stack.sandbox, id) !== undefined;
      cases.forget?.(stack.sandbox, id);
      expect(stayed, "destroy left the object on the server").toBe(true);
      // The plugin's stderr arrives on its own schedule.
      await expect
        .poll(() => stack.plugin.logs().slice(logged))
        .toContain("stays on the server and is only removed from the stack");
    }

    test("create, then a second up changes nothing and sends no write; destroy", async () => {
      const engine = stack.engine();
      expect((await up(program(valid), engine)).summary.creates).toBe(1);
      const id = findResource(engine.state as StateFile, "it").id;
      expect(cases.remote(stack.sandbox, id)).toBeDefined();
      const writes = () => stack.sandbox.requests.filter((r) => r.method !== "GET" && r.system === "fiware").length;
      const before = writes();
      expect((await up(program(valid), engine)).summary.changes).toBe(0);
      expect(writes()).toBe(before);
      await destroyAndCheck(engine, id);
    });

    if (cases.update) {
      const change = cases.update;
      test("an in-place change updates the same object", async () => {
        const engine = stack.engine();
        await up(program(valid), engine);
        const id = findResource(engine.state as StateFile, "it").id;
        expect((await up(program({ ...valid, ...change }), engine)).summary).toMatchObject({ updates: 1, replaces: 0 });
        expect(findResource(engine.state as StateFile, "it").id).toBe(id);
        await destroyAndCheck(engine, id);
      });
    }

    if (cases.replace) {
      const change = cases.replace;
      test("a change the API cannot make in place replaces the object", async () => {
        const engine = stack.engine();
        await up(program(valid), engine);
        const id = findResource(engine.state as StateFile, "it").id;
        expect((await up(program({ ...valid, ...change }), engine)).summary.replaces).toBe(1);
        const newId = findResource(engine.state as StateFile, "it").id;
        expect(newId).not.toBe(id);
        if (cases.deletes) expect(cases.remote(stack.sandbox, id)).toBeUndefined();
        else {
          expect(cases.remote(stack.sandbox, id)).toBeDefined();
          cases.forget?.(stack.sandbox, id);
        }
        await destroyAndCheck(engine, newId);
      });
    }

    if (cases.drift) {
      const drift = cases.drift;
      test("refresh sees drift, and the next up reverts it", async () => {
        const engine = stack.engine();
        const state = engine.state as StateFile;
        await up(program(valid), engine);
        const id = findResource(state, "it").id;
        const [output, value, revert] = drift(stack.sandbox, id);
        await refresh(engine);
        expect(findResource(state, "it").outputs[output]).toEqual(value);
        expect((await up(program(valid), engine)).summary[revert]).toBe(1);
        await destroyAndCheck(engine, findResource(state, "it").id);
      });
    }

    if (cases.deletes || cases.forget) {
      test("refresh drops an object that vanished behind Pulumi's back; destroy of it succeeds", async () => {
        const engine = stack.engine();
        const state = engine.state as StateFile;
        await up(program(valid), engine);
        const saved = structuredClone(state);
        const id = findResource(state, "it").id;
        if (cases.deletes) await destroy(engine);
        else cases.forget!(stack.sandbox, id);
        expect(cases.remote(stack.sandbox, id)).toBeUndefined();
        const refreshed = stack.engine(structuredClone(saved));
        await refresh(refreshed);
        expect((refreshed.state as StateFile).resources.filter((r) => r.type === type)).toHaveLength(0);
        await destroy(stack.engine(saved));
        expect(saved.resources).toHaveLength(0);
      });
    }

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
        await destroyAndCheck(second, id);
      });
    } else {
      const refused = d.adopt.refused;
      test("adopt is refused by check, with the reason, before any request", async () => {
        const before = requests();
        const error = await up(program({ ...valid, adopt: true }), stack.engine()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DeploymentError);
        expect(String(error)).toContain(refused.slice(0, 40));
        expect(requests()).toBe(before);
      });
    }

    test("faults on the create request (429, 503, reset before the server acted) end in exactly one object", async () => {
      for (const fault of [{ status: 429, retryAfterSeconds: 0 }, { status: 503 }, { reset: "before" as const }]) {
        const engine = stack.engine();
        stack.sandbox.faults.add({ system: "fiware", ...cases.write, ...fault });
        await up(program(valid), engine);
        const id = findResource(engine.state as StateFile, "it").id;
        expect(cases.remote(stack.sandbox, id), JSON.stringify(fault)).toBeDefined();
        await destroyAndCheck(engine, id);
      }
      stack.sandbox.faults.clear();
    });

    test("the token and secret inputs never appear in plaintext in the state", async () => {
      const engine = stack.engine();
      const connection = fiwareConnection(stack.sandbox);
      await up(program({ ...valid, connection }), engine);
      const id = findResource(engine.state as StateFile, "it").id;
      const text = JSON.stringify(engine.state);
      for (const secret of [connection.token, ...(cases.secrets?.(stack.sandbox, id) ?? [])]) {
        expect(text.includes(secret), "a secret in plaintext in the state").toBe(false);
      }
      await destroyAndCheck(engine, id);
    });

    for (const [field] of inputFields(d)) {
      test(`fuzz ${field}: what check accepts the API accepts; what it refuses costs no request`, async () => {
        for (const value of fuzzValues()) {
          const args = { ...valid, [field]: value };
          const { registrations } = await captureRegistrations(program(args));
          const reg = registrations.find((r) => r.type === type)!;
          const before = requests();
          const { failures } = await stack.plugin.check(reg.urn, {}, reg.inputs);
          if (failures.length > 0) {
            expect(requests(), `${field}=${JSON.stringify(value)} cost a request`).toBe(before);
            continue;
          }
          if (JSON.stringify(value) === JSON.stringify(valid[field])) continue;
          const engine = stack.engine();
          const outcome = await up(program(args), engine).catch((e: unknown) => e);
          const message = outcome instanceof Error ? outcome.message : "";
          expect(message, `${field}=${JSON.stringify(value)} passed check but the API refused it`).not.toMatch(
            /failed: 400|failed: 500/,
          );
          const made = (engine.state as StateFile).resources.find((r) => r.type === type);
          if (made) cases.prepareDestroy?.(stack.sandbox, made.id);
          await destroy(engine);
          if (made && !cases.deletes) cases.forget?.(stack.sandbox, made.id);
        }
      }, 120_000);
    }
  });
}
