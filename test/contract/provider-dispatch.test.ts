/**
 * Pins every call shape the dynamic-provider host uses, read from the host's own source, and checks that the
 * serialized provider routes each method by its name (DESIGN §4.1, issue 7 item 2). `read(id, props, inputs)` — the
 * inputs the host already has, which a newer SDK may pass — must still be a read: routed to diff it would return no
 * id, and refresh would drop every resource.
 */
import { readFileSync } from "node:fs";
import * as eurostack from "pulumi-eurostack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { up } from "../support/lifecycle";
import { captureRegistrations } from "../support/program";
import { type SandboxStack, startSandboxStack } from "../support/sandbox-stack";
import { findResource, reveal, type StateFile } from "../support/state";

// The same runtime the serialized provider loads: the built package, by name.
const runtime = require("pulumi-eurostack/runtime") as typeof import("../../src/resources/runtime");
const requireFromString = require("require-from-string") as (code: string, filename?: string) => any;

const HOST = readFileSync(require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js"), "utf8");

/** Every `provider.<method>(<args>)` call in the host, with its argument count. */
function hostCalls(): Map<string, Set<number>> {
  const calls = new Map<string, Set<number>>();
  for (const match of HOST.matchAll(/\bprovider\.(\w+)\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)) {
    const args = match[2]!.trim() === "" ? 0 : match[2]!.split(",").length;
    if (!calls.has(match[1]!)) calls.set(match[1]!, new Set());
    calls.get(match[1]!)!.add(args);
  }
  return calls;
}

describe("the host's call shapes", () => {
  it("every method the host calls, with the number of arguments it passes, is one the runtime installs", () => {
    const calls = hostCalls();
    expect([...calls.keys()].sort()).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);
    for (const [method, counts] of calls) {
      if (method === "configure") continue;
      const shape = runtime.CALL_SHAPES[method]!;
      const required = shape.filter((s) => !s.endsWith("?")).length;
      for (const count of counts) {
        expect(count, `${method} called with ${count} arguments`).toBeGreaterThanOrEqual(required);
        expect(count, `${method} called with ${count} arguments`).toBeLessThanOrEqual(shape.length);
      }
    }
    // The host awaits configure before any other method of a freshly deserialized provider: what install relies on.
    expect(HOST).toMatch(/if \(provider\.configure\) \{[\s\S]{0,200}await provider\.configure\(req\);/);
  });
});

describe("the serialized provider", () => {
  let stack: SandboxStack;
  beforeAll(async () => {
    stack = await startSandboxStack();
  });
  afterAll(() => stack?.stop());

  /** The provider as the host builds it: its text evaluated, then configured with the stack config. */
  async function hostProvider(program: () => void, type: string) {
    const { registrations } = await captureRegistrations(program);
    const text = registrations.find((r) => r.type === type)!.inputs.__provider as string;
    const provider = requireFromString(text).handler();
    expect(Object.keys(provider).sort()).toEqual(["configure", "kind"]);
    await provider.configure({ config: { get: (key: string) => stack.config[key] } });
    return { provider, text };
  }

  it("configure installs each method by name; read with the stored inputs is still a read", async () => {
    const engine = stack.engine();
    const program = () => {
      new eurostack.scaleway.Application("app", { name: "dispatch", description: "d" });
    };
    await up(program, engine);
    const entry = findResource(engine.state as StateFile, "app");
    const outputs = reveal(entry.outputs) as Record<string, unknown>;
    const inputs = reveal(entry.inputs) as Record<string, unknown>;
    const { provider } = await hostProvider(program, eurostack.scaleway.Application.__pulumiType);
    for (const method of ["check", "diff", "create", "read", "update", "delete"]) {
      expect(typeof provider[method], method).toBe("function");
    }
    const read = await provider.read(entry.id, outputs, inputs);
    expect(read.id).toBe(entry.id);
    expect(read.props).toMatchObject({ name: "dispatch", description: "d" });
    expect((await provider.read(entry.id, outputs)).id).toBe(entry.id);
    expect(await provider.diff(entry.id, outputs, inputs)).toMatchObject({ changes: false });
  });

  it("an unexpected call shape fails loudly, naming what was called and what is understood", async () => {
    const { provider } = await hostProvider(() => {
      new eurostack.scaleway.Application("app", { name: "shapes" });
    }, eurostack.scaleway.Application.__pulumiType);
    expect(() => provider.read({}, {})).toThrow(/read\(object, object\).*read\(string, object, object\?\)/);
    expect(() => provider.diff("id", {}, {}, {}, {})).toThrow(/diff\(string, object, object, object, object\)/);
    expect(() => provider.delete("id")).toThrow(/upgrade pulumi-eurostack/);
    await expect(provider.configure({})).rejects.toThrow(/configure was called without a config/);
  });

  it("stays under 1 KB and holds nothing but the kind, for every exported resource type", async () => {
    const sizes: Record<string, number> = {};
    for (const [type, program] of [
      [eurostack.scaleway.Application.__pulumiType, () => new eurostack.scaleway.Application("a", { name: "a" })],
      [eurostack.scaleway.ApiKey.__pulumiType, () => new eurostack.scaleway.ApiKey("k", { applicationId: "x" })],
      [eurostack.numspot.Space.__pulumiType, () => new eurostack.numspot.Space("s", { name: "s", description: "d" })],
    ] as const) {
      const { registrations } = await captureRegistrations(() => void program());
      const text = registrations.find((r) => r.type === type)!.inputs.__provider as string;
      sizes[type] = Buffer.byteLength(text);
      expect(text).toContain(type.split("/")[1]!);
      expect(text).toContain('require("pulumi-eurostack/runtime")');
    }
    for (const bytes of Object.values(sizes)) expect(bytes).toBeLessThanOrEqual(1024);
  });
});
