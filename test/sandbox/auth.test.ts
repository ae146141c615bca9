import { describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox";
import { numspot, numspotToken, raw, scw, UUID, useSandbox } from "./helpers";

const sandbox = useSandbox();

describe("Scaleway IAM auth (X-Auth-Token)", () => {
  it("refuses a request without a token as the real server does, and records it", async () => {
    const before = sandbox().requests.length;
    const answer = await scw(sandbox(), "GET", "/applications", undefined, null);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      message: "authentication is denied",
      method: "api_key",
      reason: "invalid_argument",
      type: "denied_authentication",
    });
    expect(sandbox().requests.slice(before)).toMatchObject([
      { system: "scaleway", path: "/iam/v1alpha1/applications", status: 401 },
    ]);
  });

  it("refuses an unknown key with reason not_found", async () => {
    const answer = await scw(sandbox(), "GET", "/applications", undefined, "00000000-0000-4000-8000-000000000000");
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ reason: "not_found", type: "denied_authentication" });
  });

  it("accepts the sandbox secret key and answers JSON with a request id", async () => {
    const answer = await scw(sandbox(), "GET", "/applications");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.get("x-request-id")).toMatch(UUID);
  });

  it("answers unknown routes 404 in the Scaleway shape once authenticated", async () => {
    const answer = await scw(sandbox(), "GET", "/nothing-here");
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ type: "not_found", message: expect.any(String) });
  });
});

describe("Scaleway legacy account auth", () => {
  it("uses the IAM token and error shapes", async () => {
    const url = `${sandbox().urls.account}/tokens`;
    const denied = await raw(url);
    expect(denied.status).toBe(401);
    expect(denied.body).toMatchObject({ reason: "invalid_argument", type: "denied_authentication" });
    const listed = await raw(url, { headers: { "x-auth-token": sandbox().credentials.scalewaySecretKey } });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ tokens: [] });
    const unknown = await raw(`${sandbox().urls.account}/no-such-route`, {
      headers: { "x-auth-token": sandbox().credentials.scalewaySecretKey },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ type: "not_found" });
  });
});

describe("Numspot auth (OAuth2 client credentials, then Bearer)", () => {
  it("issues a bearer token for the right client", async () => {
    const answer = await numspotToken(sandbox());
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ access_token: expect.any(String), expires_in: 3600, token_type: "Bearer" });
  });

  it("refuses a wrong client with the OAuth2 error shape of the spec (ErrorOauth2)", async () => {
    const answer = await numspotToken(sandbox(), sandbox().credentials.numspotClientId, "wrong");
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: "invalid_client", error_description: expect.any(String) });
  });

  it("wants grant_type", async () => {
    const basic = Buffer.from(`${sandbox().credentials.numspotClientId}:${sandbox().credentials.numspotClientSecret}`);
    const answer = await raw(`${sandbox().urls.numspot}/iam/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${basic.toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "scope=x",
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: "invalid_request" });
  });

  it("refuses calls without or with an unknown bearer token as problem+json", async () => {
    const path = `/organisations/${sandbox().credentials.numspotOrganisationId}/spaces`;
    for (const token of [null, "not-a-token"]) {
      const answer = await numspot(sandbox(), token, "GET", path);
      expect(answer.status).toBe(401);
      expect(answer.headers.get("content-type")).toBe("application/problem+json");
      expect(answer.body).toMatchObject({
        type: "https://portal.api.numspot.com/errors#unauthenticated_access",
        title: expect.any(String),
        instance: path,
      });
    }
  });

  it("answers unknown routes 404 problem+json once authenticated", async () => {
    const { body } = await numspotToken(sandbox());
    const answer = await numspot(sandbox(), body.access_token, "GET", "/nothing-here");
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ type: "https://portal.api.numspot.com/errors#resource_not_found" });
  });
});

describe("Juju / Sojobo auth (BasicAuth + api-key)", () => {
  const call = (headers: Record<string, string>) => raw(`${sandbox().urls.juju}/users`, { headers });
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

  it("answers 400 without the api-key header and 403 on a wrong key or login, as bare JSON strings", async () => {
    const { jujuApiKey, jujuUsername, jujuPassword } = sandbox().credentials;
    const attempts: [Record<string, string>, number][] = [
      [{ authorization: basic(jujuUsername, jujuPassword) }, 400],
      [{ "api-key": "wrong", authorization: basic(jujuUsername, jujuPassword) }, 403],
      [{ "api-key": jujuApiKey }, 403],
      [{ "api-key": jujuApiKey, authorization: basic(jujuUsername, "wrong") }, 403],
    ];
    for (const [headers, status] of attempts) {
      const answer = await call(headers);
      expect(answer.status).toBe(status);
      expect(typeof answer.body).toBe("string");
      expect(answer.text.startsWith('"')).toBe(true);
    }
  });

  it("lets the right credentials through (GET /users lists the users)", async () => {
    const { jujuApiKey, jujuUsername, jujuPassword } = sandbox().credentials;
    const answer = await call({ "api-key": jujuApiKey, authorization: basic(jujuUsername, jujuPassword) });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(expect.arrayContaining([expect.objectContaining({ name: jujuUsername })]));
  });
});

describe("FIWARE WStore auth (Bearer)", () => {
  it("answers 401 {result, message} for a wrong token and 404 in the same shape once authenticated", async () => {
    const url = `${sandbox().urls.fiware}/api/administration/rss`;
    const denied = await raw(url, { headers: { authorization: "Bearer wrong", accept: "application/json" } });
    expect(denied.status).toBe(401);
    expect(denied.body).toEqual({ result: "error", message: expect.any(String) });
    const unknown = await raw(`${sandbox().urls.fiware}/api/administration/nothing`, {
      headers: { authorization: `Bearer ${sandbox().credentials.fiwareToken}`, accept: "application/json" },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ result: "error", message: expect.any(String) });
  });
});

describe("credentials and environment", () => {
  it("draws fresh credentials per start and takes given ones as they are", async () => {
    const other = await startSandbox({ credentials: { scalewaySecretKey: "11111111-2222-4333-8444-555555555555" } });
    try {
      expect(other.credentials.scalewaySecretKey).toBe("11111111-2222-4333-8444-555555555555");
      expect(other.credentials.numspotClientSecret).not.toBe(sandbox().credentials.numspotClientSecret);
      expect(other.credentials.scalewayOrganizationId).not.toBe(sandbox().credentials.scalewayOrganizationId);
    } finally {
      await other.stop();
    }
  });

  it("exports the environment the providers read, one loopback server per system", () => {
    const { env, urls, credentials } = sandbox();
    expect(Object.keys(env).sort()).toEqual(
      [
        "SCW_API_URL",
        "SCW_SECRET_KEY",
        "SCW_ACCESS_KEY",
        "SCW_DEFAULT_ORGANIZATION_ID",
        "SCW_DEFAULT_PROJECT_ID",
        "SCW_ACCOUNT_API_URL",
        "NUMSPOT_HOST",
        "NUMSPOT_CLIENT_ID",
        "NUMSPOT_CLIENT_SECRET",
        "NUMSPOT_ORGANISATION_ID",
        "SOJOBO_URL",
        "SOJOBO_API_KEY",
        "SOJOBO_USERNAME",
        "SOJOBO_PASSWORD",
        "WSTORE_URL",
        "WSTORE_TOKEN",
      ].sort(),
    );
    expect(env.SCW_API_URL).toBe(urls.scaleway);
    expect(env.NUMSPOT_HOST).toBe(urls.numspot);
    expect(env.SCW_SECRET_KEY).toBe(credentials.scalewaySecretKey);
    expect(credentials.scalewayAccessKey).toMatch(/^SCW[0-9A-Z]{17}$/);
    const ports = Object.values(urls).map((url) => {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      return new URL(url).port;
    });
    expect(new Set(ports).size).toBe(5);
  });
});
