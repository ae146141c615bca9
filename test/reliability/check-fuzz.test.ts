/**
 * Fuzzed bad inputs to every implemented `check` (scaleway.Application, scaleway.ApiKey, numspot.Space): wrong types,
 * too-long strings, forbidden characters, nested garbage, unknown properties, null. Every invalid input must give
 * property-level failures that name the property, check must never throw, and nothing may reach the network (the
 * sandbox the credentials point at must see no request). Valid inputs with the preview's unknown sentinel in any
 * field, at any depth, must pass. Generated from a seeded random source (FUZZ_SEED to replay one).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeAllPools } from "../../src/client/http";
import { spaceProvider } from "../../src/resources/numspot/space";
import { type EntityProvider, UNKNOWN } from "../../src/resources/provider";
import { apiKeyProvider } from "../../src/resources/scaleway/api-key";
import { applicationProvider } from "../../src/resources/scaleway/application";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { seededRandom, useSandboxEnv } from "./support";

const SEED = Number(process.env.FUZZ_SEED ?? 7_331);
const RANDOM_CASES = 150;
const UUID_A = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

let sandbox: Sandbox;
const savedEnv = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  process.env = { ...savedEnv };
  await closeAllPools();
  await sandbox?.stop();
});
beforeEach(() => useSandboxEnv(sandbox, savedEnv));

type Value = unknown;
/** Per field, values that must each be refused. */
type Invalid = Record<string, readonly Value[]>;

const random = seededRandom(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const letters = (n: number) => Array.from({ length: n }, () => pick([..."abcXYZ019_.-()"])).join("");

/** Nested garbage: arrays and objects several levels deep, with every JSON kind inside. */
function garbage(depth = 4): Value {
  const leaf = () => pick<Value>([null, 0, -1.5, true, "", "x", UUID_A, [], {}]);
  if (depth === 0) return leaf();
  return pick<() => Value>([
    leaf,
    () => [garbage(depth - 1), garbage(depth - 1)],
    () => ({ [letters(3)]: garbage(depth - 1), nested: [garbage(depth - 1)] }),
  ])();
}

/** A deeply nested structure, as deep as a protobuf Struct can carry. */
const deep = (levels: number): Value => (levels === 0 ? { end: [1, "two", null] } : { down: [deep(levels - 1)] });

const WRONG_TYPES: readonly Value[] = [42, -0.5, true, false, null, [], ["a"], {}, { a: 1 }, deep(60)];
const NOT_STRINGS = WRONG_TYPES;
const NOT_BOOLEANS: readonly Value[] = ["true", "yes", 1, 0, null, [], {}, [true]];
const FORBIDDEN_NAME_CHARS = [
  ..."/\\!@#$%^&*+=[]{}|:;\"'<>,?~`",
  "\n",
  "\t",
  "\u00e9",
  "\u4e2d",
  "\u{1f600}",
  "\u0000",
];

const badScalewayName = (): Value[] => [
  ...NOT_STRINGS,
  "",
  " leading",
  "trailing ",
  "a".repeat(65),
  letters(64) + pick(["x", "yz", "a".repeat(500)]),
  ...FORBIDDEN_NAME_CHARS.map((c) => `${letters(3)}${c}${letters(2)}`),
];

const badScalewayConnection = (): Value[] => [
  "a-secret-key",
  42,
  [],
  null,
  { foo: "bar" },
  { secretKey: "" },
  { secretKey: 42 },
  { secretKey: { nested: [1, { deeper: null }] } },
  { apiUrl: "not a url" },
  { apiUrl: 8080 },
  { organizationId: ["x"] },
  { secret_key: "snake case is not the input name" },
];

const APPLICATION: Invalid = {
  name: badScalewayName(),
  description: [...NOT_STRINGS, "d".repeat(201), "d".repeat(10_000)],
  tags: ["a,b", 42, {}, null, [1], [null], [""], [["nested"]], [{ a: 1 }], ["ok", 2]],
  organizationId: [...NOT_STRINGS, ""],
  adopt: NOT_BOOLEANS,
  connection: badScalewayConnection(),
};

const API_KEY: Invalid = {
  applicationId: [...NOT_STRINGS, ""],
  description: [...NOT_STRINGS, "d".repeat(201)],
  expiresAt: [
    ...NOT_STRINGS,
    "",
    "tomorrow",
    "2030-01-01",
    "2030-01-01 00:00:00Z",
    "2030-13-01T00:00:00Z",
    "2030-01-01T25:00:00Z",
    "2030-02-30T00:00:00Z",
    "2031-04-31T12:00:00+02:00",
    "2030-01-01T00:00:00",
    1_900_000_000,
  ],
  defaultProjectId: [...NOT_STRINGS, ""],
  // No value of adopt is accepted: an API key's secret cannot be recovered.
  adopt: [true, false, "yes", null],
  connection: badScalewayConnection(),
};

const SPACE: Invalid = {
  organisationId: [...NOT_STRINGS, "", "org-1", `${UUID_A}x`, UUID_A.replace(/-/g, "")],
  name: [...NOT_STRINGS, "", "n".repeat(51), "n".repeat(5_000)],
  description: [...NOT_STRINGS, "", "d".repeat(301)],
  timeouts: [
    "10m",
    600,
    [],
    null,
    { create: -1 },
    { create: 0 },
    { create: "600" },
    { update: 86_401 },
    { delete: null },
    { create: { minutes: 10 } },
    { foo: 1 },
  ],
  adopt: NOT_BOOLEANS,
  connection: [
    "client:secret",
    42,
    null,
    [],
    { foo: 1 },
    { clientId: "" },
    { clientSecret: 42 },
    { host: "not a url" },
    { region: "mars-1" },
    { region: ["eu-west-2"] },
    { clientId: { nested: garbage(3) } },
  ],
};

/** Valid inputs with every field set (credentials come from the environment). */
const VALID: Record<string, { provider: EntityProvider; inputs: () => Record<string, unknown>; invalid: Invalid }> = {
  "scaleway.Application": {
    provider: applicationProvider,
    inputs: () => ({
      name: "ci deployer (prod).v2",
      description: "CI",
      tags: ["a", "b"],
      organizationId: sandbox.credentials.scalewayOrganizationId,
      adopt: false,
      connection: { secretKey: sandbox.credentials.scalewaySecretKey, apiUrl: sandbox.urls.scaleway },
    }),
    invalid: APPLICATION,
  },
  "scaleway.ApiKey": {
    provider: apiKeyProvider,
    inputs: () => ({
      applicationId: UUID_A,
      description: "deploy key",
      expiresAt: "2031-06-30T12:00:00+02:00",
      defaultProjectId: sandbox.credentials.scalewayProjectId,
      connection: { secretKey: sandbox.credentials.scalewaySecretKey, apiUrl: sandbox.urls.scaleway },
    }),
    invalid: API_KEY,
  },
  "numspot.Space": {
    provider: spaceProvider,
    inputs: () => ({
      organisationId: sandbox.credentials.numspotOrganisationId,
      name: "dev",
      description: "Dev space",
      timeouts: { create: 600, update: 600, delete: 300 },
      adopt: false,
      connection: {
        clientId: sandbox.credentials.numspotClientId,
        clientSecret: sandbox.credentials.numspotClientSecret,
        host: sandbox.urls.numspot,
      },
    }),
    invalid: SPACE,
  },
};

const UNKNOWN_PROPERTIES = ["colour", "Name", "organization_id", "secret_key", "constructor", "toString", "id", "urn"];

/** A failure that is about `field` (unknown properties included): on it or inside it, with a reason naming it. */
function namesField(failure: { property: string; reason: string }, field: string): boolean {
  // The host shows "<property>: <reason>", so a reason must say something and not repeat its property.
  const named = failure.property === field || failure.property.startsWith(`${field}.`);
  return named && failure.reason.trim() !== "" && !failure.reason.startsWith(`${failure.property}:`);
}

async function expectRefused(provider: EntityProvider, news: Record<string, unknown>, fields: string[]) {
  const label = JSON.stringify(news, (_k, v) => (typeof v === "string" && v.length > 80 ? `${v.slice(0, 20)}…` : v));
  const before = sandbox.requests.length;
  let result: Awaited<ReturnType<EntityProvider["check"]>>;
  try {
    result = await provider.check(random() < 0.5 ? {} : { name: "old" }, news);
  } catch (error) {
    throw new Error(`check threw on ${label}: ${error}`);
  }
  const failures = result.failures ?? [];
  expect(failures.length, label).toBeGreaterThan(0);
  for (const failure of failures) {
    expect(failure.property, label).toMatch(/\S/);
    expect(failure.reason, label).toMatch(/\S/);
  }
  for (const field of fields) {
    expect(
      failures.some((f) => namesField(f, field)),
      `${label}: no failure names ${field}: ${JSON.stringify(failures)}`,
    ).toBe(true);
  }
  expect(sandbox.requests.length, label).toBe(before);
}

describe.each(Object.entries(VALID))("%s check", (_type, { provider, inputs, invalid }) => {
  it("accepts the valid inputs (the baseline the mutations start from)", async () => {
    const result = await provider.check({}, inputs());
    expect(result.failures ?? []).toEqual([]);
  });

  it("refuses every listed bad value of every field, on that field", async () => {
    let cases = 0;
    for (const [field, values] of Object.entries(invalid)) {
      for (const value of values) {
        await expectRefused(provider, { ...inputs(), [field]: value }, [field]);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(30);
  });

  it("refuses unknown properties, at the top and inside objects, naming them", async () => {
    for (const extra of UNKNOWN_PROPERTIES) {
      await expectRefused(provider, { ...inputs(), [extra]: garbage() }, [extra]);
    }
    const base = inputs();
    for (const field of Object.keys(base)) {
      const value = base[field];
      if (typeof value !== "object" || value === null || Array.isArray(value)) continue;
      await expectRefused(provider, { ...base, [field]: { ...value, unexpected: garbage(2) } }, [field]);
    }
  });

  it("refuses nested garbage in any field, a missing required field, and null everywhere", async () => {
    const base = inputs();
    for (const field of Object.keys(base)) {
      for (let i = 0; i < 5; i++) {
        const value = garbage();
        // A garbage leaf can happen to be valid (a UUID, a boolean for adopt): only wrap it so it cannot be.
        await expectRefused(provider, { ...base, [field]: { garbage: value, more: [value] } }, [field]);
      }
      await expectRefused(provider, { ...base, [field]: null }, [field]);
    }
    const allNull = Object.fromEntries(Object.keys(base).map((field) => [field, null]));
    await expectRefused(provider, allNull, Object.keys(base));
  });

  it(`refuses ${RANDOM_CASES} random combinations of bad values, naming each bad field`, async () => {
    const fields = Object.keys(invalid);
    for (let i = 0; i < RANDOM_CASES; i++) {
      const news: Record<string, unknown> = inputs();
      const count = 1 + Math.floor(random() * 3);
      const chosen = new Set<string>();
      while (chosen.size < count) chosen.add(pick(fields));
      for (const field of chosen) news[field] = pick(invalid[field]!);
      // Fields left out at random: an optional field may be absent, a required one missing is a failure too.
      for (const field of fields) if (!chosen.has(field) && random() < 0.2) delete news[field];
      await expectRefused(provider, news, [...chosen]);
    }
  });

  it("never throws on inputs that are not objects of the expected shape", async () => {
    const odd: Record<string, unknown>[] = [
      {},
      { "": "" },
      { [" ".repeat(3)]: 1 },
      Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, garbage(2)])),
      { ...inputs(), deep: deep(90) },
    ];
    for (const news of odd) {
      const before = sandbox.requests.length;
      const result = await provider.check({}, news);
      expect(result.failures?.length).toBeGreaterThan(0);
      expect(sandbox.requests.length).toBe(before);
    }
  });

  it("accepts the unknown sentinel in any field, alone, together, and nested", async () => {
    const base = inputs();
    const variants: Record<string, unknown>[] = [];
    for (const field of Object.keys(base)) {
      variants.push({ ...base, [field]: UNKNOWN });
      const value = base[field];
      if (Array.isArray(value)) variants.push({ ...base, [field]: [...value, UNKNOWN] });
      if (value && typeof value === "object" && !Array.isArray(value)) {
        for (const inner of Object.keys(value)) variants.push({ ...base, [field]: { ...value, [inner]: UNKNOWN } });
      }
    }
    variants.push(Object.fromEntries(Object.keys(base).map((field) => [field, UNKNOWN])));
    for (const news of variants) {
      const before = sandbox.requests.length;
      const result = await provider.check({}, news);
      expect(result.failures ?? [], JSON.stringify(news)).toEqual([]);
      // Unknown values are handed back as they came, for the engine to fill in later.
      for (const [field, value] of Object.entries(news)) {
        if (value === UNKNOWN) expect(result.inputs?.[field]).toBe(UNKNOWN);
      }
      expect(sandbox.requests.length).toBe(before);
    }
  });

  it("accepts an unknown connection when no credentials are configured elsewhere (they may come from it)", async () => {
    withoutSandboxEnv();
    const result = await provider.check({}, { ...inputs(), connection: UNKNOWN });
    expect(result.failures ?? []).toEqual([]);
  });
});

/** No credentials, organisation or URL in the environment. */
function withoutSandboxEnv() {
  process.env = { ...savedEnv };
  for (const name of Object.keys(sandbox.env)) delete process.env[name];
}

describe("an organisation that may come from a connection not known yet", () => {
  it("scaleway.Application: organizationId omitted, connection unknown, nothing configured: passes", async () => {
    withoutSandboxEnv();
    const result = await applicationProvider.check({}, { name: "app", connection: UNKNOWN });
    expect(result.failures ?? []).toEqual([]);
  });

  // A program whose connection (unknown in preview) carries organisationId must not fail preview.
  it("numspot.Space: organisationId omitted, connection unknown, nothing configured: passes", async () => {
    withoutSandboxEnv();
    const result = await spaceProvider.check({}, { name: "dev", description: "d", connection: UNKNOWN });
    expect(result.failures ?? []).toEqual([]);
  });
});
