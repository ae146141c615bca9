/**
 * The sandbox prints (and tests use) environment variables for the providers; the providers read them through
 * SETTINGS. The sandbox stands alone (it imports nothing from resources/), so this test keeps the two in step: every
 * variable the sandbox sets is one the providers read, and every setting the sandbox can serve is set.
 */
import { expect, it } from "vitest";
import { SETTINGS } from "../../src/resources/config";
import { sandboxEnv } from "../../src/sandbox";

// Settings with nothing to emulate: the region only picks a real Numspot host, which the sandbox replaces.
const NOT_SERVED = new Set(["NUMSPOT_REGION"]);

it("sets exactly the environment variables the providers read (SETTINGS), except the ones it cannot serve", () => {
  const urls = { scaleway: "http://s", account: "http://a", numspot: "http://n", juju: "http://j", fiware: "http://f" };
  const credentials = new Proxy({}, { get: (_, key) => `value-of-${String(key)}` }) as never;
  const env = sandboxEnv(urls, credentials);
  const read = Object.values(SETTINGS).flatMap((settings) =>
    Object.values(settings as Record<string, { env: readonly string[] }>).map((setting) => setting.env[0]!),
  );
  expect(Object.keys(env).sort()).toEqual(read.filter((name) => !NOT_SERVED.has(name)).sort());
  for (const value of Object.values(env)) expect(value).toMatch(/^(http:\/\/|value-of-)/);
});
