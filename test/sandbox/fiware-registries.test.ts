import { describe, expect, it } from "vitest";
import { CREATED, error, OK, wstore } from "./fiware-helpers";
import { useSandbox } from "./helpers";

const sandbox = useSandbox();
const call = (method: string, path: string, body?: unknown) => wstore(sandbox(), method, path, { body });

describe("WStore marketplaces", () => {
  it("registers with a digit-string api_version, reads it back as a number, and has no PUT", async () => {
    const created = await call("POST", "/marketplaces", {
      name: "Lab Market",
      host: "https://m.example.org",
      api_version: "2",
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(CREATED);
    const list = await call("GET", "/marketplaces");
    expect(list.headers.get("content-type")).toBe("application/JSON; charset=UTF-8");
    expect(list.body).toContainEqual({ name: "Lab Market", host: "https://m.example.org/", api_version: 2 });
    const put = await call("PUT", "/marketplaces/Lab Market", { name: "x" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("DELETE");
    expect(sandbox().state.fiware.remoteCalls.at(-1)).toMatchObject({ remote: "marketplace", operation: "add_store" });
  });

  it("answers 500 to the documented numeric api_version and 400 to other versions", async () => {
    const numeric = await call("POST", "/marketplaces", {
      name: "Numeric",
      host: "https://n.example.org",
      api_version: 2,
    });
    expect(numeric.status).toBe(500);
    for (const version of ["3", "v2", ""]) {
      const answer = await call("POST", "/marketplaces", {
        name: "Bad",
        host: "https://b.example.org",
        api_version: version,
      });
      expect(answer.body).toEqual(error("Invalid API version"));
    }
    expect(sandbox().state.fiware.marketplaces.has("Numeric")).toBe(false);
  });

  it("needs credentials for version 1 and never shows them", async () => {
    const base = { name: "Old Market", host: "https://old.example.org/", api_version: "1" };
    expect((await call("POST", "/marketplaces", base)).body).toEqual(error("Missing required field credentials"));
    const partial = await call("POST", "/marketplaces", { ...base, credentials: { username: "u" } });
    expect(partial.body).toEqual(error("Missing required field passwd in credentials"));
    const full = await call("POST", "/marketplaces", { ...base, credentials: { username: "u", passwd: "p" } });
    expect(full.status).toBe(201);
    const shown = (await call("GET", "/marketplaces")).body.find(
      (market: { name: string }) => market.name === "Old Market",
    );
    expect(shown).toEqual({ name: "Old Market", host: "https://old.example.org/", api_version: 1 });
  });

  it("answers 409 for the same name or the same host", async () => {
    await call("POST", "/marketplaces", { name: "Unique", host: "https://u.example.org/", api_version: "2" });
    for (const body of [
      { name: "Unique", host: "https://other.example.org/", api_version: "2" },
      { name: "Another", host: "https://u.example.org", api_version: "2" },
    ]) {
      const answer = await call("POST", "/marketplaces", body);
      expect(answer.status).toBe(409);
      expect(answer.body).toEqual(error("Marketplace already registered"));
    }
  });

  it("records nothing when the remote Marketplace fails, and deletes only when it agrees", async () => {
    const { state } = sandbox();
    state.fiware.remote.marketplace = 502;
    const failed = await call("POST", "/marketplaces", {
      name: "Flaky",
      host: "https://f.example.org/",
      api_version: "2",
    });
    expect(failed.status).toBe(502);
    expect(failed.body).toEqual(error("The Marketplace has failed registering the store"));
    expect(state.fiware.marketplaces.has("Flaky")).toBe(false);
    state.fiware.remote.marketplace = "success";
    await call("POST", "/marketplaces", { name: "Flaky", host: "https://f.example.org/", api_version: "2" });
    state.fiware.remote.marketplace = 502;
    expect((await call("DELETE", "/marketplaces/Flaky")).body).toEqual(error("Bad Gateway"));
    state.fiware.remote.marketplace = "success";
    expect((await call("DELETE", "/marketplaces/Flaky")).status).toBe(204);
    expect((await call("DELETE", "/marketplaces/Flaky")).body).toEqual(error("Not found"));
  });

  it("keeps registration and deletion to staff", async () => {
    const body = { name: "Staff Only", host: "https://s.example.org/", api_version: "2" };
    const post = await wstore(sandbox(), "POST", "/marketplaces", { body, token: "non-staff" });
    expect(post.status).toBe(403);
    expect(post.body).toEqual(error("You are not allowed to register WStore in a Marketplace"));
    await call("POST", "/marketplaces", body);
    const del = await wstore(sandbox(), "DELETE", "/marketplaces/Staff Only", { token: "non-staff" });
    expect(del.body).toEqual(error("Forbidden"));
    expect((await wstore(sandbox(), "GET", "/marketplaces", { token: "non-staff" })).status).toBe(200);
  });
});

const repository = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  host: `https://${name.toLowerCase()}.example.org`,
  api_version: "2",
  offering_collection: "offerings",
  resource_collection: "resources",
  ...extra,
});

describe("WStore repositories", () => {
  it("makes the first one the default, moves the default on request, and promotes another on delete", async () => {
    expect((await call("POST", "/repositories", repository("First"))).body).toEqual(CREATED);
    await call("POST", "/repositories", repository("Second"));
    await call("POST", "/repositories", repository("Third", { is_default: true }));
    const defaults = async () =>
      (await call("GET", "/repositories")).body
        .filter((repo: { is_default: boolean }) => repo.is_default)
        .map((repo: { name: string }) => repo.name);
    expect(await defaults()).toEqual(["Third"]);
    expect((await call("GET", "/repositories")).body[0]).toEqual({
      name: "First",
      host: "https://first.example.org/",
      is_default: false,
      offering_collection: "offerings",
      resource_collection: "resources",
      api_version: 2,
    });
    expect((await call("DELETE", "/repositories/Third")).status).toBe(204);
    expect(await defaults()).toEqual(["First"]);
    expect((await call("POST", "/repositories/Second/default")).body).toEqual(OK);
    expect(await defaults()).toEqual(["Second"]);
    expect((await call("DELETE", "/repositories/Second")).status).toBe(204);
    expect(await defaults()).toEqual(["First"]);
    expect((await call("DELETE", "/repositories/Second")).body).toEqual(
      error("The specified repository does not exist"),
    );
  });

  it("answers 409 for the same name or host, and validates like the server", async () => {
    await call("POST", "/repositories", repository("Taken"));
    expect((await call("POST", "/repositories", repository("Taken", { host: "https://x.example.org" }))).status).toBe(
      409,
    );
    const sameHost = await call("POST", "/repositories", repository("Fresh", { host: "https://taken.example.org/" }));
    expect(sameHost.status).toBe(409);
    expect(sameHost.body).toEqual(error("The given repository is already registered"));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ resource_collection: undefined }, "Missing required field: resource_collection"],
      [{ offering_collection: "with space" }, "Invalid offering_collection format: Invalid character found"],
      [{ host: "ftp://r.example.org" }, "Invalid URL format"],
      [{ api_version: "1.0" }, "Invalid api_version format: must be an integer"],
      [{ api_version: "3" }, "Invalid api_version: Only versions 1 and 2 are supported"],
    ];
    for (const [change, text] of cases) {
      const answer = await call("POST", "/repositories", JSON.parse(JSON.stringify(repository("Valid", change))));
      expect(answer.status, text).toBe(400);
      expect(answer.body).toEqual(error(text));
    }
    expect((await call("POST", "/repositories", repository("Numeric", { api_version: 2 }))).status).toBe(500);
  });

  it("keeps writes to staff", async () => {
    const post = await wstore(sandbox(), "POST", "/repositories", { body: repository("Mine"), token: "non-staff" });
    expect(post.body).toEqual(error("You are not authorized to register a repository"));
    await call("POST", "/repositories", repository("Mine"));
    expect((await wstore(sandbox(), "DELETE", "/repositories/Mine", { token: "non-staff" })).status).toBe(403);
    expect((await wstore(sandbox(), "POST", "/repositories/Mine/default", { token: "non-staff" })).status).toBe(403);
  });
});
