import { describe, expect, it } from "vitest";
import { z } from "zod";
import { entityProvider } from "../../src/resources/entity";
import {
  asInstant,
  checkInputs,
  checkResult,
  jsonClean,
  ResourceInitError,
  UNKNOWN,
} from "../../src/resources/provider";
import { description as applicationDescription } from "../../src/resources/scaleway/application";

const ORG_1 = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const ORG_2 = "9b2c4f0e-0000-4000-8000-000000000002";

const Schema = z
  .object({ name: z.string().min(1, "must not be empty"), tags: z.array(z.string()).optional() })
  .strict();

describe("checkInputs", () => {
  it("reports each failure under the property that caused it", () => {
    const result = checkInputs(Schema, { name: "", tags: ["ok", 3] });
    expect(result.inputs).toBeUndefined();
    expect(result.failures.map((f) => f.property).sort()).toEqual(["name", "tags.1"]);
    expect(result.failures.find((f) => f.property === "name")?.reason).toContain("must not be empty");
  });

  it("skips properties whose value is not known yet (preview)", () => {
    const result = checkInputs(Schema, { name: UNKNOWN, tags: ["a", UNKNOWN] });
    expect(result.failures).toEqual([]);
    const checked = checkResult({ name: UNKNOWN, tags: ["a", UNKNOWN] }, result);
    expect(checked.inputs).toEqual({ name: UNKNOWN, tags: ["a", UNKNOWN] });
  });

  it("rejects unknown properties and ignores __provider", () => {
    const result = checkInputs(Schema, { name: "x", __provider: "code", nmae: "typo" });
    expect(result.failures).toEqual([{ property: "nmae", reason: "unknown property" }]);
  });
});

describe("entity diff, derived from the fields table", () => {
  const { diff } = entityProvider({
    ...applicationDescription,
    deleteBeforeReplace: false,
  });
  const olds = {
    name: "a",
    description: "d",
    tags: ["x", "y"],
    organizationId: ORG_1,
    createdAt: "t",
    __provider: "p",
  };

  it("sees no change when only order, computed outputs or __provider differ", async () => {
    expect(await diff("id", olds, { name: "a", description: "d", tags: ["y", "x"], __provider: "other" })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("treats an omitted description as the empty default", async () => {
    expect((await diff("id", olds, { name: "a", tags: ["x", "y"] })).changes).toBe(true);
  });

  it("replaces on fields the API cannot change, with delete-before-replace only when declared", async () => {
    const news = { name: "a", description: "d", tags: ["x", "y"], organizationId: ORG_2 };
    expect(await diff("id", olds, news)).toEqual({
      changes: true,
      replaces: ["organizationId"],
      deleteBeforeReplace: false,
    });
    const strict = entityProvider({ ...applicationDescription, deleteBeforeReplace: true });
    expect((await strict.diff("id", olds, news)).deleteBeforeReplace).toBe(true);
  });

  it("an unknown value is a change, and a replacement on replace fields", async () => {
    expect((await diff("id", olds, { name: UNKNOWN })).changes).toBe(true);
    expect((await diff("id", olds, { name: "a", description: "d", organizationId: UNKNOWN })).replaces).toEqual([
      "organizationId",
    ]);
  });

  it("a changed connection is a change without replacement (issue 8 item 2)", async () => {
    const stored = { ...olds, connection: { secretKey: "k1-secret" } };
    const news = { name: "a", description: "d", tags: ["x", "y"], connection: { secretKey: "k2-secret" } };
    expect(await diff("id", stored, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect((await diff("id", stored, { ...news, connection: undefined })).changes).toBe(true);
    expect((await diff("id", stored, { ...news, connection: { secretKey: "k1-secret" } })).changes).toBe(false);
  });
});

describe("normalizers and outputs", () => {
  it("compares timestamps as instants", () => {
    expect(asInstant("2027-06-30T02:00:00+02:00")).toBe(asInstant("2027-06-30T00:00:00Z"));
    expect(asInstant("not a date")).toBe("not a date");
  });

  it("makes outputs JSON-clean", () => {
    expect(jsonClean({ a: undefined, b: new Date(0), c: [1, undefined] })).toEqual({
      b: "1970-01-01T00:00:00.000Z",
      c: [1, null],
    });
  });

  it("partial-failure errors carry id, properties and reasons for the host", () => {
    const error = new ResourceInitError("id-1", { status: "RUNNING", gone: undefined }, "timed out");
    expect(error).toMatchObject({ id: "id-1", properties: { status: "RUNNING" }, reasons: ["timed out"] });
    expect("gone" in error.properties).toBe(false);
  });
});
