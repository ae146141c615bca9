import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  asInstant,
  asSet,
  checkInputs,
  checkResult,
  diffFields,
  jsonClean,
  ResourceInitError,
  UNKNOWN,
} from "../../src/resources/provider";

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
    expect(result.failures).toEqual([{ property: "nmae", reason: "nmae: unknown property" }]);
  });
});

describe("diffFields", () => {
  const rules = [
    { name: "name" },
    { name: "description", whenOmitted: "" },
    { name: "tags", whenOmitted: [], normalize: asSet },
    { name: "organizationId", replace: true },
  ];
  const olds = { name: "a", description: "d", tags: ["x", "y"], organizationId: "o1", createdAt: "t", __provider: "p" };

  it("sees no change when only order, computed outputs or __provider differ", () => {
    expect(diffFields(olds, { name: "a", description: "d", tags: ["y", "x"], __provider: "other" }, rules)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("treats an omitted description as the empty default", () => {
    expect(diffFields(olds, { name: "a", tags: ["x", "y"] }, rules).changes).toBe(true);
  });

  it("replaces on fields the API cannot change, with delete-before-replace only when asked", () => {
    const news = { name: "a", description: "d", tags: ["x", "y"], organizationId: "o2" };
    expect(diffFields(olds, news, rules)).toEqual({
      changes: true,
      replaces: ["organizationId"],
      deleteBeforeReplace: false,
    });
    expect(diffFields(olds, news, rules, { deleteBeforeReplace: true }).deleteBeforeReplace).toBe(true);
  });

  it("an unknown value is a change, and a replacement on replace fields", () => {
    expect(diffFields(olds, { name: UNKNOWN }, rules).changes).toBe(true);
    expect(diffFields(olds, { name: "a", description: "d", organizationId: UNKNOWN }, rules).replaces).toEqual([
      "organizationId",
    ]);
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
