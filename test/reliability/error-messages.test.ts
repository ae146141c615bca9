/**
 * What a user reads when the API refuses: every system's error detail reaches the message, redacted (issue 8 item 6),
 * and a 429 asking to wait longer than the retry budget says why nothing more was tried and how long the server
 * asked to wait (item 14). Real HTTP against the sandbox.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { BadRequestError, RateLimitedError } from "../../src/client/errors";
import { closeAllPools } from "../../src/client/http";
import { numspotClient } from "../../src/client/numspot/client";
import { listSpaces } from "../../src/client/numspot/space";
import { getApplication } from "../../src/client/scaleway/application";
import { scalewayClient } from "../../src/client/scaleway/client";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { rejectionOf } from "./support";

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await closeAllPools();
  await sandbox?.stop();
});

it("a Numspot 400 names each refused field and why, without quoting a credential", async () => {
  const credentials = {
    host: sandbox.urls.numspot,
    clientId: sandbox.credentials.numspotClientId,
    clientSecret: sandbox.credentials.numspotClientSecret,
  };
  const client = numspotClient(credentials);
  const organisationId = sandbox.credentials.numspotOrganisationId;
  // ListSpaces takes page[size] 1–50: the sandbox answers problem+json with violations [{field, description}].
  const error = await rejectionOf(listSpaces(client, organisationId, 500));
  expect(error).toBeInstanceOf(BadRequestError);
  expect(error.message).toContain("page[size]: must be an integer between 1 and 50");
  expect(error.message).not.toContain(credentials.clientSecret);
});

it("a 429 whose Retry-After exceeds the retry budget says it was not retried, and how long the server asked", async () => {
  const client = scalewayClient({
    secretKey: sandbox.credentials.scalewaySecretKey,
    apiUrl: sandbox.urls.scaleway,
    retry: { maxTotalMs: 5_000 },
  });
  sandbox.faults.add({ system: "scaleway", method: "GET", path: /applications/, status: 429, retryAfterSeconds: 120 });
  const mark = sandbox.requests.length;
  const error = await rejectionOf(getApplication(client, "3fa85f64-5717-4562-b3fc-2c963f66afa6"));
  expect(error).toBeInstanceOf(RateLimitedError);
  expect(sandbox.requests.length - mark).toBe(1);
  expect(error.message).toContain("429");
  expect(error.message).toMatch(/not retried: the server asked to wait 120s \(Retry-After\)/);
  expect(error.message).toMatch(/longer than the [\d.]+s left of the retry budget/);
});
