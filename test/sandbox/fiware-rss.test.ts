import { beforeEach, describe, expect, it } from "vitest";
import { CREATED, error, OK, wstore } from "./fiware-helpers";
import { useSandbox } from "./helpers";

const sandbox = useSandbox();

const MODELS = [
  { class: "single-payment", percentage: 10 },
  { class: "subscription", percentage: "15.5" },
  { class: "use", percentage: 30 },
];

const RSS = {
  name: "Lab RSS",
  host: "https://rss.example.org",
  api_version: 2,
  limits: { currency: "EUR", perTransaction: 10000, weekly: "100000", daily: true, monthly: 100000 },
  models: MODELS,
};

const call = (method: string, path: string, body?: unknown) => wstore(sandbox(), method, path, { body });

beforeEach(async () => {
  const { state } = sandbox();
  state.fiware.rss.clear();
  state.fiware.remoteCalls.length = 0;
  state.fiware.remote.rss = "success";
  state.fiware.currencies.allowed.length = 0;
  delete state.fiware.currencies.default;
  expect((await call("POST", "/currency", { currency: "EUR" })).status).toBe(201);
});

describe("WStore RSS", () => {
  it("registers one object (201 correct) and reads it back with revenue_class and string percentages", async () => {
    const created = await call("POST", "/rss", RSS);
    expect(created.status).toBe(201);
    expect(created.body).toEqual(CREATED);
    const expected = {
      name: "Lab RSS",
      host: "https://rss.example.org/",
      api_version: 2,
      // `daily: true` is neither a number nor a digit string: the server drops it without a word.
      limits: { currency: "EUR", perTransaction: 10000, weekly: 100000, monthly: 100000 },
      models: [
        { revenue_class: "single-payment", percentage: "10.00" },
        { revenue_class: "subscription", percentage: "15.50" },
        { revenue_class: "use", percentage: "30.00" },
      ],
    };
    const one = await call("GET", "/rss/Lab RSS");
    expect(one.status).toBe(200);
    expect(one.body).toEqual(expected);
    expect(one.body).not.toHaveProperty("is_default");
    expect((await call("GET", "/rss")).body).toEqual([expected]);
    expect(sandbox().state.fiware.remoteCalls.map((remote) => remote.operation)).toEqual([
      "register_provider",
      "set_provider_limit",
    ]);
  });

  it("refuses a second RSS with 409, whatever its name and host", async () => {
    expect((await call("POST", "/rss", RSS)).status).toBe(201);
    const second = await call("POST", "/rss", { ...RSS, name: "Other", host: "http://other.example.org/" });
    expect(second.status).toBe(409);
    expect(second.body).toEqual(error("RSS creation error: There is a RSS instance already registered"));
    expect([...sandbox().state.fiware.rss.keys()]).toEqual(["Lab RSS"]);
  });

  it("rejects the documented shapes: a list body and models keyed revenue_class", async () => {
    const list = await call("POST", "/rss", [RSS]);
    expect(list.status).toBe(400);
    expect(list.body).toEqual(error("RSS creation error: Missing a required field, name, host, api_version"));
    const documented = MODELS.map(({ class: revenueClass, percentage }) => ({
      revenue_class: revenueClass,
      percentage,
    }));
    const models = await call("POST", "/rss", { ...RSS, models: documented });
    expect(models.status).toBe(400);
    expect(models.body).toEqual(error("Invalid revenue sharing model: Missing a required field"));
    expect(sandbox().state.fiware.rss.size).toBe(0);
  });

  it("validates like the server", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: "a/b" }, "RSS creation error: Invalid name format"],
      [{ host: "rss.example.org" }, "RSS creation error: Invalid URL format"],
      [{ api_version: "two" }, "RSS creation error: Invalid api_version format, must be an integer (1 or 2)"],
      [{ api_version: 3 }, "RSS creation error: Invalid api_version, must be 1 or 2"],
      [{ limits: { currency: "USD", daily: 5 } }, "Invalid currency"],
      [{ models: MODELS.slice(0, 2) }, "Invalid revenue sharing model: Missing a required product class"],
      [
        { models: [...MODELS.slice(0, 2), { class: "use", percentage: 101 }] },
        "Invalid revenue sharing model: The percentage must be a number between 0 and 100",
      ],
      [
        { models: [...MODELS.slice(0, 2), { class: "use", percentage: "x" }] },
        "Invalid revenue sharing model: Invalid percentage type",
      ],
      [
        { models: [...MODELS.slice(0, 2), { class: "rent", percentage: 1 }] },
        "Invalid revenue sharing model: Invalid product class",
      ],
    ];
    for (const [change, text] of cases) {
      const answer = await call("POST", "/rss", { ...RSS, ...change });
      expect(answer.status, JSON.stringify(change)).toBe(400);
      expect(answer.body).toEqual(error(text));
    }
    // A number for the name is a Python TypeError the view does not catch.
    expect((await call("POST", "/rss", { ...RSS, name: 5 })).status).toBe(500);
    expect(sandbox().state.fiware.rss.size).toBe(0);
    // The digit string "1" is an api_version too; without limits and models the server's defaults apply.
    expect((await call("POST", "/rss", { name: "v1", host: "http://127.0.0.1:9/", api_version: "1" })).status).toBe(
      201,
    );
    expect((await call("GET", "/rss/v1")).body).toMatchObject({
      api_version: 1,
      limits: { currency: "EUR", perTransaction: 10000, weekly: 100000, daily: 10000, monthly: 100000 },
      models: [
        { revenue_class: "single-payment", percentage: "10.00" },
        { revenue_class: "subscription", percentage: "20.00" },
        { revenue_class: "use", percentage: "30.00" },
      ],
    });
  });

  it.each([
    [401, "You don't have access to the RSS instance requested"],
    [502, "The RSS has failed processing the request"],
  ] as const)("creates nothing when the remote RSS answers %s", async (status, text) => {
    sandbox().state.fiware.remote.rss = status;
    const answer = await call("POST", "/rss", RSS);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual(error(text));
    expect(sandbox().state.fiware.rss.size).toBe(0);
    expect((await call("GET", "/rss")).body).toEqual([]);
    expect(sandbox().state.fiware.remoteCalls).toEqual([
      { remote: "rss", operation: "register_provider", host: "https://rss.example.org/", answer: status },
    ]);
  });

  it("answers 400 (not 404) to a GET of an unknown RSS, 404 to PUT and DELETE", async () => {
    const get = await call("GET", "/rss/nothing");
    expect(get.status).toBe(400);
    expect(get.body).toEqual(error("Invalid request"));
    // A name no URL pattern accepts is no route at all.
    expect((await call("GET", "/rss/a.b")).status).toBe(404);
    expect((await call("PUT", "/rss/nothing", { name: "x" })).status).toBe(404);
    const deleted = await call("DELETE", "/rss/nothing");
    expect(deleted.status).toBe(404);
    expect(deleted.body).toEqual(error("Not found"));
  });

  it("PUT changes name, limits and models only", async () => {
    await call("POST", "/rss", RSS);
    const models = MODELS.map((model) => ({ ...model, percentage: 50 }));
    const changes = { name: "Renamed", host: "http://elsewhere.example.org/", api_version: 1, models };
    const put = await call("PUT", "/rss/Lab RSS", { ...changes, limits: { currency: "EUR", monthly: 7 } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual(OK);
    expect((await call("GET", "/rss/Lab RSS")).status).toBe(400);
    const read = await call("GET", "/rss/Renamed");
    expect(read.body).toEqual({
      name: "Renamed",
      host: "https://rss.example.org/",
      api_version: 2,
      limits: { currency: "EUR", monthly: 7 },
      models: models.map((model) => ({ revenue_class: model.class, percentage: "50.00" })),
    });
  });

  it("PUT saves new limits before calling the remote RSS, and keeps them when that call fails", async () => {
    await call("POST", "/rss", RSS);
    sandbox().state.fiware.remote.rss = 502;
    const put = await call("PUT", "/rss/Lab RSS", { limits: { currency: "EUR", daily: 1 }, models: MODELS });
    expect(put.status).toBe(502);
    const read = await call("GET", "/rss/Lab RSS");
    expect(read.body.limits).toEqual({ currency: "EUR", daily: 1 });
    expect(read.body.models[1]).toEqual({ revenue_class: "subscription", percentage: "15.50" });
    // An unknown currency in a PUT is not caught by the view at all.
    sandbox().state.fiware.remote.rss = "success";
    expect((await call("PUT", "/rss/Lab RSS", { limits: { currency: "JPY", daily: 1 } })).status).toBe(500);
  });

  it("keeps writes to staff (403 Forbidden for another user) while any user reads", async () => {
    const user = { token: "non-staff" as const };
    const post = await wstore(sandbox(), "POST", "/rss", { ...user, body: RSS });
    expect(post.status).toBe(403);
    expect(post.body).toEqual(error("Forbidden"));
    await call("POST", "/rss", RSS);
    expect((await wstore(sandbox(), "PUT", "/rss/Lab RSS", { ...user, body: { name: "x" } })).status).toBe(403);
    expect((await wstore(sandbox(), "DELETE", "/rss/Lab RSS", user)).status).toBe(403);
    expect((await wstore(sandbox(), "GET", "/rss/Lab RSS", user)).status).toBe(200);
    expect((await wstore(sandbox(), "GET", "/rss", user)).body).toHaveLength(1);
  });

  it("deletes (204) after the remote RSS agreed, and keeps the RSS when it did not", async () => {
    await call("POST", "/rss", RSS);
    sandbox().state.fiware.remote.rss = 401;
    expect((await call("DELETE", "/rss/Lab RSS")).status).toBe(401);
    expect(sandbox().state.fiware.rss.has("Lab RSS")).toBe(true);
    sandbox().state.fiware.remote.rss = "success";
    const deleted = await call("DELETE", "/rss/Lab RSS");
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await call("GET", "/rss/Lab RSS")).status).toBe(400);
  });
});
