import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { Sandbox } from "../../src/sandbox";
import { numspotContract } from "../support/numspot-openapi";
import { type Answer, numspot, numspotToken } from "./helpers";

/**
 * Numspot calls over real HTTP that keep every exchange, and the judge of them: Numspot's OpenAPI (through
 * test/support/numspot-openapi.ts) for the operations it publishes, and the redoc document for the role paths no
 * published spec has (DESIGN §2.3: role create, PATCH, DELETE, and permission POST/DELETE), whose bodies are checked
 * against the redoc's shapes and the OpenAPI's own components (RegisteredRole, Error, BadRequestError).
 */

export interface Exchange {
  method: string;
  url: string;
  requestBody: unknown;
  status: number;
  contentType?: string;
  body: unknown;
}

export interface NumspotSession {
  token: string;
  organisationId: string;
  call(method: string, url: string, body?: unknown): Promise<Answer>;
  exchanges: Exchange[];
}

export async function numspotSession(sandbox: Sandbox): Promise<NumspotSession> {
  const token = (await numspotToken(sandbox)).body.access_token as string;
  const exchanges: Exchange[] = [];
  return {
    token,
    organisationId: sandbox.credentials.numspotOrganisationId,
    exchanges,
    async call(method, url, body) {
      const answer = await numspot(sandbox, token, method, url, body);
      exchanges.push({
        method,
        url,
        requestBody: body,
        status: answer.status,
        contentType: answer.headers.get("content-type") ?? undefined,
        body: answer.body,
      });
      return answer;
    },
  };
}

const UUID = { type: "string", format: "uuid" };
const ROLE_SCOPE = "^/iam/(organisations|spaces)/[^/]+/roles";

/** The redoc document's role operations that the OpenAPI lacks: request body schema and documented statuses. */
const OFF_SPEC: Array<{
  operationId: string;
  method: string;
  path: RegExp;
  request?: object;
  /** status → component schema of the answer (undefined: no body). */
  responses: Record<number, string | undefined>;
}> = [
  {
    operationId: "CreateRole",
    method: "POST",
    path: new RegExp(`${ROLE_SCOPE}$`),
    request: {
      type: "object",
      required: ["name", "description"],
      properties: { name: { type: "string" }, description: { type: "string" } },
    },
    responses: { 201: "RegisteredRole", 400: "BadRequestError", 401: "Error", 403: "Error", 409: "Error" },
  },
  {
    operationId: "UpdateRole",
    method: "PATCH",
    path: new RegExp(`${ROLE_SCOPE}/[^/]+$`),
    request: { type: "object", properties: { name: { type: "string" }, description: { type: "string" } } },
    responses: { 200: "RegisteredRole", 400: "BadRequestError", 403: "Error", 404: "Error", 409: "Error" },
  },
  {
    operationId: "DeleteRole",
    method: "DELETE",
    path: new RegExp(`${ROLE_SCOPE}/[^/]+$`),
    responses: { 204: undefined, 400: "BadRequestError", 403: "Error", 404: "Error" },
  },
  ...(["POST", "DELETE"] as const).map((method) => ({
    operationId: method === "POST" ? "AddRolePermissions" : "RemoveRolePermissions",
    method,
    path: new RegExp(`${ROLE_SCOPE}/[^/]+/permissions$`),
    request: {
      type: "object",
      required: ["permissions"],
      properties: { permissions: { type: "array", minItems: 1, maxItems: 100, items: UUID } },
    },
    responses: { 200: "RolePermissions", 400: "BadRequestError", 403: "Error", 404: "Error" },
  })),
];

let ajv: Ajv2020 | undefined;
function offSpecAjv(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
  }
  return ajv;
}

/**
 * Refusals the spec cannot see: rules of the server beyond the document's schemas (duplicates, unknown references,
 * a busy cluster), each named by a violation or a specific problem type.
 */
function refusedOnPurpose(body: any): boolean {
  return Array.isArray(body?.violations) && body.violations.length > 0;
}

/** Operations answered with a 400 the spec does not list for them (see problemsOf), as `OperationId 400`. */
export const undocumented = new Set<string>();

/** Every problem with the exchanges, as readable lines; empty when all of them conform. */
export function problemsOf(exchanges: readonly Exchange[]): string[] {
  const contract = numspotContract();
  const problems: string[] = [];
  for (const { method, url, requestBody, status, contentType, body } of exchanges) {
    const path = url.split("?")[0]!;
    const where = `${method} ${url} → ${status}`;
    const off = OFF_SPEC.find((entry) => entry.method === method && entry.path.test(path));
    if (off && !contract.operation(method, path)) {
      if (off.request) {
        const validate = offSpecAjv().compile(off.request);
        if (!validate(requestBody) && status < 400) {
          problems.push(`${where} request: ${JSON.stringify(validate.errors)}`);
        }
      }
      if (!(status in off.responses)) problems.push(`${where}: status not documented for ${off.operationId}`);
      const schema = off.responses[status];
      if (schema === "RolePermissions") {
        const validate = offSpecAjv().compile({
          type: "object",
          required: ["permissions"],
          properties: { permissions: { type: "array", items: UUID } },
          additionalProperties: false,
        });
        if (!validate(body)) problems.push(`${where} answer: ${JSON.stringify(validate.errors)}`);
      } else if (schema !== undefined) {
        if (status >= 400 && contentType !== "application/problem+json") {
          problems.push(`${where} answer: content type ${contentType}, not application/problem+json`);
        }
        for (const error of contract.validateSchema(schema, body)) problems.push(`${where} answer: ${error}`);
      } else if (body !== undefined) {
        problems.push(`${where} answer: documented without a body`);
      }
      continue;
    }
    const requestErrors = contract.validateRequest(
      method,
      url,
      requestBody,
      requestBody === undefined ? undefined : "application/json",
    );
    // A request the spec itself declares invalid must be refused; an accepted request must conform.
    if (status < 400) for (const error of requestErrors) problems.push(`${where} request: ${error}`);
    else if (status === 400 && requestErrors.length === 0 && !refusedOnPurpose(body)) {
      problems.push(`${where}: refused a request the spec accepts (${JSON.stringify(body)})`);
    }
    const answerErrors = contract.validateResponse(method, path, status, body, contentType);
    if (status === 400 && requestErrors.length > 0 && answerErrors.some((error) => /is not documented/.test(error))) {
      // Numspot declares these parameters (uuid, page bounds, the query's names) and refuses what breaks them with
      // a 400 even where the operation lists no 400: the answer must still be the spec's BadRequestError.
      undocumented.add(`${contract.operation(method, path)?.operationId} 400`);
      for (const error of contract.validateSchema("BadRequestError", body)) problems.push(`${where} answer: ${error}`);
      continue;
    }
    for (const error of answerErrors) problems.push(`${where} answer: ${error}`);
  }
  return problems;
}

/** `OperationId status` of each exchange (off-spec ones by their redoc name), to show what a run covered. */
export function coverageOf(exchanges: readonly Exchange[]): Set<string> {
  const contract = numspotContract();
  const seen = new Set<string>();
  for (const { method, url, status } of exchanges) {
    const path = url.split("?")[0]!;
    const id =
      contract.operation(method, path)?.operationId ??
      OFF_SPEC.find((entry) => entry.method === method && entry.path.test(path))?.operationId ??
      "?";
    seen.add(`${id} ${status}`);
  }
  return seen;
}
