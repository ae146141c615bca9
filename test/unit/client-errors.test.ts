import { describe, expect, it } from "vitest";
import {
  ApiError,
  BadRequestError,
  ConflictError,
  errorFromResponse,
  ForbiddenError,
  NotFoundError,
  parseErrorBody,
  RateLimitedError,
  redact,
  ServerError,
  TransientStateError,
  UnauthorizedError,
} from "../../src/client/errors";

const SCW_NOT_FOUND =
  '{"message":"resource is not found","resource":"application","resource_id":"63310857-3247-4094-bc70-58fd1cd82491","type":"not_found"}';
const SCW_INVALID =
  '{"details":[{"argument_name":"name","reason":"constraint","help_message":"must match ^[\\\\w().\\\\-]+( +[\\\\w().\\\\-]+)*$"}],"message":"invalid argument(s)","type":"invalid_arguments"}';

describe("parseErrorBody", () => {
  it("reads Scaleway {type, message} with the resource it is about", () => {
    const parsed = parseErrorBody("scaleway", 404, SCW_NOT_FOUND);
    expect(parsed.code).toBe("not_found");
    expect(parsed.message).toBe("resource is not found (application 63310857-3247-4094-bc70-58fd1cd82491)");
    expect(parsed.details).toMatchObject({ resource: "application", type: "not_found" });
  });

  it("puts Scaleway invalid_arguments details into the message", () => {
    const parsed = parseErrorBody("scaleway", 400, SCW_INVALID);
    expect(parsed.code).toBe("invalid_arguments");
    expect(parsed.message).toMatch(/^invalid argument\(s\): name \(must match/);
  });

  it("builds a Scaleway message when the body has only a type", () => {
    const parsed = parseErrorBody("account", 409, '{"type":"transient_state","resource":"group"}');
    expect(parsed).toMatchObject({ code: "transient_state", message: "transient state: group" });
  });

  it("reads Numspot problem+json (code = title, message = detail)", () => {
    const body = JSON.stringify({
      type: "https://portal.api.numspot.com/errors#unauthenticated_access",
      title: "Unauthorized",
      status: 401,
      detail: "Ensure valid credentials are provided.",
      instance: "/iam/spaces/x",
    });
    expect(parseErrorBody("numspot", 401, body)).toMatchObject({
      code: "Unauthorized",
      message: "Ensure valid credentials are provided.",
    });
    expect(parseErrorBody("numspot", 404, '{"type":"not-found"}')).toMatchObject({ code: "not-found" });
  });

  it("reads the Numspot OAuth2 token error", () => {
    const parsed = parseErrorBody("numspot", 401, '{"error":"invalid_client","error_description":"bad client"}');
    expect(parsed).toMatchObject({ code: "invalid_client", message: "bad client" });
  });

  it("reads a Sojobo bare JSON string", () => {
    expect(parseErrorBody("juju", 404, '"The user does not exist!"')).toEqual({
      code: "http_404",
      message: "The user does not exist!",
    });
  });

  it("reads WStore {result, message}", () => {
    const parsed = parseErrorBody("fiware", 400, '{"message": "No JSON object could be decoded", "result": "error"}');
    expect(parsed).toMatchObject({ code: "http_400", message: "No JSON object could be decoded" });
  });

  it("falls back to raw text, truncated, and to the status text for an empty body", () => {
    const html = `<html>${"x".repeat(2000)}</html>`;
    const parsed = parseErrorBody("fiware", 502, html);
    expect(parsed.code).toBe("http_502");
    expect(parsed.message.length).toBeLessThanOrEqual(501);
    expect(parseErrorBody("juju", 503, "").message).toBe("Service Unavailable");
  });
});

describe("errorFromResponse", () => {
  const base = { system: "scaleway" as const, method: "GET", path: "/iam/v1alpha1/applications/x?page=2" };

  it.each([
    [400, BadRequestError],
    [422, BadRequestError],
    [401, UnauthorizedError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [409, ConflictError],
    [429, RateLimitedError],
    [500, ServerError],
    [503, ServerError],
    [418, ApiError],
  ])("maps %i to %s", (status, cls) => {
    const err = errorFromResponse({ ...base, status, headers: {}, bodyText: "" });
    expect(err).toBeInstanceOf(cls);
    expect(err.status).toBe(status);
  });

  it("tells a transient 409 from an already-exists 409", () => {
    const transient = errorFromResponse({
      ...base,
      status: 409,
      headers: {},
      bodyText: '{"type":"transient_state","message":"resource is in a transient state"}',
    });
    expect(transient).toBeInstanceOf(TransientStateError);
    expect(transient).toBeInstanceOf(ConflictError);
    const exists = errorFromResponse({ ...base, status: 409, headers: {}, bodyText: '{"type":"conflict"}' });
    expect(exists).not.toBeInstanceOf(TransientStateError);
  });

  it("formats the message with system, method, path without query, code and request id", () => {
    const err = errorFromResponse({
      ...base,
      status: 404,
      headers: { "X-Request-Id": "bfb67e09" },
      bodyText: SCW_NOT_FOUND,
    });
    expect(err.message).toBe(
      "scaleway GET /iam/v1alpha1/applications/x failed: 404 not_found: resource is not found " +
        "(application 63310857-3247-4094-bc70-58fd1cd82491) (request id bfb67e09)",
    );
    expect(err.path).toBe("/iam/v1alpha1/applications/x");
    expect(err.requestId).toBe("bfb67e09");
    expect(err.code).toBe("not_found");
  });

  it("reads Retry-After in seconds and as an HTTP date", () => {
    const seconds = errorFromResponse({ ...base, status: 429, headers: { "retry-after": "3" }, bodyText: "" });
    expect(seconds.retryAfterMs).toBe(3000);
    const date = new Date(Date.now() + 10_000).toUTCString();
    const dated = errorFromResponse({ ...base, status: 503, headers: { "retry-after": date }, bodyText: "" });
    expect(dated.retryAfterMs).toBeGreaterThan(8_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(10_000);
  });

  it("redacts secrets from the message, the path and the details", () => {
    const token = "3f9c1d2e-aaaa-bbbb-cccc-0123456789ab";
    const err = errorFromResponse({
      system: "account",
      method: "DELETE",
      path: `/tokens/${token}`,
      status: 400,
      headers: {},
      bodyText: JSON.stringify({ type: "invalid_arguments", message: `token ${token} rejected`, secret_key: "abc" }),
      secrets: [token],
    });
    expect(err.message).not.toContain(token);
    expect(err.path).toBe("/tokens/[REDACTED]");
    expect(JSON.stringify(err.details)).not.toContain(token);
    expect((err.details as Record<string, unknown>).secret_key).toBe("[REDACTED]");
  });
});

describe("redact", () => {
  it("masks every occurrence of each secret, ignoring very short ones", () => {
    expect(redact("a SECRETVALUE b SECRETVALUE", ["SECRETVALUE"])).toBe("a [REDACTED] b [REDACTED]");
    expect(redact("abc and abcd", ["abc", ""])).toBe("abc and abcd");
  });

  it("masks the longest secret whole when one contains another", () => {
    expect(redact("key=supersecret-long", ["supersecret", "supersecret-long"])).not.toContain("-long");
  });

  it("masks values of credential-looking keys in JSON-ish and form text", () => {
    const text =
      '{"name":"ci","secret_key":"0d1e2f","password": "hunter22", "api-key":"k1234567", "credential":{"a":"b","c":[1]}, "access_key":"SCW123"}';
    const out = redact(text);
    expect(out).not.toMatch(/0d1e2f|hunter22|k1234567|"a":"b"/);
    expect(out).toContain('"access_key":"SCW123"');
    expect(out).toContain('"name":"ci"');
    expect(redact("grant_type=client_credentials&client_secret=s3cr3t&x=1")).toBe(
      "grant_type=client_credentials&client_secret=[REDACTED]&x=1",
    );
    expect(redact("{ password: 'hunter22' }")).toBe(`{ password: "[REDACTED]" }`);
  });

  it("masks bearer and basic credentials but keeps prose about passwords readable", () => {
    expect(redact("Authorization: Bearer eyJhbGciOi.abc.def")).not.toContain("eyJhbGciOi");
    expect(redact("got Basic dXNlcjpwYXNz back")).toBe("got Basic [REDACTED] back");
    expect(redact("password: must be at least 8 characters")).toBe("password: must be at least 8 characters");
    expect(redact('{"secret_key":null}')).toBe('{"secret_key":null}');
  });
});

describe("messages of bare-string errors", () => {
  it("do not repeat the status as a code", () => {
    const err = errorFromResponse({
      system: "juju",
      method: "GET",
      path: "/users/bob",
      status: 404,
      headers: {},
      bodyText: '"The user does not exist!"',
    });
    expect(err.message).toBe("juju GET /users/bob failed: 404: The user does not exist!");
    expect(err.code).toBe("http_404");
    expect(err).toBeInstanceOf(NotFoundError);
  });
});
