import { queryValue, type SandboxRequest } from "../http/request";
import type { ArgumentErrors } from "./errors";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Names: 1–64 characters of words, dots, dashes and parentheses, single spaces between groups. */
export const NAME_PATTERN = /^[\w().-]+( +[\w().-]+)*$/;
export const MAX_DESCRIPTION = 200;
export const MAX_TAGS = 10;

export function checkName(errors: ArgumentErrors, field: string, value: unknown): void {
  if (typeof value !== "string") errors.constraint(field, "must be a string");
  else if (value.length < 1 || value.length > 64) errors.constraint(field, "length must be between 1 and 64");
  else if (!NAME_PATTERN.test(value)) errors.constraint(field, `must match ${NAME_PATTERN.source}`);
}

export function checkDescription(errors: ArgumentErrors, field: string, value: unknown): void {
  if (typeof value !== "string") errors.constraint(field, "must be a string");
  else if (value.length > MAX_DESCRIPTION) errors.constraint(field, `length must be at most ${MAX_DESCRIPTION}`);
}

export function checkTags(errors: ArgumentErrors, field: string, value: unknown): void {
  if (!Array.isArray(value) || value.some((tag) => typeof tag !== "string")) {
    errors.constraint(field, "must be an array of strings");
  } else if (value.length > MAX_TAGS) {
    errors.constraint(field, `must contain at most ${MAX_TAGS} items`);
  }
}

/** A boolean query filter: undefined when absent; "true"/"false" otherwise (anything else is an argument error). */
export function booleanFilter(request: SandboxRequest, name: string, errors: ArgumentErrors): boolean | undefined {
  const value = queryValue(request, name);
  if (value === undefined || value === "") return undefined;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  errors.constraint(name, "must be a boolean");
  return undefined;
}

export function enumFilter<T extends string>(
  request: SandboxRequest,
  name: string,
  allowed: readonly T[],
  errors: ArgumentErrors,
): T | undefined {
  const value = queryValue(request, name);
  if (value === undefined || value === "") return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  errors.constraint(name, `must be one of ${allowed.join(", ")}`);
  return undefined;
}

type SortKey = string | number | null | undefined;

/**
 * `order_by=<field>_asc|<field>_desc` over the given fields (default created_at_asc, or the spec's default for the
 * collection). Sorting is stable, so records with equal keys keep their creation order.
 */
export function ordered<T>(
  request: SandboxRequest,
  items: T[],
  fields: Record<string, (item: T) => SortKey>,
  errors: ArgumentErrors,
  fallback = "created_at_asc",
): T[] {
  const allowed = Object.keys(fields).flatMap((field) => [`${field}_asc`, `${field}_desc`]);
  const orderBy = enumFilter(request, "order_by", allowed, errors) ?? fallback;
  const descending = orderBy.endsWith("_desc");
  const key = fields[orderBy.replace(/_(asc|desc)$/, "")]!;
  const sorted = [...items].sort((a, b) => compare(key(a), key(b)));
  return descending ? sorted.reverse() : sorted;
}

function compare(a: SortKey, b: SortKey): number {
  // Absent values (an API key that never expires) sort after every present one.
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return a < b ? -1 : 1;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** `page` (from 1) and `page_size` (1–100, default 20). */
export function paginate<T>(request: SandboxRequest, items: T[], errors: ArgumentErrors): Page<T> {
  const page = integerParam(request, "page", 1, 1, Number.MAX_SAFE_INTEGER, errors);
  const size = integerParam(request, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, errors);
  const start = (page - 1) * size;
  return { items: items.slice(start, start + size), total: items.length };
}

function integerParam(
  request: SandboxRequest,
  name: string,
  fallback: number,
  min: number,
  max: number,
  errors: ArgumentErrors,
): number {
  const raw = queryValue(request, name);
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    errors.constraint(
      name,
      max === Number.MAX_SAFE_INTEGER ? `must be >= ${min}` : `must be between ${min} and ${max}`,
    );
    return fallback;
  }
  return value;
}
