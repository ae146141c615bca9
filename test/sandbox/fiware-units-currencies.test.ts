import { describe, expect, it } from "vitest";
import { CREATED, error, OK, wstore } from "./fiware-helpers";
import { useSandbox } from "./helpers";

const sandbox = useSandbox();
const call = (method: string, path: string, body?: unknown) => wstore(sandbox(), method, path, { body });

describe("WStore units", () => {
  it("creates, lists (model lower-cased, period only for subscriptions) and has no update or delete", async () => {
    expect((await call("POST", "/units", { name: "second", defined_model: "Pay Per Use" })).body).toEqual(CREATED);
    const month = { name: "per month", defined_model: "subscription", renovation_period: "30" };
    expect((await call("POST", "/units", month)).status).toBe(201);
    const list = await call("GET", "/units");
    expect(list.body).toEqual([
      { name: "second", defined_model: "pay per use" },
      { name: "per month", defined_model: "subscription", renovation_period: 30 },
    ]);
    for (const method of ["PUT", "DELETE", "GET"]) {
      const answer = await call(method, "/units/second");
      expect(answer.status, method).toBe(404);
    }
    expect((await call("PUT", "/units", month)).status).toBe(405);
    expect((await call("DELETE", "/units")).headers.get("allow")).toBe("GET, POST");
  });

  it("answers 400 'The unit already exists' to a duplicate, before looking at the rest", async () => {
    await call("POST", "/units", { name: "hour", defined_model: "pay per use" });
    const duplicate = await call("POST", "/units", { name: "hour", defined_model: "no such model" });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toEqual(error("The unit already exists"));
    expect(sandbox().state.fiware.units.get("hour")?.defined_model).toBe("pay per use");
  });

  it("validates the model and the renovation period, and keeps creation to staff", async () => {
    const cases: Array<[unknown, string]> = [
      [{ name: "x" }, "Missing required field"],
      [{ name: "x", defined_model: "rent" }, "Invalid pricing model"],
      [{ name: "x", defined_model: "subscription" }, "Missing renovation period"],
    ];
    for (const [body, text] of cases) expect((await call("POST", "/units", body)).body).toEqual(error(text));
    const denied = await wstore(sandbox(), "POST", "/units", {
      body: { name: "day", defined_model: "pay per use" },
      token: "non-staff",
    });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual(error("Forbidden"));
    expect(sandbox().state.fiware.units.has("day")).toBe(false);
  });
});

describe("WStore currencies", () => {
  const defaults = async () =>
    (await call("GET", "/currency")).body.filter((entry: { default: boolean }) => entry.default);

  it("makes the first currency the default, refuses duplicates case-insensitively, and moves the default by PUT", async () => {
    expect((await call("POST", "/currency", { currency: "EUR" })).body).toEqual(CREATED);
    expect((await call("POST", "/currency", { currency: "USD" })).status).toBe(201);
    expect(await defaults()).toEqual([{ currency: "EUR", default: true }]);
    const duplicate = await call("POST", "/currency", { currency: "eur" });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toEqual(error("The currency already exists"));
    const put = await call("PUT", "/currency/usd");
    expect(put.status).toBe(200);
    expect(put.body).toEqual(OK);
    expect(await defaults()).toEqual([{ currency: "USD", default: true }]);
    // The server keeps the case written in the URL.
    expect(sandbox().state.fiware.currencies.default).toBe("usd");
    expect((await call("PUT", "/currency/GBP")).body).toEqual(error("Not found"));
    expect((await call("POST", "/currency", { currency: "€uro" })).body).toEqual(error("Invalid currency format"));
  });

  it("refuses (403) to delete the default currency or one in use, and deletes others (204)", async () => {
    await call("POST", "/currency", { currency: "CHF" });
    await call("POST", "/currency", { currency: "SEK", default: true });
    const isDefault = await call("DELETE", "/currency/sek");
    expect(isDefault.status).toBe(403);
    expect(isDefault.body).toEqual(error("The currency cannot be deleted: It is the default currency"));
    const chf = sandbox().state.fiware.currencies.allowed.find((entry) => entry.currency === "CHF")!;
    chf.in_use = true;
    const inUse = await call("DELETE", "/currency/CHF");
    expect(inUse.status).toBe(403);
    expect(inUse.body).toEqual(error("The currency cannot be deleted: An offering is using it"));
    chf.in_use = false;
    expect((await call("DELETE", "/currency/chf")).status).toBe(204);
    expect((await call("DELETE", "/currency/CHF")).body).toEqual(error("Not found"));
  });

  it("keeps registration and deletion to staff, but lets any user set the default (the server's missing return)", async () => {
    const user = { token: "non-staff" as const };
    expect((await wstore(sandbox(), "POST", "/currency", { ...user, body: { currency: "NOK" } })).status).toBe(403);
    expect((await wstore(sandbox(), "DELETE", "/currency/EUR", user)).status).toBe(403);
    const put = await wstore(sandbox(), "PUT", "/currency/EUR", user);
    expect(put.status).toBe(200);
    expect(await defaults()).toEqual([{ currency: "EUR", default: true }]);
  });
});
