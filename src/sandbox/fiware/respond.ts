import { header, type Reply, type SandboxRequest } from "../http/request";

/**
 * WStore's `build_response`: every error and every write's success is a short message whose encoding follows the
 * `Accept` header, chosen by WStore's copy of mimeparser among three formatters. The document only says "the most
 * appropriate content-type" and shows JSON and XML; the server's rules, reproduced here, are:
 * - `X-Requested-With: XMLHttpRequest` forces JSON;
 * - no `Accept` header counts as `text/plain`;
 * - ties (e.g. `Accept` of any type, star-slash-star) go to the formatter last in the Python 2 dict's iteration order,
 *   which is text/plain, JSON, XML: so any-type gets XML, as the document's XML example shows;
 * - an `Accept` that matches none of them (e.g. `text/html`) makes the server fail with a 500.
 * JSON: `{"message", "result": "error" | "correct"}`. XML: `<error>` or `<message>`. Plain text: "Correct: ..." for a
 * success, and for an error the literal "None": the server's plain-text formatter returns nothing for errors (an
 * indentation slip in error_response.py) and Django renders that as "None".
 */
export type Format = "json" | "xml" | "text";

const FORMATTERS: ReadonlyArray<{ format: Format; mime: string }> = [
  { format: "text", mime: "text/plain; charset=utf-8" },
  { format: "json", mime: "application/json; charset=utf-8" },
  { format: "xml", mime: "application/xml; charset=utf-8" },
];

interface MediaRange {
  type: string;
  subtype: string;
  params: Record<string, string>;
}

/** mimeparser.parse_media_range; undefined where Python raises (a type without "/"). */
function parseMediaRange(range: string): MediaRange | undefined {
  const parts = range.split(";");
  const params: Record<string, string> = {};
  for (const param of parts.slice(1)) {
    const at = param.indexOf("=");
    const key = (at < 0 ? param : param.slice(0, at)).trim();
    params[key] = at < 0 ? "" : param.slice(at + 1).trim();
  }
  let full = parts[0]!.trim();
  if (full === "*") full = "*/*";
  const pieces = full.split("/");
  if (pieces.length !== 2) return undefined;
  const q = Number(params.q);
  // The old mimeparser also resets q=0 to 1 (`not float(q)`), so q=0 never refuses a type.
  if (!params.q || Number.isNaN(q) || q === 0 || q > 1 || q < 0) params.q = "1";
  return { type: pieces[0]!.trim(), subtype: pieces[1]!.trim(), params };
}

/** The formatter WStore picks; undefined when it would crash (the caller answers 500). */
export function negotiate(request: SandboxRequest): Format | undefined {
  if (header(request, "x-requested-with") === "XMLHttpRequest") return "json";
  const accept = header(request, "accept") ?? "text/plain";
  const ranges: MediaRange[] = [];
  for (const item of accept.split(",")) {
    if (item.trim() === "") continue;
    const parsed = parseMediaRange(item);
    if (!parsed) return undefined;
    ranges.push(parsed);
  }
  let best: { fitness: number; q: number; format: Format } | undefined;
  for (const { format, mime } of FORMATTERS) {
    const target = parseMediaRange(mime)!;
    let fitness = -1;
    let q = 0;
    for (const range of ranges) {
      const typeMatch = range.type === target.type || range.type === "*";
      const subtypeMatch = range.subtype === target.subtype || range.subtype === "*";
      if (!typeMatch || !subtypeMatch) continue;
      let score = (range.type === target.type ? 100 : 0) + (range.subtype === target.subtype ? 10 : 0);
      for (const [key, value] of Object.entries(target.params)) if (key !== "q" && range.params[key] === value) score++;
      if (score > fitness) {
        fitness = score;
        q = Number(range.params.q);
      }
    }
    // Python sorts (fitness, q, position) and takes the last: later formatters win ties.
    if (!best || fitness > best.fitness || (fitness === best.fitness && q >= best.q)) best = { fitness, q, format };
  }
  return best && best.q > 0 ? best.format : undefined;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * WStore's `build_response(request, status, message)`. XML and plain-text bodies are strings with a non-JSON
 * content type: the sandbox server must write them as they are (see the report's note on http/server.ts).
 */
export function message(
  request: SandboxRequest,
  status: number,
  text: string,
  headers?: Record<string, string>,
): Reply {
  const error = status >= 400;
  const format = negotiate(request);
  if (format === undefined) return serverError();
  const mime = FORMATTERS.find((formatter) => formatter.format === format)!.mime;
  if (format === "json") {
    return { status, body: { message: text, result: error ? "error" : "correct" }, contentType: mime, headers };
  }
  if (format === "xml") {
    const root = error ? "error" : "message";
    const body = `<?xml version="1.0" encoding="utf-8"?><${root}>${escapeXml(text)}</${root}>`;
    return { status, body, contentType: mime, headers };
  }
  return { status, body: error ? "None" : `Correct: ${text}`, contentType: mime, headers };
}

/**
 * An unhandled exception in a WStore view (a Python TypeError or KeyError the view does not catch): Django answers
 * its plain 500 page whatever the Accept header says.
 */
export function serverError(): Reply {
  return { status: 500, body: "<h1>Server Error (500)</h1>", contentType: "text/html; charset=utf-8" };
}

/** A read: `HttpResponse(json.dumps(...))`, JSON whatever the Accept header, with the view's own content type. */
export function listing(body: unknown, contentType = "application/json"): Reply {
  return { status: 200, body, contentType };
}

/**
 * `@supported_request_mime_types(('application/json',))` on every write that reads a body: a missing or other
 * Content-Type answers 415 before anything else (parameters after ";" are ignored).
 */
export function unsupportedMediaType(request: SandboxRequest): Reply | undefined {
  const type = (header(request, "content-type") ?? "").split(";", 1)[0];
  return type === "application/json" ? undefined : message(request, 415, "Unsupported request media type");
}

/** Django's `HttpResponseNotAllowed`: 405, an empty body and the `Allow` header listing the view's methods. */
export function notAllowed(methods: readonly string[]): Reply {
  return { status: 405, headers: { allow: methods.join(", ") } };
}
