import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { sharedPath } from "./shared";

/**
 * Loader for the recorded Scaleway IAM traffic in ../shared/fixtures/scaleway-iam-cassettes (go-vcr v2 YAML).
 * Bodies are parsed JSON (undefined when empty); query strings are parsed into multi-maps (from go-vcr's `form`, see
 * recordedQuery); header names are lower-case and multiple values are joined with ", " as HTTP allows.
 */

export type Query = Record<string, string[]>;
export type Headers = Record<string, string>;

export interface RecordedRequest {
  method: string;
  /** The full recorded URL, e.g. https://api.scaleway.com/iam/v1alpha1/rules?policy_id=... */
  url: string;
  /** Path without query, e.g. /iam/v1alpha1/rules */
  path: string;
  query: Query;
  /** Parsed JSON, the raw text when the body is not JSON, undefined when empty. */
  body: unknown;
  bodyText: string;
  headers: Headers;
}

export interface RecordedResponse {
  status: number;
  /** Reason phrase from the recorded status line ("OK", "No Content", ...). */
  statusText: string;
  body: unknown;
  bodyText: string;
  headers: Headers;
}

export interface Interaction {
  /** Position in the cassette (go-vcr `id`). */
  index: number;
  request: RecordedRequest;
  response: RecordedResponse;
}

export interface Cassette {
  name: string;
  file: string;
  interactions: Interaction[];
}

export const cassetteDir = sharedPath("fixtures", "scaleway-iam-cassettes");
const suffix = ".cassette.yaml";

/** Names of all cassettes (file names without `.cassette.yaml`), sorted. */
export function listCassettes(): string[] {
  return readdirSync(cassetteDir)
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length))
    .sort();
}

const cache = new Map<string, Cassette>();

export function loadCassette(name: string): Cassette {
  const cached = cache.get(name);
  if (cached) return cached;
  const file = path.join(cassetteDir, name.endsWith(suffix) ? name : name + suffix);
  const raw = parseYaml(readFileSync(file, "utf8")) as { version?: number; interactions?: unknown[] };
  if (raw?.version !== 2) throw new Error(`${file}: expected a go-vcr v2 cassette, got version ${raw?.version}`);
  if (!Array.isArray(raw.interactions)) throw new Error(`${file}: no interactions list`);
  const cassette: Cassette = {
    name: path.basename(file, suffix),
    file,
    interactions: raw.interactions.map((entry, i) => toInteraction(entry, i, file)),
  };
  cache.set(name, cassette);
  return cassette;
}

export function loadAllCassettes(): Cassette[] {
  return listCassettes().map(loadCassette);
}

function toInteraction(entry: any, position: number, file: string): Interaction {
  const where = `${file} interaction ${position}`;
  const req = entry?.request;
  const res = entry?.response;
  if (!req || !res) throw new Error(`${where}: missing request or response`);
  if (typeof req.method !== "string" || typeof req.url !== "string") throw new Error(`${where}: missing method/url`);
  const url = new URL(req.url);
  const requestHeaders = toHeaders(req.headers);
  const responseHeaders = toHeaders(res.headers);
  const requestText = typeof req.body === "string" ? req.body : "";
  const responseText = typeof res.body === "string" ? res.body : "";
  const statusLine = String(res.status ?? "");
  const status = typeof res.code === "number" ? res.code : Number.parseInt(statusLine, 10);
  if (!Number.isInteger(status)) throw new Error(`${where}: no status code`);
  return {
    index: typeof entry.id === "number" ? entry.id : position,
    request: {
      method: req.method.toUpperCase(),
      url: req.url,
      path: url.pathname,
      query: recordedQuery(req.form, url),
      body: parseBody(requestText, requestHeaders["content-type"], `${where} request`),
      bodyText: requestText,
      headers: requestHeaders,
    },
    response: {
      status,
      statusText: statusLine.replace(/^\d+\s*/, ""),
      body: parseBody(responseText, responseHeaders["content-type"], `${where} response`),
      bodyText: responseText,
      headers: responseHeaders,
    },
  };
}

/**
 * go-vcr stores the query it parsed before sanitizing (`form`) beside the URL. Some URLs were sanitized afterwards
 * (list-iam-policies-basic has `organization_id=11111111-...` in the URL, the real organization in `form` and in the
 * bodies), so `form` is the truth a client's request must match; the URL's query serves when there is no `form`.
 */
function recordedQuery(form: unknown, url: URL): Query {
  if (!form || typeof form !== "object") return parseQuery(url.search);
  return Object.fromEntries(
    Object.entries(form).map(([key, values]) => [key, (Array.isArray(values) ? values : [values]).map(String)]),
  );
}

/** Parses `?a=1&a=2&b=x` into `{a: ["1","2"], b: ["x"]}`. Accepts a search string, a URL or URLSearchParams. */
export function parseQuery(search: string | URL | URLSearchParams): Query {
  const params =
    search instanceof URLSearchParams
      ? search
      : search instanceof URL
        ? search.searchParams
        : new URLSearchParams(search);
  const query: Query = {};
  for (const [key, value] of params) query[key] = [...(query[key] ?? []), value];
  return query;
}

/** The inverse of parseQuery: `?a=1&a=2&b=x`, or "" for an empty query. */
export function querySuffix(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, values] of Object.entries(query)) for (const value of values) params.append(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

function toHeaders(raw: unknown): Headers {
  const headers: Headers = {};
  if (!raw || typeof raw !== "object") return headers;
  for (const [name, value] of Object.entries(raw)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.map(String).join(", ") : String(value);
  }
  return headers;
}

function parseBody(text: string, contentType: string | undefined, where: string): unknown {
  if (text === "") return undefined;
  const looksJson = /json/i.test(contentType ?? "") || /^\s*[[{"]/.test(text);
  if (!looksJson) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: body is not valid JSON: ${(error as Error).message}`);
  }
}
