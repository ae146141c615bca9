import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type Cassette, type Headers, type Interaction, parseQuery, type Query, querySuffix } from "./cassettes";

/**
 * A local HTTP server that answers with a cassette's recorded responses, so a test can run the project's real client
 * against recorded Scaleway behaviour and then compare the requests it sent with the recorded ones.
 *
 * Matching: method + path + query (unless `ignoreQuery`). Among the unused matching interactions, the first one after
 * the last interaction served wins, so a repeated request (GET before and after a DELETE) gets the answer recorded at
 * that point of the story; failing that, the first unused one anywhere (flagged `outOfOrder`). With `strictOrder`, only
 * the next unused interaction in recorded order may answer. An unmatched request is answered 599 with a JSON body
 * saying what was expected, and is listed in `unmatched`.
 */

export const UNMATCHED_STATUS = 599;

export interface ReplayOptions {
  /** Only the next unused interaction in recorded order may answer. Default false. */
  strictOrder?: boolean;
  /** Match on method + path only. Default false. */
  ignoreQuery?: boolean;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: Query;
  /** Parsed JSON, the raw text when not JSON, undefined when empty. */
  body: unknown;
  bodyText: string;
  /** Lower-case names. */
  headers: Headers;
  /** Index (position) of the interaction that answered; undefined when unmatched. */
  interaction?: number;
  /** True when the answering interaction lies before one already served. */
  outOfOrder?: boolean;
}

export interface ReplayServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  received: ReceivedRequest[];
  unmatched: ReceivedRequest[];
  /** Interactions not served yet, in recorded order. */
  remaining(): Interaction[];
  stop(): Promise<void>;
}

// Hop-by-hop or length headers that Node computes itself; replaying them could contradict the body actually sent.
const SKIPPED_RESPONSE_HEADERS = new Set(["content-length", "transfer-encoding", "connection", "date", "keep-alive"]);

export async function startReplayServer(cassette: Cassette, options: ReplayOptions = {}): Promise<ReplayServer> {
  const interactions = cassette.interactions;
  const used = new Array<boolean>(interactions.length).fill(false);
  let cursor = -1; // position of the last interaction served
  const received: ReceivedRequest[] = [];
  const unmatched: ReceivedRequest[] = [];

  const matches = (request: ReceivedRequest, candidate: Interaction): boolean =>
    candidate.request.method === request.method &&
    candidate.request.path === request.path &&
    (options.ignoreQuery === true || sameQuery(candidate.request.query, request.query));

  const pick = (request: ReceivedRequest): number => {
    if (options.strictOrder) {
      const next = used.indexOf(false);
      return next >= 0 && matches(request, interactions[next]) ? next : -1;
    }
    for (let i = cursor + 1; i < interactions.length; i++) if (!used[i] && matches(request, interactions[i])) return i;
    for (let i = 0; i <= cursor; i++) if (!used[i] && matches(request, interactions[i])) return i;
    return -1;
  };

  const server = createServer(async (req, res) => {
    const request = await readRequest(req);
    received.push(request);
    const position = pick(request);
    if (position < 0) {
      unmatched.push(request);
      const body = JSON.stringify({
        error: "replay: no recorded interaction matches this request",
        cassette: cassette.name,
        received: `${request.method} ${request.path}${querySuffix(request.query)}`,
        expected: describeExpected(interactions, used, options.strictOrder === true),
      });
      res.writeHead(UNMATCHED_STATUS, { "content-type": "application/json" }).end(body);
      return;
    }
    used[position] = true;
    request.interaction = interactions[position].index;
    request.outOfOrder = position < cursor;
    cursor = Math.max(cursor, position);
    const recorded = interactions[position].response;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(recorded.headers)) {
      if (!SKIPPED_RESPONSE_HEADERS.has(name)) headers[name] = value;
    }
    const noBody = recorded.status === 204 || recorded.status === 304 || request.method === "HEAD";
    res
      .writeHead(recorded.status, recorded.statusText || undefined, headers)
      .end(noBody ? undefined : recorded.bodyText);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    unmatched,
    remaining: () => interactions.filter((_, i) => !used[i]),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // Clients keep connections alive (undici pools): close them, or close() waits for their idle timeout.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readRequest(req: IncomingMessage): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const bodyText = Buffer.concat(chunks).toString("utf8");
  const url = new URL(req.url ?? "/", "http://replay.invalid");
  const headers: Headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path: url.pathname,
    query: parseQuery(url.search),
    body: parseMaybeJson(bodyText),
    bodyText,
    headers,
  };
}

function parseMaybeJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeExpected(interactions: Interaction[], used: boolean[], strict: boolean): string[] {
  const open = interactions.filter((_, i) => !used[i]);
  const shown = strict ? open.slice(0, 1) : open;
  return shown.map(
    (i) => `#${i.index} ${i.request.method} ${i.request.path}${querySuffix(i.request.query)} -> ${i.response.status}`,
  );
}

function sameQuery(a: Query, b: Query): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const x = a[key] ?? [];
    const y = b[key] ?? [];
    if (x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Request-sequence comparison

export interface ComparableRequest {
  method: string;
  path: string;
  query?: Query;
  body?: unknown;
}

export interface CompareOptions {
  /** Body keys ignored at any depth (e.g. generated names, timestamps). */
  ignoreBodyKeys?: string[];
  /** Query parameters ignored. */
  ignoreQueryKeys?: string[];
  /** Compare only method and path. */
  ignoreBodies?: boolean;
}

/**
 * Differences between the requests a client sent and the recorded ones, as readable lines; empty when they agree.
 * Requests are aligned by method + path (longest common subsequence), so one missing or extra request shows as one
 * line instead of shifting every later comparison. Aligned pairs are compared on query and JSON body (key order and
 * `ignoreBodyKeys` ignored; array order significant).
 */
export function compareRequests(
  received: ComparableRequest[],
  recorded: Array<ComparableRequest | Interaction>,
  options: CompareOptions = {},
): string[] {
  const expected = recorded.map((r) => ("request" in r ? r.request : r));
  const key = (r: ComparableRequest) => `${r.method.toUpperCase()} ${r.path}`;
  const a = received.map(key);
  const b = expected.map(key);
  // LCS table over the two key sequences.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const diffs: string[] = [];
  const ignoredKeys = new Set(options.ignoreBodyKeys ?? []);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      const label = `request ${i} (recorded ${j}) ${a[i]}`;
      const queryDiff = diffQuery(received[i].query ?? {}, expected[j].query ?? {}, options.ignoreQueryKeys ?? []);
      if (queryDiff) diffs.push(`${label}: query differs: ${queryDiff}`);
      if (!options.ignoreBodies) {
        for (const d of diffValues(received[i].body, expected[j].body, "body", ignoredKeys))
          diffs.push(`${label}: ${d}`);
      }
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      diffs.push(`missing: recorded request ${j} ${b[j]} was not sent`);
      j++;
    } else {
      diffs.push(`extra: request ${i} ${a[i]} is not in the recording`);
      i++;
    }
  }
  return diffs;
}

function diffQuery(sent: Query, recorded: Query, ignored: string[]): string | undefined {
  const strip = (q: Query) => Object.fromEntries(Object.entries(q).filter(([k]) => !ignored.includes(k)));
  const x = strip(sent);
  const y = strip(recorded);
  return sameQuery(x, y) ? undefined : `sent ${querySuffix(x) || "(none)"}, recorded ${querySuffix(y) || "(none)"}`;
}

/** Structural differences between two JSON values, each as "path: sent X, recorded Y". */
export function diffValues(sent: unknown, recorded: unknown, at: string, ignoredKeys = new Set<string>()): string[] {
  if (Object.is(sent, recorded)) return [];
  const show = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v));
  if (Array.isArray(sent) && Array.isArray(recorded)) {
    const out: string[] = [];
    if (sent.length !== recorded.length) out.push(`${at}: sent ${sent.length} items, recorded ${recorded.length}`);
    const n = Math.min(sent.length, recorded.length);
    for (let k = 0; k < n; k++) out.push(...diffValues(sent[k], recorded[k], `${at}[${k}]`, ignoredKeys));
    return out;
  }
  if (isPlainObject(sent) && isPlainObject(recorded)) {
    const out: string[] = [];
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(sent)])].sort();
    for (const k of keys) {
      if (!ignoredKeys.has(k)) out.push(...diffValues(sent[k], recorded[k], `${at}.${k}`, ignoredKeys));
    }
    return out;
  }
  return [`${at}: sent ${show(sent)}, recorded ${show(recorded)}`];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
