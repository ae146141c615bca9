/**
 * The soak's FIWARE Store kinds. The store cannot delete units, organizations or profiles: a delete only forgets them
 * and the remote object stays. A profile belongs to one of the store's existing users, so one lives at a time.
 */
import * as eurostack from "pulumi-eurostack";
import type { Sandbox } from "../../src/sandbox";
import { compareFields, type DeclareContext, type Logical, mapOf, type SoakKind } from "./kinds";

const state = (sandbox: Sandbox) => sandbox.state.fiware;
const remoteName = (ctx: DeclareContext, r: Logical, suffix = "") => `${ctx.prefix}-${r.name}${suffix}`;
const host = (kind: string, r: Logical) => `http://${kind}${r.n}g${r.generation}.example.com`;

/** A card number: generated per resource, and secret (the scan looks for every one of them). */
export const cardNumber = (r: Logical) => `4111${String(100_000_000_000 + r.n * 7919 + r.version).slice(-12)}`;
const paymentInfo = (r: Logical) => ({
  type: "Visa",
  number: cardNumber(r),
  expireYear: 2031,
  expireMonth: 7,
  cvv2: "123",
});
const taxAddress = (r: Logical) => ({
  street: `Calle Mayor ${1 + r.version}`,
  postal: "28013",
  city: "Madrid",
  country: "Spain",
});
/** The marketplace password: secret. */
export const marketPassword = (r: Logical) => `market-password-${r.n}-${r.generation}`;

const rss: SoakKind = {
  Resource: eurostack.fiware.Rss,
  declare(ctx, r) {
    new eurostack.fiware.Rss(r.name, {
      name: remoteName(ctx, r, `-g${r.generation}`),
      host: host("rss", r),
      apiVersion: 2,
      limits: { currency: "EUR", monthly: 500 + r.version },
      revenueModels: { "single-payment": 10, subscription: 20, use: 30 },
    });
  },
  update: true,
  replace: true,
  deletes: true,
  // The store takes one RSS.
  max: 1,
  remote: (sandbox) => mapOf(state(sandbox).rss),
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      name: (x) => x.name,
      monthly: [(o) => Number(o.limits?.monthly), (x) => Number(x.expenditure_limits?.monthly)],
    }),
  remove: (sandbox, id) => void state(sandbox).rss.delete(id),
};

const marketplace: SoakKind = {
  Resource: eurostack.fiware.Marketplace,
  declare(ctx, r) {
    new eurostack.fiware.Marketplace(r.name, {
      name: remoteName(ctx, r, `-g${r.generation}`),
      host: host("market", r),
      apiVersion: 1,
      credentials: { username: "store", password: marketPassword(r) },
    });
  },
  update: false,
  replace: true,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).marketplaces),
  compare: (outs, remote) => compareFields(outs, remote, { name: (m) => m.name, apiVersion: (m) => m.api_version }),
  remove: (sandbox, id) => void state(sandbox).marketplaces.delete(id),
};

const repository: SoakKind = {
  Resource: eurostack.fiware.Repository,
  declare(ctx, r) {
    const { url, token } = { url: ctx.sandbox.urls.fiware, token: ctx.sandbox.credentials.fiwareToken };
    new eurostack.fiware.Repository(r.name, {
      name: remoteName(ctx, r, `-g${r.generation}`),
      host: host("repo", r),
      apiVersion: 2,
      offeringCollection: "offerings",
      resourceCollection: "resources",
      isDefault: false,
      // The change made in place: the same store written another way, taken into use by the next up.
      connection: { url: r.version % 2 ? `${url}/` : url, token },
    });
  },
  update: true,
  replace: true,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).repositories),
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      name: (x) => x.name,
      isDefault: (x) => x.is_default,
      apiVersion: (x) => x.api_version,
    }),
  remove: (sandbox, id) => void state(sandbox).repositories.delete(id),
};

const unit: SoakKind = {
  Resource: eurostack.fiware.Unit,
  declare(ctx, r) {
    new eurostack.fiware.Unit(r.name, {
      name: remoteName(ctx, r, `-g${r.generation}`),
      definedModel: "subscription",
      renovationPeriod: 30,
    });
  },
  update: false,
  replace: true,
  deletes: false,
  remote: (sandbox) => mapOf(state(sandbox).units),
  compare: (outs, remote) => compareFields(outs, remote, { name: (u) => u.name, definedModel: (u) => u.defined_model }),
  remove: (sandbox, id) => void state(sandbox).units.delete(id),
};

/** Letters only: a currency code per logical resource and generation. */
const code = (r: Logical) =>
  `soak${[...String(r.n * 10 + r.generation)].map((d) => String.fromCharCode(97 + Number(d))).join("")}`;

const currency: SoakKind = {
  Resource: eurostack.fiware.Currency,
  declare(_ctx, r) {
    new eurostack.fiware.Currency(r.name, { currency: code(r), isDefault: false });
  },
  update: false,
  replace: true,
  deletes: true,
  remote: (sandbox) => new Map(state(sandbox).currencies.allowed.map((c): [string, unknown] => [c.currency, c])),
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      currency: [(o) => String(o.currency).toLowerCase(), (c) => String(c.currency).toLowerCase()],
    }),
  remove(sandbox, id) {
    const { currencies } = state(sandbox);
    currencies.allowed = currencies.allowed.filter((c) => c.currency !== id);
  },
};

const organization: SoakKind = {
  Resource: eurostack.fiware.Organization,
  declare(ctx, r) {
    new eurostack.fiware.Organization(r.name, {
      name: remoteName(ctx, r, `-g${r.generation}`),
      notificationUrl: `http://notify${r.version}.example.com`,
      taxAddress: taxAddress(r),
      paymentInfo: paymentInfo(r),
    });
  },
  update: true,
  replace: true,
  deletes: false,
  remote: (sandbox) => mapOf(state(sandbox).organizations, (o) => !o.private),
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      name: (o) => o.name,
      notificationUrl: (o) => o.notification_url,
      street: [(o) => o.taxAddress?.street, (x) => x.tax_address?.street],
    }),
  remove: (sandbox, id) => void state(sandbox).organizations.delete(id),
};

/** Users the store has from the start; a profile belongs to one of them. */
const PROFILE_USERS = ["sandbox-user", "sandbox-admin"];

const userProfile: SoakKind = {
  Resource: eurostack.fiware.UserProfile,
  declare(_ctx, r) {
    new eurostack.fiware.UserProfile(r.name, {
      username: PROFILE_USERS[r.generation % 2],
      taxAddress: taxAddress(r),
      paymentInfo: paymentInfo(r),
    });
  },
  update: true,
  replace: true,
  deletes: false,
  max: 1,
  remote: (sandbox) => mapOf(state(sandbox).users),
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      username: (u) => u.username,
      street: [(o) => o.taxAddress?.street, (u) => u.tax_address?.street],
    }),
  remove: () => {
    // The store's own users are never removed: a profile only forgets.
  },
};

export const FIWARE: SoakKind[] = [rss, marketplace, repository, unit, currency, organization, userProfile];
