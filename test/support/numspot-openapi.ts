import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parse as parseYaml } from "yaml";
import { sharedPath } from "./shared";

/**
 * Numspot's own OpenAPI (../shared/specs/numspot-iam-openshift.openapi.yaml, OpenAPI 3.1, european-20250505) as a
 * contract: find the operation of a concrete request, validate paths, queries, request bodies and responses with ajv.
 *
 * The document is used as written except where, read literally, it would reject what it plainly means (each change is
 * made once, in `prepare`, and listed in `contract.adjustments`):
 * - `additionalProperties: false` on schemas composed with `allOf` (PaginatedList, BadRequestError, ...) is read as
 *   the authors meant it, "no properties beyond those of the composition": members of an `allOf` lose it, and a
 *   schema whose own properties come from `allOf` gets `unevaluatedProperties: false` instead. Read literally,
 *   every SpacePaginatedList with `items` would be invalid;
 * - `Error.instance` is a URI reference (RFC 9457 §3.1.5, and the document's own example `/foo/...`), not a full URI;
 * - formats ajv does not know (`string`, `uuid4`) are registered: `uuid4` as a UUID, `string` as any string.
 * OpenAPI 3.0 `nullable: true`, still used in places, is understood by ajv itself; `example`, `x-*` and
 * `discriminator` are ignored (`strict: false`).
 *
 * The real API base is https://api.<region>.numspot.com with no base path, so concrete paths are matched as they are.
 */

export const numspotOpenApiFile = sharedPath("specs", "numspot-iam-openshift.openapi.yaml");

const DOC_ID = "numspot-openapi";
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OperationRef {
  operationId: string;
  method: string;
  pathTemplate: string;
  pathParams: Record<string, string>;
}

export type QueryInput = URLSearchParams | string | Record<string, string | string[] | undefined>;

export interface NumspotContract {
  /** The prepared document (after the adjustments above). */
  document: any;
  adjustments: string[];
  operations(): Array<{ operationId: string; method: string; pathTemplate: string }>;
  operation(method: string, concretePath: string): OperationRef | undefined;
  validatePath(method: string, concretePath: string): string[];
  /** `query` defaults to the query string of `concretePath` (so a full URL can be passed alone). */
  validateQuery(method: string, concretePath: string, query?: QueryInput): string[];
  /** `body`: parsed JSON, or a form-encoded string for form operations (POST /iam/token). */
  validateRequestBody(method: string, concretePath: string, body: unknown, contentType?: string): string[];
  validateResponse(method: string, concretePath: string, status: number, body: unknown, contentType?: string): string[];
  /** Path, query and body errors of one request. */
  validateRequest(method: string, url: string, body?: unknown, contentType?: string): string[];
  /** Validates a value against `#/components/schemas/<name>`. */
  validateSchema(name: string, value: unknown): string[];
  /**
   * A value built from a component schema name or a schema object of the document (examples, defaults, first enum
   * values, format-shaped strings). Good for the IAM, space and OpenShift schemas; not for the self-service flows.
   */
  sample(schema: string | object): any;
}

let cached: NumspotContract | undefined;

export function numspotContract(): NumspotContract {
  cached ??= build(parseYaml(readFileSync(numspotOpenApiFile, "utf8")));
  return cached;
}

interface Route {
  method: string;
  template: string;
  segments: string[];
  op: any;
  pathItem: any;
}

function build(raw: any): NumspotContract {
  const { document, adjustments } = prepare(structuredClone(raw));
  const makeAjv = (coerce: boolean) => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, coerceTypes: coerce && "array" });
    addFormats(ajv);
    ajv.addFormat("uuid4", UUID);
    ajv.addFormat("string", () => true);
    ajv.addSchema(document, DOC_ID);
    return ajv;
  };
  const strictAjv = makeAjv(false);
  // Query and path parameters arrive as strings: coerce them to the declared types before checking.
  const coercingAjv = makeAjv(true);
  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string, coerce = false): ValidateFunction => {
    const key = `${coerce}:${pointer}`;
    let fn = validators.get(key);
    if (!fn) {
      fn = (coerce ? coercingAjv : strictAjv).compile({ $ref: `${DOC_ID}#${pointer}` });
      validators.set(key, fn);
    }
    return fn;
  };
  const check = (pointer: string, value: unknown, label: string, coerce = false): string[] => {
    const fn = validatorAt(pointer, coerce);
    return fn(value) ? [] : formatErrors(fn.errors ?? [], label);
  };

  const routes: Route[] = [];
  for (const [template, pathItem] of Object.entries<any>(document.paths ?? {})) {
    const segments = template.split("/").slice(1);
    for (const method of METHODS) {
      const op = pathItem[method];
      if (!op) continue;
      routes.push({ method: method.toUpperCase(), template, segments, op, pathItem });
    }
  }

  const matchPath = (concretePath: string): Array<{ route: Route; params: Record<string, string> }> => {
    const parts = pathOf(concretePath).split("/").slice(1);
    const found: Array<{ route: Route; params: Record<string, string> }> = [];
    for (const route of routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((seg, i) => {
        if (seg.startsWith("{") && seg.endsWith("}")) {
          if (parts[i] === "") return false;
          params[seg.slice(1, -1)] = decodeURIComponent(parts[i]);
          return true;
        }
        return seg === parts[i];
      });
      if (ok) found.push({ route, params });
    }
    return found;
  };

  const find = (method: string, concretePath: string) =>
    matchPath(concretePath).find((m) => m.route.method === method.toUpperCase());

  const missing = (method: string, concretePath: string): string[] => {
    const others = [...new Set(matchPath(concretePath).map((m) => m.route.method))].sort();
    const hint = others.length ? ` (the path exists for ${others.join(", ")})` : "";
    return [`no such operation in the OpenAPI: ${method.toUpperCase()} ${pathOf(concretePath)}${hint}`];
  };

  const deref = (pointer: string): { node: any; pointer: string } => {
    let node = at(document, pointer);
    for (let hops = 0; node && typeof node.$ref === "string" && hops < 20; hops++) {
      pointer = node.$ref.slice(1);
      node = at(document, pointer);
    }
    return { node, pointer };
  };

  const routePointer = (route: Route) => `/paths/${escapePointer(route.template)}`;

  /** Path-level and operation-level parameters (the latter win), resolved, with the pointer of their schema. */
  const parameters = (route: Route) => {
    const byKey = new Map<string, { param: any; schemaPointer: string }>();
    const base = routePointer(route);
    const collect = (list: unknown, listPointer: string) => {
      if (!Array.isArray(list)) return;
      list.forEach((_, i) => {
        const { node, pointer } = deref(`${listPointer}/${i}`);
        if (node?.name) byKey.set(`${node.in}:${node.name}`, { param: node, schemaPointer: `${pointer}/schema` });
      });
    };
    collect(route.pathItem.parameters, `${base}/parameters`);
    collect(route.op.parameters, `${base}/${route.method.toLowerCase()}/parameters`);
    return [...byKey.values()];
  };

  const contract: NumspotContract = {
    document,
    adjustments,
    operations: () =>
      routes.map((r) => ({ operationId: r.op.operationId, method: r.method, pathTemplate: r.template })),

    operation(method, concretePath) {
      const hit = find(method, concretePath);
      if (!hit) return undefined;
      return {
        operationId: hit.route.op.operationId,
        method: hit.route.method,
        pathTemplate: hit.route.template,
        pathParams: hit.params,
      };
    },

    validatePath(method, concretePath) {
      const hit = find(method, concretePath);
      if (!hit) return missing(method, concretePath);
      const errors: string[] = [];
      for (const { param, schemaPointer } of parameters(hit.route)) {
        if (param.in !== "path") continue;
        const value = hit.params[param.name];
        errors.push(...check(schemaPointer, value, `path parameter ${param.name}`, true));
      }
      return errors;
    },

    validateQuery(method, concretePath, query) {
      const hit = find(method, concretePath);
      if (!hit) return missing(method, concretePath);
      const entries = queryEntries(query ?? concretePath.slice(concretePath.indexOf("?") + 1 || concretePath.length));
      const declared = parameters(hit.route).filter((p) => p.param.in === "query");
      const errors: string[] = [];
      const seen = new Set<string>();
      for (const { param, schemaPointer } of declared) {
        const schema = deref(schemaPointer).node ?? {};
        let value: unknown;
        if (param.style === "deepObject") {
          const prefix = `${param.name}[`;
          const props: Record<string, string> = {};
          for (const [key, values] of entries) {
            if (!key.startsWith(prefix) || !key.endsWith("]")) continue;
            seen.add(key);
            const prop = key.slice(prefix.length, -1);
            if (schema.properties && !(prop in schema.properties)) {
              errors.push(`query parameter ${key}: ${param.name} has no property "${prop}"`);
            }
            props[prop] = values[values.length - 1];
          }
          if (Object.keys(props).length) value = props;
        } else {
          const values = entries.get(param.name);
          if (values) {
            seen.add(param.name);
            if (values.length > 1 && schema.type !== "array") {
              errors.push(`query parameter ${param.name}: given ${values.length} times, takes one value`);
            }
            value = schema.type === "array" ? [...values] : values[values.length - 1];
          }
        }
        if (value === undefined) {
          if (param.required) errors.push(`query parameter ${param.name}: required but missing`);
          continue;
        }
        errors.push(...check(schemaPointer, value, `query parameter ${param.name}`, true));
      }
      for (const key of entries.keys()) {
        if (!seen.has(key)) {
          const known = declared.map((p) => (p.param.style === "deepObject" ? `${p.param.name}[...]` : p.param.name));
          errors.push(
            `unknown query parameter "${key}" for ${hit.route.op.operationId} (declared: ${known.join(", ") || "none"})`,
          );
        }
      }
      return errors;
    },

    validateRequestBody(method, concretePath, body, contentType) {
      const hit = find(method, concretePath);
      if (!hit) return missing(method, concretePath);
      const opId = hit.route.op.operationId;
      const { node: requestBody, pointer } = deref(
        `${routePointer(hit.route)}/${hit.route.method.toLowerCase()}/requestBody`,
      );
      const empty = body === undefined || body === "";
      if (!requestBody) return empty ? [] : [`${opId} takes no request body, got ${preview(body)}`];
      if (empty) return requestBody.required ? [`${opId}: request body required but missing`] : [];
      const media = pickMedia(requestBody.content, contentType);
      if (!media) {
        return [
          `${opId}: content type ${contentType} not accepted (accepts ${Object.keys(requestBody.content ?? {}).join(", ")})`,
        ];
      }
      let value = body;
      if (media === "application/x-www-form-urlencoded" && typeof body === "string") value = formToObject(body);
      return check(`${pointer}/content/${escapePointer(media)}/schema`, value, "body");
    },

    validateResponse(method, concretePath, status, body, contentType) {
      const hit = find(method, concretePath);
      if (!hit) return missing(method, concretePath);
      const opId = hit.route.op.operationId;
      const responsesPointer = `${routePointer(hit.route)}/${hit.route.method.toLowerCase()}/responses`;
      const responses = at(document, responsesPointer) ?? {};
      const key = [String(status), `${String(status)[0]}XX`, "default"].find((k) => k in responses);
      if (!key)
        return [`${opId}: status ${status} is not documented (documented: ${Object.keys(responses).join(", ")})`];
      const { node: response, pointer } = deref(`${responsesPointer}/${escapePointer(key)}`);
      const empty = body === undefined || body === "";
      if (!response?.content)
        return empty ? [] : [`${opId} ${status}: documented without a body, got ${preview(body)}`];
      if (empty) return [`${opId} ${status}: a body is documented but none was given`];
      const media = pickMedia(response.content, contentType);
      if (!media) {
        return [
          `${opId} ${status}: content type ${contentType} not documented (documented: ${Object.keys(response.content).join(", ")})`,
        ];
      }
      return check(`${pointer}/content/${escapePointer(media)}/schema`, body, "body");
    },

    validateRequest(method, url, body, contentType) {
      if (!find(method, url)) return missing(method, url);
      return [
        ...contract.validatePath(method, url),
        ...contract.validateQuery(method, url),
        ...contract.validateRequestBody(method, url, body, contentType),
      ];
    },

    validateSchema(name, value) {
      if (!document.components?.schemas?.[name]) return [`no schema named ${name} in the OpenAPI`];
      return check(`/components/schemas/${escapePointer(name)}`, value, name);
    },

    sample(schema) {
      if (typeof schema !== "string") return sampleOf(document, schema, 0);
      if (!document.components?.schemas?.[schema]) throw new Error(`no schema named ${schema} in the OpenAPI`);
      return sampleOf(document, { $ref: `#/components/schemas/${escapePointer(schema)}` }, 0);
    },
  };
  return contract;
}

// ---------------------------------------------------------------------------------------------------------------
// Document preparation (see the header comment for why each step exists)

function prepare(document: any): { document: any; adjustments: string[] } {
  const adjustments: string[] = [];
  const schemas: Record<string, any> = document.components?.schemas ?? {};

  const instance = schemas.Error?.properties?.instance;
  if (instance) {
    schemas.Error.properties.instance = { description: instance.description, type: "string", format: "uri-reference" };
    adjustments.push("Error.instance read as a URI reference (RFC 9457)");
  }

  const strict = (s: any) => s && (s.additionalProperties === false || s.unevaluatedProperties === false);
  const relaxed = new Map<string, string>();
  const relax = (ref: string): string => {
    const name = ref.replace("#/components/schemas/", "");
    let copyName = relaxed.get(name);
    if (!copyName) {
      copyName = `${name}~allOfMember`;
      relaxed.set(name, copyName);
      const { additionalProperties: _a, unevaluatedProperties: _u, ...rest } = schemas[name];
      schemas[copyName] = structuredClone(rest);
      adjustments.push(`${name}: additionalProperties false dropped where it is an allOf member`);
    }
    return `#/components/schemas/${copyName}`;
  };
  walk(document, (node) => {
    if (!Array.isArray(node.allOf)) return;
    if (node.additionalProperties === false && !node.properties) {
      delete node.additionalProperties;
      node.unevaluatedProperties = false;
      adjustments.push(
        `${node.title ?? "a schema"}: additionalProperties false with allOf read as unevaluatedProperties`,
      );
    }
    for (const member of node.allOf) {
      if (typeof member.$ref === "string" && member.$ref.startsWith("#/components/schemas/")) {
        if (strict(schemas[member.$ref.replace("#/components/schemas/", "")])) member.$ref = relax(member.$ref);
      } else if (member.additionalProperties === false) {
        delete member.additionalProperties;
      }
    }
  });

  return { document, adjustments };
}

function walk(node: unknown, visit: (node: any) => void, seen = new Set<unknown>()): void {
  if (typeof node !== "object" || node === null || seen.has(node)) return;
  seen.add(node);
  if (!Array.isArray(node)) visit(node);
  for (const child of Object.values(node)) walk(child, visit, seen);
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function at(document: any, pointer: string): any {
  if (pointer === "" || pointer === "/") return document;
  let node = document;
  for (const raw of pointer.split("/").slice(1)) {
    if (node === undefined || node === null) return undefined;
    node = node[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function pathOf(concretePath: string): string {
  const withoutOrigin = concretePath.replace(/^[a-z]+:\/\/[^/]+/i, "");
  const end = withoutOrigin.search(/[?#]/);
  const path = end >= 0 ? withoutOrigin.slice(0, end) : withoutOrigin;
  return path.length > 1 ? path.replace(/\/+$/, "") : path || "/";
}

function queryEntries(query: QueryInput): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  const add = (key: string, value: string) => entries.set(key, [...(entries.get(key) ?? []), value]);
  if (typeof query === "string" || query instanceof URLSearchParams) {
    for (const [key, value] of new URLSearchParams(query)) add(key, value);
  } else {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) add(key, v);
    }
  }
  return entries;
}

function formToObject(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, values] of queryEntries(text)) out[key] = values.length === 1 ? values[0] : values;
  return out;
}

function pickMedia(content: Record<string, unknown> | undefined, contentType?: string): string | undefined {
  const types = Object.keys(content ?? {});
  if (contentType) {
    const wanted = contentType.split(";")[0].trim().toLowerCase();
    return types.find((t) => t.toLowerCase() === wanted);
  }
  return types.find((t) => /json/.test(t)) ?? types[0];
}

function preview(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}

function formatErrors(errors: ErrorObject[], label: string): string[] {
  const out = new Set<string>();
  for (const e of errors) {
    const where = label + e.instancePath.replace(/\/(\d+)(?=\/|$)/g, "[$1]").replace(/\//g, ".");
    const p = e.params as Record<string, unknown>;
    let message = e.message ?? e.keyword;
    if (e.keyword === "required") message = `missing required property "${p.missingProperty}"`;
    else if (e.keyword === "additionalProperties") message = `unknown property "${p.additionalProperty}"`;
    else if (e.keyword === "unevaluatedProperties") message = `unknown property "${p.unevaluatedProperty}"`;
    else if (e.keyword === "enum") message = `must be one of ${JSON.stringify(p.allowedValues)}`;
    out.add(`${where}: ${message}`);
  }
  return [...out];
}

function sampleOf(document: any, schema: any, depth: number, fillRequired = true): any {
  if (!schema || typeof schema !== "object" || depth > 12) return undefined;
  if (typeof schema.$ref === "string") {
    const target = at(document, schema.$ref.slice(1));
    const { $ref: _r, ...siblings } = schema;
    return sampleOf(document, { ...target, ...siblings }, depth + 1, fillRequired);
  }
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length) return structuredClone(schema.examples[0]);
  if (schema.example !== undefined) return structuredClone(schema.example);
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (Array.isArray(schema.enum)) return schema.enum.find((v: unknown) => v !== null);
  if (Array.isArray(schema.allOf)) {
    const { allOf, ...own } = schema;
    const parts = [...allOf, own].map((s: any) => sampleOf(document, s, depth + 1, false));
    const objects = parts.filter((p) => typeof p === "object" && p !== null && !Array.isArray(p));
    if (!objects.length) return parts.find((p) => p !== undefined);
    // Members contribute their properties; required names with no schema anywhere get a placeholder last.
    const out: Record<string, unknown> = {};
    for (const part of objects) for (const [k, v] of Object.entries(part)) if (!(k in out)) out[k] = v;
    return fillRequired ? withRequired(document, schema, out) : out;
  }
  for (const key of ["oneOf", "anyOf"]) {
    const options: any[] = (schema[key] ?? []).filter((s: any) => s.type !== "null");
    if (options.length) return sampleOf(document, options[0], depth + 1, fillRequired);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  switch (type ?? (schema.properties ? "object" : undefined)) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries<any>(schema.properties ?? {})) {
        const value = sampleOf(document, prop, depth + 1);
        if (value !== undefined) out[key] = value;
      }
      return fillRequired ? withRequired(document, schema, out) : out;
    }
    case "array": {
      const item = sampleOf(document, schema.items, depth + 1);
      return item === undefined ? [] : Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => item);
    }
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "string": {
      const byFormat: Record<string, string> = {
        uuid: "4d9a6a0e-1c2b-4f6e-9a3d-2b7c8e1f0a55",
        uuid4: "4d9a6a0e-1c2b-4f6e-9a3d-2b7c8e1f0a55",
        "date-time": "2025-05-05T10:00:00Z",
        date: "2025-05-05",
        uri: "https://example.com/",
        email: "user@example.com",
        duration: "PT1H",
      };
      const text = byFormat[schema.format] ?? "sample";
      return text.padEnd(schema.minLength ?? 0, "x").slice(0, schema.maxLength ?? text.length);
    }
    default:
      return undefined;
  }
}

function withRequired(document: any, schema: any, out: Record<string, unknown>): Record<string, unknown> {
  const required = new Set<string>();
  const collect = (s: any, depth: number) => {
    if (!s || typeof s !== "object" || depth > 12) return;
    if (typeof s.$ref === "string") collect(at(document, s.$ref.slice(1)), depth + 1);
    for (const name of s.required ?? []) required.add(name);
    for (const member of s.allOf ?? []) collect(member, depth + 1);
  };
  collect(schema, 0);
  for (const name of required) if (!(name in out)) out[name] = {};
  return out;
}
