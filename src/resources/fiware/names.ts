/**
 * Check schemas and comparisons shared by the FIWARE entities, as strict as WStore 4.4's own checks (so a value that
 * passes costs no refused request) and comparisons that see values the way the server stores them.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { Comparison } from "../fields";

/** `is_valid_id`: `^[\w -]+$` with Python 2's ASCII `\w`; also what WStore's URL patterns accept in a path. */
export const WStoreName = z
  .string("must be a string")
  .regex(/^[\w -]+$/, "must be letters, digits, _, - or spaces (WStore's name pattern [\\w -]+)");

/** Organization names are also longer than 4 characters (organizations/views.py). */
export const OrganizationName = WStoreName.refine((value) => value.length > 4, "must be longer than 4 characters");

/** `is_valid_url` (store_commons/utils/url.py): http(s), a dotted host name with a 2–6 letter TLD, localhost or an IPv4. */
const URL_PATTERN =
  /^https?:\/\/(?:(?:\w(?:[\w-]{0,61}\w)?\.)+\w{2,6}\.?|localhost|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?::\d+)?(?:\/?|[/?]\S+)$/i;

export const WStoreUrl = z
  .string("must be a string")
  .regex(URL_PATTERN, "must be an http:// or https:// URL with a host name, localhost or an IPv4 address");

/** WStore appends "/" to every host it stores. */
export const asHost: Comparison = (value) => (typeof value === "string" && !value.endsWith("/") ? `${value}/` : value);

export const ApiVersion = z.union([z.literal(1), z.literal(2)], { error: "must be 1 or 2" });

/** Reads give a number; marketplaces and repositories are written with a digit string. */
export const asNumber: Comparison = (value) => (value === null || value === undefined ? value : Number(value));

const Amount = z.number("must be a number").finite("must be a finite number").nonnegative("must not be negative");

export interface Limits {
  /** One of the store's currencies (compared case-insensitively), e.g. a fiware.Currency's `currency` output. */
  currency: pulumi.Input<string>;
  perTransaction?: pulumi.Input<number>;
  weekly?: pulumi.Input<number>;
  daily?: pulumi.Input<number>;
  monthly?: pulumi.Input<number>;
}

const LIMIT_NAMES = ["perTransaction", "weekly", "daily", "monthly"] as const;

/**
 * Expenditure limits. The currency is required: without it the server fills in its default, which would then differ
 * from the declaration forever. At least one amount: without any, the server sets its own defaults.
 */
export const LimitsInput = z
  .object(
    {
      currency: WStoreName,
      perTransaction: Amount.optional(),
      weekly: Amount.optional(),
      daily: Amount.optional(),
      monthly: Amount.optional(),
    },
    "must be an object",
  )
  .strict()
  .refine((limits) => LIMIT_NAMES.some((name) => limits[name] !== undefined), {
    message: "must set at least one of perTransaction, weekly, daily, monthly",
  });

/** Amounts compare as numbers (the server stores floats, a digit string included), the currency case-insensitively. */
export const asLimits: Comparison = (value) => {
  if (!value || typeof value !== "object") return value;
  const given = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof given.currency === "string") out.currency = given.currency.toLowerCase();
  for (const name of LIMIT_NAMES)
    if (given[name] !== undefined && given[name] !== null) out[name] = Number(given[name]);
  return out;
};

export const REVENUE_CLASSES = ["single-payment", "subscription", "use"] as const;

const Percentage = z.number("must be a number").min(0, "must be at least 0").max(100, "must be at most 100");

/** The store's share of each kind of sale, in percent: every class is required. */
export interface RevenueModels {
  "single-payment": number;
  subscription: number;
  use: number;
}

export const RevenueModelsInput = z
  .object({ "single-payment": Percentage, subscription: Percentage, use: Percentage }, "must be an object")
  .strict();

/** Written as a list under the key `class` (the document says `revenue_class`, which the server refuses). */
export function modelsToApi(models: RevenueModels): { class: string; percentage: number }[] {
  return REVENUE_CLASSES.map((name) => ({ class: name, percentage: models[name] }));
}

/** Read back under `revenue_class`, the percentage as a two-decimal string ("10.00"). */
export function modelsFromApi(value: unknown): unknown {
  if (!Array.isArray(value)) return value ?? undefined;
  const models: Record<string, number> = {};
  for (const model of value as { revenue_class: string; percentage: unknown }[]) {
    models[model.revenue_class] = Number(model.percentage);
  }
  return models;
}

/** Percentages compare as numbers rounded to the server's two decimals. */
export const asModels: Comparison = (value) => {
  if (!value || typeof value !== "object") return value;
  const out: Record<string, number> = {};
  for (const [name, percentage] of Object.entries(value)) out[name] = Math.round(Number(percentage) * 100) / 100;
  return out;
};

const text = z.string("must be a string").min(1, "must not be empty");

export interface TaxAddress {
  street: string;
  postal: string;
  city: string;
  country: string;
}

export const TaxAddressInput = z
  .object({ street: text, postal: text, city: text, country: text }, "must be an object")
  .strict();

export interface PaymentInfo {
  /** The card type, e.g. "Visa". */
  type: string;
  /** 16 digits. Only ever shown masked by the store. */
  number: string;
  expireYear: number;
  expireMonth: number;
  cvv2: string;
}

export const PaymentInfoInput = z
  .object(
    {
      type: text,
      number: z.string("must be a string").regex(/^\d{16}$/, "must be 16 digits"),
      expireYear: z.number("must be a number").int("must be a whole number").min(2000, "must be a year such as 2030"),
      expireMonth: z.number("must be a number").int("must be a whole number").min(1).max(12, "must be 1 to 12"),
      cvv2: z.string("must be a string").regex(/^\d{3,4}$/, "must be 3 or 4 digits"),
    },
    "must be an object",
  )
  .strict();

export function paymentInfoToApi(info: PaymentInfo) {
  return {
    type: info.type,
    number: info.number,
    expire_year: info.expireYear,
    expire_month: info.expireMonth,
    cvv2: info.cvv2,
  };
}

/**
 * The card as kept in the outputs. The store shows the number masked; when the masked card is the one declared
 * (same last four digits and other fields), the declared one is kept, otherwise the masked one (a drift that the
 * next update resends over).
 */
export function paymentInfoFromApi(shown: unknown, declared: PaymentInfo | undefined): PaymentInfo | null {
  if (!shown || typeof shown !== "object" || !("number" in shown)) return null;
  const card = shown as Record<string, unknown>;
  const asShown: PaymentInfo = {
    type: card.type as string,
    number: String(card.number),
    expireYear: card.expire_year as number,
    expireMonth: card.expire_month as number,
    cvv2: card.cvv2 as string,
  };
  if (
    declared &&
    declared.number.slice(-4) === asShown.number.slice(-4) &&
    declared.type === asShown.type &&
    String(declared.expireYear) === String(asShown.expireYear) &&
    String(declared.expireMonth) === String(asShown.expireMonth) &&
    String(declared.cvv2) === String(asShown.cvv2)
  ) {
    return declared;
  }
  return asShown;
}

/** The tax address as kept in the outputs (the store omits it when there is none). */
export function taxAddressFromApi(value: unknown): TaxAddress | null {
  if (!value || typeof value !== "object" || !("street" in value)) return null;
  return value as TaxAddress;
}
