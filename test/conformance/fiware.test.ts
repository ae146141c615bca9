/**
 * The conformance suite for the FIWARE entities. Rss and Repository run the shared suite (describeEntity) as it is.
 * Marketplace, Currency, Unit, Organization and UserProfile break two of its assumptions — that destroy deletes the
 * remote object and that some drift can be reverted in place — so they run the same cases, adapted, from
 * fiware-conformance.ts (see that file for what differs and why).
 */
import * as eurostack from "pulumi-eurostack";
import { afterAll, expect, it } from "vitest";
import { description as currency } from "../../src/resources/fiware/currency";
import { description as marketplace } from "../../src/resources/fiware/marketplace";
import { description as organization } from "../../src/resources/fiware/organization";
import { description as repository } from "../../src/resources/fiware/repository";
import { description as rss } from "../../src/resources/fiware/rss";
import { description as unit } from "../../src/resources/fiware/unit";
import { description as userProfile } from "../../src/resources/fiware/user-profile";
import { KNOWN_KINDS } from "../../src/resources/runtime";
import type { Sandbox } from "../../src/sandbox";
import { describeEntity, generatedCases } from "../support/conformance";
import {
  describeStoreEntity,
  fiwareConnection,
  otherFormOfConnection,
  storeCases,
  withCurrency,
} from "./fiware-conformance";

const FIWARE = "fiware" as "numspot";
const ADMIN = "/api/administration";

describeEntity(rss, {
  Resource: eurostack.fiware.Rss,
  valid: (stack) => {
    withCurrency(stack.sandbox, "EUR");
    return {
      name: "conformance",
      host: "http://rss.example.com",
      apiVersion: 2,
      limits: { currency: "EUR", monthly: 500 },
      revenueModels: { "single-payment": 10, subscription: 20, use: 30 },
      connection: fiwareConnection(stack.sandbox),
    };
  },
  update: {
    limits: { currency: "eur", monthly: 800, daily: 50 },
    revenueModels: { "single-payment": 15, subscription: 25, use: 12.5 },
  },
  replace: { name: "conformance-2", host: "http://rss2.example.com" },
  remote: (sandbox, id) => sandbox.state.fiware.rss.get(id),
  drift: (sandbox, id) => {
    sandbox.state.fiware.rss.get(id)!.revenue_models = [
      { revenue_class: "single-payment", percentage: 1 },
      { revenue_class: "subscription", percentage: 2 },
      { revenue_class: "use", percentage: 3 },
    ];
    return ["revenueModels", { "single-payment": 1, subscription: 2, use: 3 }];
  },
  post: { system: FIWARE, path: `${ADMIN}/rss` },
  connection: fiwareConnection,
});

let current: Sandbox | undefined;

/** A default repository made out of band, so that the one under test is not the default unless it says so. */
function otherDefaultRepository(sandbox: Sandbox) {
  sandbox.state.fiware.repositories.set("elsewhere", {
    name: "elsewhere",
    host: "http://elsewhere.example.com/",
    is_default: true,
    offering_collection: "offerings",
    resource_collection: "resources",
    api_version: 2,
  });
}

describeEntity(repository, {
  Resource: eurostack.fiware.Repository,
  valid: (stack) => {
    current = stack.sandbox;
    otherDefaultRepository(stack.sandbox);
    return {
      name: "conformance",
      host: "http://repository.example.com",
      apiVersion: 2,
      offeringCollection: "offerings",
      resourceCollection: "resources",
      isDefault: true,
      connection: fiwareConnection(stack.sandbox),
    };
  },
  // Every other field replaces: the one change made in place besides isDefault is taking a new connection into use
  // (a getter: the sandbox's URL is known only once it runs).
  update: {
    get connection() {
      return otherFormOfConnection(current!);
    },
  },
  replace: { name: "conformance-2", host: "http://repository2.example.com" },
  remote: (sandbox, id) => sandbox.state.fiware.repositories.get(id),
  drift: (sandbox, id) => {
    const { repositories } = sandbox.state.fiware;
    repositories.get(id)!.is_default = false;
    repositories.get("elsewhere")!.is_default = true;
    return ["isDefault", false];
  },
  post: { system: FIWARE, path: `${ADMIN}/repositories` },
  connection: fiwareConnection,
});

afterAll(() => {
  const total = Object.values(generatedCases).reduce((a, b) => a + b, 0) + storeCases.count;
  console.log(`fiware conformance: ${total} generated cases`);
});

const CARD = { type: "Visa", number: "4111111111111111", expireYear: 2031, expireMonth: 7, cvv2: "123" };
const ADDRESS = { street: "Calle Mayor 1", postal: "28013", city: "Madrid", country: "Spain" };

describeStoreEntity(marketplace, {
  Resource: eurostack.fiware.Marketplace,
  valid: (stack) => ({
    name: "conformance",
    host: "http://market.example.com",
    apiVersion: 1,
    credentials: { username: "store", password: "market-password-1" },
    connection: fiwareConnection(stack.sandbox),
  }),
  replace: { name: "conformance-2", host: "http://market2.example.com" },
  remote: (sandbox, id) => sandbox.state.fiware.marketplaces.get(id),
  deletes: true,
  // No PUT: a marketplace changed by hand is registered again.
  drift: (sandbox, id) => {
    sandbox.state.fiware.marketplaces.get(id)!.host = "http://moved.example.com/";
    return ["host", "http://moved.example.com/", "replaces"];
  },
  write: { method: "POST", path: `${ADMIN}/marketplaces` },
  secrets: () => ["market-password-1"],
});

describeStoreEntity(currency, {
  Resource: eurostack.fiware.Currency,
  valid: (stack) => {
    withCurrency(stack.sandbox, "USD");
    return { currency: "conf", isDefault: false, connection: fiwareConnection(stack.sandbox) };
  },
  replace: { currency: "conf2" },
  remote: (sandbox, id) => sandbox.state.fiware.currencies.allowed.find((entry) => entry.currency === id),
  deletes: true,
  // The store cannot delete its default currency: the one made default by a case hands it back to USD first.
  prepareDestroy: (sandbox) => {
    sandbox.state.fiware.currencies.default = "USD";
  },
  write: { method: "POST", path: `${ADMIN}/currency` },
});

describeStoreEntity(unit, {
  Resource: eurostack.fiware.Unit,
  valid: (stack) => ({
    name: "conformance",
    definedModel: "subscription",
    renovationPeriod: 30,
    connection: fiwareConnection(stack.sandbox),
  }),
  replace: { name: "conformance-2", definedModel: "pay per use", renovationPeriod: undefined },
  remote: (sandbox, id) => sandbox.state.fiware.units.get(id),
  deletes: false,
  forget: (sandbox, id) => void sandbox.state.fiware.units.delete(id),
  write: { method: "POST", path: `${ADMIN}/units` },
});

describeStoreEntity(organization, {
  Resource: eurostack.fiware.Organization,
  valid: (stack) => ({
    name: "conformance",
    notificationUrl: "http://notify.example.com",
    taxAddress: ADDRESS,
    paymentInfo: CARD,
    connection: fiwareConnection(stack.sandbox),
  }),
  update: { notificationUrl: "http://notify2.example.com" },
  replace: { name: "conformance-2" },
  remote: (sandbox, id) => sandbox.state.fiware.organizations.get(id),
  deletes: false,
  forget: (sandbox, id) => void sandbox.state.fiware.organizations.delete(id),
  drift: (sandbox, id) => {
    sandbox.state.fiware.organizations.get(id)!.notification_url = "http://by-hand.example.com";
    return ["notificationUrl", "http://by-hand.example.com", "updates"];
  },
  write: { method: "POST", path: `${ADMIN}/organizations` },
  secrets: () => [CARD.number],
});

describeStoreEntity(userProfile, {
  Resource: eurostack.fiware.UserProfile,
  valid: (stack) => ({
    username: "sandbox-user",
    taxAddress: ADDRESS,
    paymentInfo: CARD,
    connection: fiwareConnection(stack.sandbox),
  }),
  update: { taxAddress: { ...ADDRESS, street: "Gran Via 2" } },
  replace: { username: "sandbox-admin" },
  remote: (sandbox, id) => sandbox.state.fiware.users.get(id),
  deletes: false,
  drift: (sandbox, id) => {
    sandbox.state.fiware.users.get(id)!.tax_address = { ...ADDRESS, city: "Toledo" };
    return ["taxAddress", { ...ADDRESS, city: "Toledo" }, "updates"];
  },
  write: { method: "PUT", path: `${ADMIN}/profiles/sandbox-user` },
  secrets: () => [CARD.number],
});

it("has a conformance block for every registered fiware kind", () => {
  const covered = [rss, repository, marketplace, currency, unit, organization, userProfile].map(
    (d) => `${d.system.name}:${d.type}`,
  );
  expect(KNOWN_KINDS.filter((kind) => kind.startsWith("fiware:")).sort()).toEqual(covered.sort());
});
