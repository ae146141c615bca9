/**
 * A FIWARE Store stack under the real Pulumi engine: a currency, a unit, an RSS with revenue models, a repository, a
 * marketplace and an organization. It comes up, previews no change (refresh included), changes in place, keeps the
 * marketplace password and the card only as ciphertext, and is destroyed — except what the store cannot delete (the
 * unit and the organization stay, said so) and its default currency (a 403 explained, until another is the default).
 */
import * as eurostack from "pulumi-eurostack";
import { expect, it } from "vitest";
import { describeEngine, engineFailure, opsByName, useEngineStack } from "./support";

const PASSWORD = "market-password-engine";
const CARD = { type: "Visa", number: "4111111111114242", expireYear: 2031, expireMonth: 7, cvv2: "123" };

let models = { "single-payment": 10, subscription: 20, use: 30 };
let notificationUrl = "http://notify.example.com";

function program() {
  const eur = new eurostack.fiware.Currency("eur", { currency: "EUR" });
  new eurostack.fiware.Unit("unit", { name: "monthly", definedModel: "subscription", renovationPeriod: 30 });
  const rss = new eurostack.fiware.Rss(
    "rss",
    {
      name: "main",
      host: "http://rss.example.com",
      apiVersion: 2,
      limits: { currency: eur.currency, monthly: 1000 },
      revenueModels: models,
    },
    { dependsOn: [eur] },
  );
  new eurostack.fiware.Repository("repository", {
    name: "main repository",
    host: "http://repository.example.com",
    apiVersion: 2,
    offeringCollection: "offerings",
    resourceCollection: "resources",
  });
  new eurostack.fiware.Marketplace("marketplace", {
    name: "market",
    host: "http://market.example.com",
    apiVersion: 1,
    credentials: { username: "store", password: PASSWORD },
  });
  const org = new eurostack.fiware.Organization(
    "organization",
    {
      name: "engine-org",
      notificationUrl,
      taxAddress: { street: "Calle Mayor 1", postal: "28013", city: "Madrid", country: "Spain" },
      paymentInfo: CARD,
      limits: { currency: "EUR", daily: 50 },
    },
    { dependsOn: [rss] },
  );
  return { rssHost: rss.host, organization: org.name };
}

describeEngine("a FIWARE Store stack under the real engine", () => {
  const env = useEngineStack("engine-fiware", program);
  const store = () => env().sandbox.state.fiware;

  it("creates the six resources, and an untouched stack previews no change", { timeout: 120_000 }, async () => {
    const up = await env().up();
    expect(opsByName(up.ops)).toEqual({
      eur: ["create"],
      unit: ["create"],
      rss: ["create"],
      repository: ["create"],
      marketplace: ["create"],
      organization: ["create"],
    });
    expect(up.outputs.rssHost.value).toBe("http://rss.example.com/");
    expect(
      store()
        .rss.get("main")
        ?.revenue_models.map((m) => m.percentage),
    ).toEqual([10, 20, 30]);
    expect(store().repositories.get("main repository")?.is_default).toBe(true);
    expect(store().marketplaces.get("market")?.credentials).toEqual({ username: "store", passwd: PASSWORD });
    expect(store().organizations.get("engine-org")?.expenditure_limits).toMatchObject({ daily: 50 });
    await env().preview({ refresh: true, expectNoChanges: true });
  });

  it("changes revenue models and the organization in place, keeping its card", { timeout: 120_000 }, async () => {
    models = { "single-payment": 12.5, subscription: 20, use: 30 };
    notificationUrl = "http://notify2.example.com";
    const up = await env().up();
    expect(opsByName(up.ops)).toMatchObject({ rss: ["update"], organization: ["update"], unit: ["same"] });
    expect(store().rss.get("main")?.revenue_models[0]?.percentage).toBe(12.5);
    const org = store().organizations.get("engine-org")!;
    expect(org.notification_url).toBe("http://notify2.example.com");
    expect(org.payment_info).toMatchObject({ number: CARD.number });
  });

  it("keeps the password and the card as ciphertext only, and prints neither", { timeout: 60_000 }, async () => {
    const { text } = await env().exportState();
    for (const secret of [PASSWORD, CARD.number, env().sandbox.credentials.fiwareToken]) {
      expect(text).not.toContain(secret);
      for (const output of env().outputs) expect(output).not.toContain(secret);
    }
  });

  it("destroys: the default currency is refused with the reason; the unit and organization stay", {
    timeout: 120_000,
  }, async () => {
    const failed = await engineFailure(env().destroy());
    expect(failed.output).toContain("refused to delete currency EUR (403");
    expect(failed.output).toContain("make another currency the default first");
    // Everything else went: what the store cannot delete, with one line each.
    expect(failed.output).toContain('fiware:Unit unit "monthly": the FIWARE Store has no API to delete it');
    expect(failed.output).toContain('fiware:Organization organization "engine-org": the FIWARE Store has no API');

    // An operator makes a currency outside the stack the default: the rest of the destroy goes through.
    store().currencies.allowed.push({ currency: "USD", in_use: false });
    store().currencies.default = "USD";
    expect(opsByName((await env().destroy()).ops)).toEqual({ eur: ["delete"] });
    expect(store().currencies.allowed.map((c) => c.currency)).toEqual(["USD"]);
    expect(store().rss.size + store().repositories.size + store().marketplaces.size).toBe(0);
    expect(store().units.has("monthly")).toBe(true);
    expect(store().organizations.has("engine-org")).toBe(true);
    const { resources } = await env().exportState();
    expect(resources.filter((r) => r.type.includes("fiware:"))).toHaveLength(0);
  });
});
