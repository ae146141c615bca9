/**
 * The FIWARE Store's hard cases through the real plugin and the sandbox: one RSS per store (a clear 409, then
 * adopt), a remote RSS that fails during registration (nothing recorded anywhere), the organization's absolute PUT
 * (one field changed, the others kept on the server), and destroys the store cannot carry out (units: left on the
 * server, gone from the stack, said so; currencies: a 403 explained).
 */
import * as eurostack from "pulumi-eurostack";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DeploymentError, destroy, up } from "../support/lifecycle";
import { type SandboxStack, startSandboxStack } from "../support/sandbox-stack";
import { findResource, type StateFile } from "../support/state";

let stack: SandboxStack;
let config: Record<string, string>;
const SECRET_KEYS = ["fiware:token"];

/** The shared stack set-up configures no FIWARE settings: this plugin gets them as stack config, as users set them. */
const fresh = () => ({ ...stack.engine(), config, secretKeys: SECRET_KEYS });

beforeAll(async () => {
  stack = await startSandboxStack();
  const { sandbox } = stack;
  config = { ...stack.config, "fiware:url": sandbox.urls.fiware, "fiware:token": sandbox.credentials.fiwareToken };
  await stack.plugin.configure(config, { secretKeys: SECRET_KEYS });
});

afterAll(async () => {
  await stack?.stop();
});

beforeEach(() => {
  const fiware = stack.sandbox.state.fiware;
  fiware.remote.rss = "success";
  fiware.rss.clear();
  fiware.remoteCalls.length = 0;
  fiware.currencies.allowed = [{ currency: "EUR", in_use: false }];
  fiware.currencies.default = "EUR";
});

const MODELS = { "single-payment": 10, subscription: 20, use: 30 };

async function failureOf(promise: Promise<unknown>): Promise<DeploymentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeploymentError);
  return error as DeploymentError;
}

describe("fiware.Rss", () => {
  it("a second RSS fails with a clear 409 naming the existing one; adopt then manages it", async () => {
    const first = fresh();
    await up(() => {
      new eurostack.fiware.Rss("rss", { name: "main", host: "http://rss.example.com", apiVersion: 2 });
    }, first);

    const second = fresh();
    const declared = { name: "ours", host: "http://rss.example.com", apiVersion: 2 as const, revenueModels: MODELS };
    const error = await failureOf(
      up(() => {
        new eurostack.fiware.Rss("rss", declared);
      }, second),
    );
    expect(error.message).toContain('already has an RSS, "main" at http://rss.example.com/ (API v2)');
    expect(error.message).toContain("allows only one (409");
    expect(error.message).toContain("set adopt: true");
    expect([...stack.sandbox.state.fiware.rss.keys()]).toEqual(["main"]);
    expect((second.state as StateFile).resources.filter((r) => r.type.endsWith("fiware:Rss"))).toHaveLength(0);

    const adopted = await up(() => {
      new eurostack.fiware.Rss("rss", { ...declared, adopt: true });
    }, second);
    expect(adopted.summary.creates).toBe(1);
    const entry = findResource(second.state as StateFile, "rss");
    expect(entry.id).toBe("main");
    expect(entry.outputs).toMatchObject({ adopted: true, name: "ours", revenueModels: MODELS });
    // Renamed in place and given the declared models: still the one RSS.
    expect([...stack.sandbox.state.fiware.rss.keys()]).toEqual(["ours"]);
    await destroy(second);
    expect(stack.sandbox.state.fiware.rss.size).toBe(0);
  });

  it("a remote RSS answering 502 during registration leaves nothing recorded, with a clear error", async () => {
    stack.sandbox.state.fiware.remote.rss = 502;
    const engine = fresh();
    const error = await failureOf(
      up(() => {
        new eurostack.fiware.Rss("rss", { name: "main", host: "http://rss.example.com", apiVersion: 2 });
      }, engine),
    );
    expect(error.message).toContain("the remote RSS at http://rss.example.com failed while the store called it (502");
    expect(error.message).toContain("Pulumi recorded nothing new");
    expect(stack.sandbox.state.fiware.rss.size).toBe(0);
    expect((engine.state as StateFile).resources.filter((r) => r.type.endsWith("fiware:Rss"))).toHaveLength(0);
    // Not re-sent: each attempt would call the failing RSS again.
    expect(stack.sandbox.state.fiware.remoteCalls.filter((call) => call.answer === 502)).toHaveLength(1);
  });

  it("a remote RSS refusing the store's credentials (401) is told apart from a refused token", async () => {
    stack.sandbox.state.fiware.remote.rss = 401;
    const error = await failureOf(
      up(() => {
        new eurostack.fiware.Rss("rss", { name: "main", host: "http://rss.example.com", apiVersion: 1 });
      }, fresh()),
    );
    expect(error.message).toContain("the remote RSS at http://rss.example.com refused the store's credentials (401");
    expect(stack.sandbox.state.fiware.rss.size).toBe(0);
  });

  it("a new apiVersion replaces the RSS, deleting the old one first (a store holds one)", async () => {
    const engine = fresh();
    const program = (apiVersion: 1 | 2) => () => {
      new eurostack.fiware.Rss("rss", { name: "main", host: "http://rss.example.com", apiVersion });
    };
    await up(program(2), engine);
    const replaced = await up(program(1), engine);
    expect(replaced.summary.replaces).toBe(1);
    expect(stack.sandbox.state.fiware.rss.get("main")?.api_version).toBe(1);
    await destroy(engine);
  });

  it("limits in a currency the store does not have are refused before any write", async () => {
    const writes = () => stack.sandbox.requests.filter((r) => r.system === "fiware" && r.method !== "GET").length;
    const before = writes();
    const error = await failureOf(
      up(() => {
        new eurostack.fiware.Rss("rss", {
          name: "main",
          host: "http://rss.example.com",
          apiVersion: 2,
          limits: { currency: "GBP", monthly: 10 },
        });
      }, fresh()),
    );
    expect(error.message).toContain('limits.currency "GBP" is not one of the store\'s currencies (EUR)');
    expect(writes()).toBe(before);
  });
});

describe("fiware.Organization", () => {
  it("an update of one field sends every managed field, so the server keeps the others", async () => {
    const card = { type: "Visa", number: "4111111111111111", expireYear: 2031, expireMonth: 7, cvv2: "123" };
    const address = { street: "Calle Mayor 1", postal: "28013", city: "Madrid", country: "Spain" };
    const engine = fresh();
    const program = (notificationUrl: string) => () => {
      new eurostack.fiware.Organization("org", {
        name: "absolute-put",
        notificationUrl,
        taxAddress: address,
        paymentInfo: card,
      });
    };
    await up(program("http://first.example.com"), engine);
    const updated = await up(program("http://second.example.com"), engine);
    expect(updated.summary).toMatchObject({ updates: 1, replaces: 0 });

    const stored = stack.sandbox.state.fiware.organizations.get("absolute-put")!;
    expect(stored.notification_url).toBe("http://second.example.com");
    expect(stored.tax_address).toEqual(address);
    expect(stored.payment_info).toMatchObject({ number: card.number, expire_year: 2031 });
    const put = stack.sandbox.requests.filter(
      (r) => r.method === "PUT" && r.path.endsWith("/organizations/absolute-put"),
    );
    expect(put).toHaveLength(1);
    expect(put[0]!.body).toMatchObject({ tax_address: address, payment_info: { number: card.number } });
    // The state keeps the card only encrypted.
    expect(JSON.stringify(engine.state)).not.toContain(card.number);
    await destroy(engine);
  });
});

describe("stores without a delete", () => {
  it("Unit destroy leaves the unit on the server, removes it from the stack and says so", async () => {
    const engine = fresh();
    await up(() => {
      new eurostack.fiware.Unit("unit", { name: "per-call", definedModel: "pay per use" });
    }, engine);
    const logged = stack.plugin.logs().length;
    await destroy(engine);
    expect(stack.sandbox.state.fiware.units.get("per-call")).toEqual({
      name: "per-call",
      defined_model: "pay per use",
    });
    expect((engine.state as StateFile).resources.filter((r) => r.type.endsWith("fiware:Unit"))).toHaveLength(0);
    await expect
      .poll(() => stack.plugin.logs().slice(logged))
      .toContain(
        'fiware:Unit unit "per-call": the FIWARE Store has no API to delete it; it stays on the server and is only removed from the stack',
      );
  });

  it("Currency destroy of the store's default is refused with the reason and what to do", async () => {
    const engine = fresh();
    await up(() => {
      new eurostack.fiware.Currency("usd", { currency: "USD", isDefault: true });
    }, engine);
    expect(stack.sandbox.state.fiware.currencies.default).toBe("USD");
    const error = await failureOf(destroy(engine));
    expect(error.message).toContain("refused to delete currency USD (403");
    expect(error.message).toContain("It is the default currency");
    expect(error.message).toContain("make another currency the default first");
    stack.sandbox.state.fiware.currencies.default = "EUR";
    await destroy(engine);
    expect(stack.sandbox.state.fiware.currencies.allowed.map((entry) => entry.currency)).toEqual(["EUR"]);
  });
});
