import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setImmediate as afterPendingIo, setTimeout as sleep } from "node:timers/promises";
import type { FaultRegistry } from "../faults";
import type { SystemModule } from "../system";
import type { FaultRule, RecordedRequest } from "../types";
import { parseBody, parseQuery, type Reply, type SandboxRequest } from "./request";

export interface ServerDeps {
  requests: RecordedRequest[];
  faults: FaultRegistry;
  latencyMs: () => number;
  /** Aborted by stop(): pending latency and fault delays end at once instead of holding the process open. */
  signal: AbortSignal;
}

export interface SystemServer {
  url: string;
  close(): Promise<void>;
}

/** Serves one system on 127.0.0.1: read, record, latency, fault, authenticate, route, answer. */
export async function startSystemServer(module: SystemModule, deps: ServerDeps, port = 0): Promise<SystemServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    handle(module, deps, req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, module.error(500, (error as Error).message));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
  };
}

async function handle(module: SystemModule, deps: ServerDeps, req: IncomingMessage, res: ServerResponse) {
  const rawBody = await readBody(req);
  const url = new URL(req.url ?? "/", "http://sandbox.invalid");
  const method = (req.method ?? "GET").toUpperCase();
  const { body, bodyError } = parseBody(rawBody, req.headers["content-type"]);
  const request: SandboxRequest = {
    system: module.name,
    method,
    path: url.pathname,
    query: parseQuery(url.searchParams),
    headers: req.headers,
    rawBody,
    body,
    bodyError,
    params: {},
    remoteAddress: req.socket.remoteAddress ?? "127.0.0.1",
  };
  const record: RecordedRequest = {
    system: module.name,
    method,
    path: request.path,
    query: request.query,
    headers: { ...req.headers },
    body,
    status: 0,
    at: Date.now(),
  };
  deps.requests.push(record);

  if (!(await pause(deps.latencyMs(), deps.signal))) return;
  const rule = deps.faults.take(module.name, method, request.path);
  if (rule?.delayMs !== undefined) {
    // Recorded before the wait: a client that gives up meanwhile still met a slow answer.
    record.faulted = "delay";
    if (!(await pause(rule.delayMs, deps.signal))) return;
    // A busy process runs a due timer before the I/O that arrived meanwhile: let a client's hang-up be seen first,
    // so a request its client gave up on is dropped without acting, as the slow-answer fault promises.
    await afterPendingIo();
  }
  // The socket shows a hang-up first; the response only a few ticks later.
  if (res.destroyed || req.socket.destroyed) return;

  if (rule?.reset === "before") {
    record.faulted = "reset-before";
    req.socket.destroy();
    return;
  }
  if (rule?.status !== undefined) {
    record.faulted = "status";
    const reply = faultReply(module, rule, request);
    record.status = reply.status;
    send(res, withHeaders(reply, module.headers?.(request)));
    return;
  }

  const reply = dispatch(module, request);
  record.status = reply.status;
  if (rule?.reset === "after") {
    record.faulted = "reset-after";
    req.socket.destroy();
    return;
  }
  send(res, withHeaders(reply, module.headers?.(request)));
}

function dispatch(module: SystemModule, request: SandboxRequest): Reply {
  const match = module.router.match(request.method, request.path);
  if (!(match.kind === "route" && match.options.public)) {
    const denied = module.authenticate(request);
    if (denied) return denied;
  }
  if (match.kind === "not-found") return module.error(404, undefined, request);
  if (match.kind === "method-not-allowed") return module.error(405, undefined, request);
  if (request.bodyError) return module.error(400, request.bodyError, request);
  request.params = match.params;
  try {
    return match.handler(request);
  } catch (error) {
    return module.error(500, `sandbox handler failed: ${(error as Error).message}`, request);
  }
}

function faultReply(module: SystemModule, rule: FaultRule, request: SandboxRequest): Reply {
  const status = rule.status!;
  const reply: Reply =
    rule.body !== undefined ? { status, body: rule.body } : module.error(status, "injected fault", request);
  if (rule.retryAfterSeconds === undefined) return reply;
  return withHeaders(reply, { "retry-after": String(rule.retryAfterSeconds) });
}

function withHeaders(reply: Reply, headers: Record<string, string> | undefined): Reply {
  return headers ? { ...reply, headers: { ...headers, ...reply.headers } } : reply;
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.body === undefined || reply.status === 204 || reply.status === 304) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  // A string with a non-JSON content type (WStore's XML and plain-text messages) is written as it is.
  const verbatim =
    typeof reply.body === "string" && !(reply.contentType ?? "application/json").toLowerCase().includes("json");
  const text = verbatim ? (reply.body as string) : JSON.stringify(reply.body);
  headers["content-type"] = reply.contentType ?? "application/json";
  headers["content-length"] = Buffer.byteLength(text);
  res.writeHead(reply.status, headers);
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** false when the sandbox stopped meanwhile. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (!(ms > 0)) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
