import { describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox";
import { CREATED, error, wstore } from "./fiware-helpers";
import { useSandbox } from "./helpers";

const sandbox = useSandbox();
const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>';

describe("WStore messages follow the Accept header", () => {
  const unknownRss = (accept: string | null, headers?: Record<string, string>) =>
    wstore(sandbox(), "GET", "/rss/unknown", { accept, headers });

  it("JSON for application/json (and for XMLHttpRequest whatever Accept says)", async () => {
    const answer = await unknownRss("application/json");
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(answer.body).toEqual(error("Invalid request"));
    const xhr = await unknownRss("application/xml", { "x-requested-with": "XMLHttpRequest" });
    expect(xhr.body).toEqual(error("Invalid request"));
  });

  it("XML for application/xml and for a bare */* (the document's XML example)", async () => {
    for (const accept of ["application/xml", "*/*", "application/*"]) {
      const answer = await unknownRss(accept);
      expect(answer.headers.get("content-type"), accept).toBe("application/xml; charset=utf-8");
      expect(answer.text).toBe(`${XML_HEAD}<error>Invalid request</error>`);
    }
    const created = await wstore(sandbox(), "POST", "/units", {
      accept: "*/*",
      body: { name: "xml & co", defined_model: "pay per use" },
    });
    expect(created.text).toBe(`${XML_HEAD}<message>Created</message>`);
    const escaped = await wstore(sandbox(), "POST", "/units", {
      accept: "application/xml",
      body: { name: "xml & co", defined_model: "pay per use" },
    });
    expect(escaped.text).toBe(`${XML_HEAD}<error>The unit already exists</error>`);
  });

  it("plain text without an Accept header: 'Correct: ...' for a success, the server's 'None' for an error", async () => {
    const failed = await unknownRss(null);
    expect(failed.status).toBe(400);
    expect(failed.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(failed.text).toBe("None");
    const created = await wstore(sandbox(), "POST", "/currency", { accept: null, body: { currency: "EUR" } });
    expect(created.status).toBe(201);
    expect(created.text).toBe("Correct: Created");
  });

  it("ranks by specificity, then q, like mimeparser; an Accept it cannot serve is a 500", async () => {
    expect((await unknownRss("application/json;q=0.2, */*")).body).toEqual(error("Invalid request"));
    expect((await unknownRss("text/plain;q=0.5, application/xml;q=0.9")).text).toContain("<error>");
    expect((await unknownRss("text/*")).text).toBe("None");
    const html = await unknownRss("text/html");
    expect(html.status).toBe(500);
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });

  it("reads are JSON whatever Accept says", async () => {
    await wstore(sandbox(), "POST", "/currency", { body: { currency: "NOK" } });
    const list = await wstore(sandbox(), "GET", "/currency", { accept: "application/xml" });
    expect(list.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(list.body).toContainEqual({ currency: "NOK", default: expect.any(Boolean) });
  });
});

describe("WStore protocol", () => {
  it("answers 401 'Authentication required' with a challenge to a missing or unknown token", async () => {
    for (const token of [null, "wrong"]) {
      const answer = await wstore(sandbox(), "GET", "/rss", { token });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(error("Authentication required"));
      expect(answer.headers.get("www-authenticate")).toMatch(/^Cookie realm=/);
    }
  });

  it("answers 415 to writes without a JSON content type and decodes nothing else", async () => {
    const missing = await wstore(sandbox(), "POST", "/units", { body: '{"name":"n"}', contentType: null });
    expect(missing.status).toBe(415);
    expect(missing.body).toEqual(error("Unsupported request media type"));
    const withCharset = await wstore(sandbox(), "POST", "/units", {
      body: { name: "charset", defined_model: "pay per use" },
      contentType: "application/json; charset=utf-8",
    });
    expect(withCharset.body).toEqual(CREATED);
    const broken = await wstore(sandbox(), "POST", "/units", { body: "{not json" });
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual(error("No JSON object could be decoded"));
  });

  it("answers 405 with an Allow header and no body to a method a route lacks", async () => {
    const answer = await wstore(sandbox(), "PUT", "/marketplaces");
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("GET, POST");
    expect(answer.text).toBe("");
  });

  it("injects faults in the negotiated shape", async () => {
    sandbox().faults.add({ system: "fiware", path: "/api/administration/units", status: 503 });
    const answer = await wstore(sandbox(), "GET", "/units");
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual(error("injected fault"));
  });

  it("takes the non-staff token and the remote answers from the options", async () => {
    const other = await startSandbox({ fiware: { nonStaffToken: "plain-user-token", remoteRss: 502 } });
    try {
      expect(other.state.fiware.nonStaffToken).toBe("plain-user-token");
      const denied = await wstore(other, "POST", "/currency", { token: "plain-user-token", body: { currency: "EUR" } });
      expect(denied.status).toBe(403);
      await wstore(other, "POST", "/currency", { body: { currency: "EUR" } });
      const rss = await wstore(other, "POST", "/rss", {
        body: { name: "r", host: "http://127.0.0.1:9", api_version: 1 },
      });
      expect(rss.status).toBe(502);
      expect(other.state.fiware.rss.size).toBe(0);
      expect(other.state.fiware.remoteCalls).toEqual([
        { remote: "rss", operation: "set_provider_limit", host: "http://127.0.0.1:9/", answer: 502 },
      ]);
    } finally {
      await other.stop();
    }
  });
});
