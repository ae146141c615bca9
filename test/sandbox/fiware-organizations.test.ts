import { beforeAll, describe, expect, it } from "vitest";
import { CREATED, error, OK, wstore } from "./fiware-helpers";
import { useSandbox } from "./helpers";

const sandbox = useSandbox();
const call = (method: string, path: string, body?: unknown) => wstore(sandbox(), method, path, { body });
const asUser = (method: string, path: string, body?: unknown) =>
  wstore(sandbox(), method, path, { body, token: "non-staff" });

const ADDRESS = { street: "Campus Montegancedo", postal: "28660", city: "Madrid", country: "Spain" };
const CARD = { type: "Visa", number: "4111111111111111", expire_year: "2030", expire_month: "5", cvv2: "123" };

beforeAll(async () => {
  await call("POST", "/currency", { currency: "EUR" });
});

describe("WStore organizations", () => {
  it("creates one (any user; the creator manages it) and reads it with a masked card", async () => {
    const body = {
      name: "CoNWeT",
      notification_url: "http://conwet.example.org/",
      tax_address: ADDRESS,
      payment_info: CARD,
    };
    expect((await asUser("POST", "/organizations", body)).body).toEqual(CREATED);
    const expected = {
      name: "CoNWeT",
      notification_url: "http://conwet.example.org/",
      tax_address: ADDRESS,
      payment_info: { ...CARD, number: "xxxxxxxxxxxx1111" },
      limits: {},
      is_manager: true,
    };
    expect((await asUser("GET", "/organizations/CoNWeT")).body).toEqual(expected);
    // Staff see the card but do not manage the organization.
    expect((await call("GET", "/organizations/CoNWeT")).body).toEqual({ ...expected, is_manager: false });
    const listed = (await call("GET", "/organizations?username=sandbox-user")).body;
    expect(listed.map((org: { name: string }) => org.name)).toEqual(["CoNWeT"]);
    // Users' own organizations are private: readable, never listed.
    expect((await call("GET", "/organizations/sandbox-user")).status).toBe(200);
    expect((await call("GET", "/organizations")).body.map((org: { name: string }) => org.name)).toEqual(["CoNWeT"]);
  });

  it("answers 400 to duplicates and invalid names, and has no DELETE", async () => {
    await call("POST", "/organizations", { name: "Dupli" });
    const duplicate = await call("POST", "/organizations", { name: "Dupli" });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toEqual(error("The Dupli organization is already registered."));
    for (const name of ["four", "bad/name", "a.b.c.d.e"]) {
      expect((await call("POST", "/organizations", { name })).body).toEqual(error("Enter a valid name."));
    }
    expect((await call("POST", "/organizations", { name: "Valid", notification_url: "nope" })).body).toEqual(
      error("Enter a valid URL"),
    );
    // A missing key of the tax address is a KeyError, reported by its bare name.
    const noPostal = await call("POST", "/organizations", { name: "Valid", tax_address: { street: "s" } });
    expect(noPostal.body).toEqual(error("postal"));
    const badCard = await call("POST", "/organizations", { name: "Valid", payment_info: { ...CARD, number: "4111" } });
    expect(badCard.body).toEqual(error("Invalid credit card info"));
    const deleted = await call("DELETE", "/organizations/Dupli");
    expect(deleted.status).toBe(405);
    expect(deleted.headers.get("allow")).toBe("GET, PUT");
    expect((await call("GET", "/organizations/Nothing")).body).toEqual(error("Not found"));
  });

  it("PUT is absolute for the tax address and card; the notification URL and limits stay unless given", async () => {
    const body = {
      name: "Absolute",
      notification_url: "http://a.example.org/",
      tax_address: ADDRESS,
      payment_info: CARD,
    };
    await call("POST", "/organizations", { ...body, is_user: true });
    const put = await call("PUT", "/organizations/Absolute", { payment_info: { ...CARD, number: "xxxxxxxxxxxx1111" } });
    expect(put.body).toEqual(OK);
    const read = (await call("GET", "/organizations/Absolute")).body;
    expect(read).not.toHaveProperty("tax_address");
    expect(read.notification_url).toBe("http://a.example.org/");
    expect(read.is_manager).toBe(true);
    // The masked number stood for the stored card.
    expect(sandbox().state.fiware.organizations.get("Absolute")?.payment_info).toEqual(CARD);
    expect((await call("PUT", "/organizations/Absolute", {})).status).toBe(200);
    expect((await call("GET", "/organizations/Absolute")).body).not.toHaveProperty("payment_info");
  });

  it("PUT of limits needs an RSS and its agreement; a failed PUT changes nothing", async () => {
    await call("POST", "/organizations", { name: "Limited", tax_address: ADDRESS });
    const noRss = await call("PUT", "/organizations/Limited", { tax_address: ADDRESS, limits: { daily: 5 } });
    expect(noRss.body).toEqual(error("list index out of range"));
    await call("POST", "/rss", { name: "rss", host: "http://127.0.0.1:9/", api_version: 2 });
    sandbox().state.fiware.remote.rss = 502;
    const refused = await call("PUT", "/organizations/Limited", { limits: { daily: 5 } });
    expect(refused.body).toEqual(error("Invalid JSON content"));
    expect((await call("GET", "/organizations/Limited")).body.tax_address).toEqual(ADDRESS);
    sandbox().state.fiware.remote.rss = "success";
    expect((await call("PUT", "/organizations/Limited", { tax_address: ADDRESS, limits: { daily: "5" } })).status).toBe(
      200,
    );
    expect((await call("GET", "/organizations/Limited")).body.limits).toEqual({ daily: 5, currency: "EUR" });
  });

  it("lets only staff and managers update (403 Forbidden), and needs a JSON content type (415)", async () => {
    await call("POST", "/organizations", { name: "Staff Made" });
    const denied = await asUser("PUT", "/organizations/Staff Made", { notification_url: "" });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual(error("Forbidden"));
    const text = await wstore(sandbox(), "PUT", "/organizations/Staff Made", { body: "{}", contentType: "text/plain" });
    expect(text.status).toBe(415);
    expect(text.body).toEqual(error("Unsupported request media type"));
    expect((await call("PUT", "/organizations/Nothing", {})).body).toEqual(error("Organization not found"));
  });
});

describe("WStore user profiles", () => {
  it("reads one's own profile; staff read and list everyone; others get 403", async () => {
    const own = await asUser("GET", "/profiles/sandbox-user");
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      username: "sandbox-user",
      current_organization: "sandbox-user",
      roles: ["customer"],
      limits: {},
    });
    expect(own.body).not.toHaveProperty("tax_address");
    expect((await asUser("GET", "/profiles/sandbox-admin")).body).toEqual(error("Forbidden"));
    expect((await asUser("GET", "/profiles")).status).toBe(403);
    const all = (await call("GET", "/profiles")).body;
    expect(all.map((profile: { username: string }) => profile.username)).toEqual(["sandbox-admin", "sandbox-user"]);
    // The list marks managed organizations, and WStore's own organization roles list is the one it then returns
    // as the user's roles: "manager" shows up there too.
    expect(all[0].organizations[0]).toEqual({
      name: "sandbox-admin",
      roles: ["provider", "customer", "manager"],
      notification_url: null,
    });
    expect(all[0].roles).toEqual(["provider", "customer", "manager", "admin"]);
    const create = await call("POST", "/profiles", { username: "someone" });
    expect(create.body).toEqual(error("It is not possible to create users (use Account enabler instead)"));
    expect((await call("DELETE", "/profiles/sandbox-user")).status).toBe(405);
  });

  it("PUT is absolute for the tax address and the card", async () => {
    const put = await asUser("PUT", "/profiles/sandbox-user", { tax_address: ADDRESS, payment_info: CARD });
    expect(put.body).toEqual(OK);
    const read = (await asUser("GET", "/profiles/sandbox-user")).body;
    expect(read.tax_address).toEqual(ADDRESS);
    expect(read.payment_info).toEqual({ ...CARD, number: "xxxxxxxxxxxx1111" });
    expect((await asUser("PUT", "/profiles/sandbox-user", { tax_address: ADDRESS })).status).toBe(200);
    const after = (await asUser("GET", "/profiles/sandbox-user")).body;
    expect(after).not.toHaveProperty("payment_info");
    expect(after.tax_address).toEqual(ADDRESS);
    expect((await asUser("PUT", "/profiles/sandbox-user", {})).status).toBe(200);
    expect((await asUser("GET", "/profiles/sandbox-user")).body).not.toHaveProperty("tax_address");
    const badCard = await asUser("PUT", "/profiles/sandbox-user", { payment_info: { ...CARD, number: "1" } });
    expect(badCard.body).toEqual(error("Invalid content"));
    expect((await call("PUT", "/profiles/nobody", {})).body).toEqual(error("User matching query does not exist."));
  });
});

describe("WStore user profile limits and notification URL", () => {
  it("changes the notification URL for providers only", async () => {
    const url = "http://notify.example.org/";
    expect((await call("PUT", "/profiles/sandbox-admin", { notification_url: url })).status).toBe(200);
    expect((await call("GET", "/profiles/sandbox-admin")).body.notification_url).toBe(url);
    expect((await asUser("PUT", "/profiles/sandbox-user", { notification_url: url })).status).toBe(200);
    expect((await asUser("GET", "/profiles/sandbox-user")).body.notification_url).toBeNull();
  });

  it("needs an RSS for limits, and saves them before the rest of the body is checked", async () => {
    const { state } = sandbox();
    state.fiware.rss.clear();
    const noRss = await asUser("PUT", "/profiles/sandbox-user", { limits: { daily: 3 } });
    expect(noRss.body).toEqual(
      error("No RSS instance registered: An RSS instance is needed for setting up expenditure limits"),
    );
    await call("POST", "/rss", { name: "rss", host: "http://127.0.0.1:9/", api_version: 2 });
    const half = await asUser("PUT", "/profiles/sandbox-user", { limits: { daily: 3 }, tax_address: { postal: "1" } });
    expect(half.status).toBe(400);
    expect(half.body).toEqual(error("street"));
    expect((await asUser("GET", "/profiles/sandbox-user")).body.limits).toEqual({ daily: 3, currency: "EUR" });
    expect(state.fiware.remoteCalls.at(-1)).toMatchObject({ operation: "set_actor_limit sandbox-user" });
  });
});

describe("WStore organization membership", () => {
  it("changes the current organization among the user's own, which the profile then reflects", async () => {
    expect((await asUser("PUT", "/organizations/change", { organization: "Dupli" })).body).toEqual(error("Forbidden"));
    expect((await asUser("PUT", "/organizations/change", { organization: "Nothing" })).body).toEqual(
      error("Not found"),
    );
    expect((await asUser("PUT", "/organizations/change", { organization: "CoNWeT" })).body).toEqual(OK);
    const profile = (await asUser("GET", "/profiles/sandbox-user")).body;
    expect(profile.current_organization).toBe("CoNWeT");
    expect(profile.organizations).toEqual([
      { name: "sandbox-user", roles: ["customer", "manager"] },
      { name: "CoNWeT", roles: ["manager"] },
    ]);
    expect(profile.roles).toEqual(["customer", "manager"]);
  });

  it("lists members (managers last), crashes on a user's own organization as WStore does, and refuses additions", async () => {
    const members = await asUser("GET", "/organizations/CoNWeT/users");
    expect(members.body).toEqual({ members: [{ username: "sandbox-user", roles: ["manager"] }] });
    expect((await call("GET", "/organizations/sandbox-admin/users")).status).toBe(500);
    expect((await call("GET", "/organizations/Nothing/users")).body).toEqual(error("Organization not found"));
    const add = await call("POST", "/organizations/CoNWeT/users", { username: "sandbox-admin", roles: ["customer"] });
    expect(add.status).toBe(403);
    expect(add.body).toEqual(error("It is not possible to modify organizations (use Account enabler instead)"));
  });
});
