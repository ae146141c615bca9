import type { CurrencyState, Limits, PaymentInfo, TaxAddress } from "./state";

/**
 * A Python exception raised by a WStore helper. Views report it in one of two ways, and they differ for a KeyError:
 * `e.message` is the bare key ("street") while `unicode(e)` is its repr ("u'street'").
 */
export class PythonError extends Error {
  constructor(
    message: string,
    /** `unicode(e)`. */
    readonly text = message,
  ) {
    super(message);
  }

  static keyError(key: string): PythonError {
    return new PythonError(key, `u'${key}'`);
  }
}

/**
 * WStore's `is_valid_id`: `re.match('^[\w -]+$')` with Python 2 semantics, where `\w` is ASCII for these patterns
 * and `$` also matches before one trailing newline.
 */
export function isValidId(value: unknown): value is string {
  return typeof value === "string" && /^[\w -]+\n?$/.test(value);
}

/** WStore's `is_valid_url` (store_commons/utils/url.py), case-insensitive. */
const URL_PATTERN =
  /^https?:\/\/(?:(?:\w(?:[\w-]{0,61}\w)?\.)+\w{2,6}\.?|localhost|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?::\d+)?(?:\/?|[/?]\S+)\n?$/i;

export function isValidUrl(value: unknown): value is string {
  return typeof value === "string" && URL_PATTERN.test(value);
}

/** Python's `str.isdigit()` for what JSON can carry: a non-empty string of digits. */
export function isDigitString(value: unknown): value is string {
  return typeof value === "string" && /^\d+$/.test(value);
}

export function addSlash(host: string): string {
  return host.endsWith("/") ? host : `${host}/`;
}

const LIMIT_TYPES = ["perTransaction", "weekly", "daily", "monthly"] as const;

function isValidCurrency(currencies: CurrencyState, currency: unknown): boolean {
  if (typeof currency !== "string") throw new PythonError(`'${pythonType(currency)}' object has no attribute 'lower'`);
  return currencies.allowed.some((entry) => entry.currency.toLowerCase() === currency.toLowerCase());
}

/**
 * `_check_limits`: values that are numbers or digit strings are kept (as floats), anything else is dropped without
 * a word; the currency defaults to the store's default and must be one of its currencies. An empty result means
 * "no limits given". Throws what Python raises.
 */
export function checkLimits(currencies: CurrencyState, raw: unknown): Limits {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PythonError(`'${pythonType(raw)}' object does not support item assignment`);
  }
  const given = raw as Record<string, unknown>;
  let currency = given.currency;
  if (!("currency" in given)) {
    if (currencies.default === undefined) throw PythonError.keyError("default");
    currency = currencies.default;
  } else if (!isValidCurrency(currencies, currency)) {
    throw new PythonError("Invalid currency");
  }
  const limits: Limits = {};
  for (const type of LIMIT_TYPES) {
    const value = given[type];
    if (typeof value === "number" || isDigitString(value)) limits[type] = Number(value);
  }
  if (Object.keys(limits).length > 0) limits.currency = currency as string;
  return limits;
}

const REVENUE_CLASSES = ["single-payment", "subscription", "use"];

/** Python's `float(x)` for JSON values: numbers, booleans and numeric strings (infinities and NaN refused here). */
function pythonFloat(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string" && /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?\s*$/i.test(value)) return Number(value);
  return undefined;
}

/** `_check_revenue_models`: exactly the three classes under the key `class`, percentages 0–100. */
export function checkRevenueModels(raw: unknown): { revenue_class: string; percentage: number }[] {
  if (typeof raw !== "object" && typeof raw !== "string") {
    throw new PythonError(`'${pythonType(raw)}' object is not iterable`);
  }
  // Python iterates a dict's keys and a string's characters: neither is a model.
  const items: unknown[] = Array.isArray(raw) ? raw : raw === null ? [] : Object.keys(raw);
  if (raw === null) throw new PythonError("'NoneType' object is not iterable");
  const models: { revenue_class: string; percentage: number }[] = [];
  const found: string[] = [];
  for (const item of items) {
    const model =
      typeof item === "object" && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
    if (!("class" in model) || !("percentage" in model)) {
      throw new PythonError("Invalid revenue sharing model: Missing a required field");
    }
    if (typeof model.class !== "string" || !REVENUE_CLASSES.includes(model.class)) {
      throw new PythonError("Invalid revenue sharing model: Invalid product class");
    }
    found.push(model.class);
    const percentage = pythonFloat(model.percentage);
    if (percentage === undefined) throw new PythonError("Invalid revenue sharing model: Invalid percentage type");
    if (percentage < 0 || percentage > 100) {
      throw new PythonError("Invalid revenue sharing model: The percentage must be a number between 0 and 100");
    }
    models.push({ revenue_class: model.class, percentage });
  }
  if (found.length !== 3 || !REVENUE_CLASSES.every((revenueClass) => found.includes(revenueClass))) {
    throw new PythonError("Invalid revenue sharing model: Missing a required product class");
  }
  return models;
}

/**
 * A percentage as WStore shows it: `unicode(model.percentage)` of a DecimalField with two decimal places, so 10
 * reads back as "10.00" and 12.5 as "12.50".
 */
export function showPercentage(percentage: number): string {
  return percentage.toFixed(2);
}

export function isValidCreditCard(number: unknown): boolean {
  return typeof number === "string" && /^\d{16}$/.test(number);
}

/** A masked number as GET shows it ("xxxxxxxxxxxx" + last four) stands for the stored card. */
export function isHiddenCreditCard(number: string, stored: string): boolean {
  return number.startsWith("xxxxxxxxxxxx") && number.slice(12) === stored.slice(12);
}

export function maskCard(info: PaymentInfo): PaymentInfo {
  return {
    number: `xxxxxxxxxxxx${info.number.slice(-4)}`,
    type: info.type,
    expire_year: info.expire_year,
    expire_month: info.expire_month,
    cvv2: info.cvv2,
  };
}

/** `{street, postal, city, country}` read key by key: a missing key is a KeyError. */
export function readTaxAddress(raw: unknown): TaxAddress {
  const fields = requireObject(raw);
  const address: Record<string, unknown> = {};
  for (const key of ["street", "postal", "city", "country"]) {
    if (!(key in fields)) throw PythonError.keyError(key);
    address[key] = fields[key];
  }
  return address as unknown as TaxAddress;
}

/** The card fields read key by key; `number` is checked (or matched against the stored card) by the caller. */
export function readPaymentInfo(raw: unknown, number: string): PaymentInfo {
  const fields = requireObject(raw);
  const info: Record<string, unknown> = { type: undefined, number };
  for (const key of ["type", "expire_year", "expire_month", "cvv2"]) {
    if (!(key in fields)) throw PythonError.keyError(key);
    info[key] = fields[key];
  }
  return info as unknown as PaymentInfo;
}

export function requireObject(raw: unknown): Record<string, unknown> {
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) return raw as Record<string, unknown>;
  throw new PythonError(`'${pythonType(raw)}' object has no attribute '__getitem__'`);
}

export function pythonType(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "unicode";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return "dict";
}

/** Python truthiness of a JSON value: empty strings, lists and objects, 0, false and null are false. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object" && value !== null) return Object.keys(value).length > 0;
  return Boolean(value);
}
