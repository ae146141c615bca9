/**
 * The real dynamic-provider plugin, started and driven the way the Pulumi engine does it.
 *
 * ```ts
 * const plugin = await startPlugin();              // cwd = the repo root, project "pulumi-eurostack", stack "test"
 * await plugin.configure({ "scaleway:secretKey": key }, { secretKeys: ["scaleway:secretKey"] });
 * const { inputs, failures } = await plugin.check(urn, {}, news);
 * const { id, properties } = await plugin.create(urn, inputs);
 * const diff = await plugin.diff(id, urn, properties, inputs);   // olds are the stored OUTPUTS, as the engine sends
 * await plugin.delete(id, urn, properties);
 * plugin.logs();                                   // everything the plugin printed (+ engine Log calls)
 * await plugin.stop();
 * ```
 *
 * What the engine does, and so what this does:
 * - Spawns `node <cwd>/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js <engine-address>` (one argument)
 *   with cwd = the project root and `PULUMI_NODEJS_PROJECT` / `_STACK` / `_ORGANIZATION` (+ the `PULUMI_*`
 *   variants) in the environment; reads the port from the first stdout line; talks `pulumirpc.ResourceProvider`.
 *   (Plus `-r plugin-watchdog.cjs`, which only makes the plugin exit if this process dies; `watchdog: false` drops it.)
 *   The plugin only checks that the engine argument is present (it never dials it); a minimal fake `pulumirpc.Engine`
 *   server still listens there and records `Log` calls into `logs()`.
 * - Configure first (`args` struct + the legacy `variables` map, full `ns:key` names; secret config values are sent
 *   wrapped as secrets and the plugin unwraps them). The plugin answers `acceptSecrets: false`, so from then on
 *   every property sent to it is stripped of secret wrappers (plain values), like the engine does; resource
 *   references are downgraded to their id (custom) or urn.
 * - Property maps travel as `google.protobuf.Struct`: `undefined` members are dropped (JSON semantics); values not
 *   yet known in a preview are the string {@link UNKNOWN}.
 * - Errors reject with a {@link PluginError} whose message is the gRPC details. A Create/Update that failed after
 *   the object was made (the provider threw an error with `id`) carries `initFailed: { id, properties, reasons }`,
 *   decoded from the `grpc-status-details-bin` trailer (`pulumirpc.ErrorResourceInitFailed`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import type * as pluginproto from "@pulumi/pulumi/proto/plugin_pb";
import * as providerrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import type * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { startFakeEngine } from "./fake-engine";
import { downgrade, fromStruct, type PropertyMap, secretValue, toStruct } from "./wire";

export * from "./wire";

/** The repository root: the default project directory (it has node_modules/pulumi-eurostack → the built package). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult {
  inputs: PropertyMap;
  failures: CheckFailure[];
}

export interface DiffResult {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Not filled by the dynamic provider host today; kept so a change there shows up in tests. */
  stables: string[];
  diffs: string[];
}

export interface CreateResult {
  id: string;
  properties: PropertyMap;
}

export interface ReadResult {
  /** Empty when the object is gone (the engine then drops the resource from the state). */
  id: string;
  properties: PropertyMap;
  /** Present when the provider returned inputs (the engine then stores them for later diffs). */
  inputs?: PropertyMap;
}

export interface UpdateResult {
  properties: PropertyMap;
}

export interface InitFailure {
  id: string;
  properties: PropertyMap;
  reasons: string[];
}

export interface ConfigureResult {
  acceptSecrets: boolean;
  acceptResources: boolean;
  supportsPreview: boolean;
}

/** A failed RPC. `message` is the gRPC details (what the engine shows the user). */
export class PluginError extends Error {
  override readonly name = "PluginError";
  constructor(
    message: string,
    readonly method: string,
    readonly code: number,
    readonly initFailed?: InitFailure,
  ) {
    super(message);
  }
}

export interface PluginOptions {
  /** Project directory (plugin cwd). Default: the repository root. */
  cwd?: string;
  /** Default "pulumi-eurostack". */
  project?: string;
  /** Default "test". */
  stack?: string;
  /** Default "organization". */
  organization?: string;
  /** Added to (and overriding) the inherited environment. */
  env?: Record<string, string>;
  /** Inherit this process's environment (minus NODE_OPTIONS and VITEST*). Default true, like a CLI run. */
  inheritEnv?: boolean;
  /**
   * Preload test/support/plugin-watchdog.cjs so the plugin exits when this process dies (default true). It leaves
   * the plugin's argv and behaviour alone; turn it off to start the plugin with nothing added.
   */
  watchdog?: boolean;
  /** How long to wait for the port line. Default 20 s. */
  startTimeoutMs?: number;
}

export interface Plugin {
  readonly pid: number;
  readonly port: number;
  readonly cwd: string;
  readonly project: string;
  readonly stack: string;
  /** Spawn to port line, in milliseconds. */
  readonly startupMs: number;
  /** Whether Configure succeeded on this process (the engine configures once per plugin process). */
  readonly configured: boolean;
  /** The config last sent to Configure (plain values), for callers that must not reconfigure differently. */
  readonly configuredWith: Record<string, string> | undefined;
  /** Everything printed on stdout/stderr, plus `Log` calls received by the fake engine, in arrival order. */
  logs(): string;
  /** The standard `urn:pulumi:<stack>::<project>::<type>::<name>` of a top-level resource. */
  urn(type: string, name: string): string;
  getPluginInfo(): Promise<{ version: string }>;
  configure(config?: Record<string, string>, options?: { secretKeys?: string[] }): Promise<ConfigureResult>;
  check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult>;
  diff(
    id: string,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    options?: { oldInputs?: PropertyMap; ignoreChanges?: string[] },
  ): Promise<DiffResult>;
  create(
    urn: string,
    properties: PropertyMap,
    options?: { preview?: boolean; timeout?: number },
  ): Promise<CreateResult>;
  read(id: string, urn: string, properties: PropertyMap, inputs?: PropertyMap): Promise<ReadResult>;
  update(
    id: string,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    options?: { preview?: boolean; oldInputs?: PropertyMap; timeout?: number; ignoreChanges?: string[] },
  ): Promise<UpdateResult>;
  delete(id: string, urn: string, properties: PropertyMap, options?: { oldInputs?: PropertyMap }): Promise<void>;
  /** Kill the process and close the client. Idempotent. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test that forgets stop() must not leave plugin processes behind.
  process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

/** Start the plugin as the engine does and connect to it. */
export async function startPlugin(options: PluginOptions = {}): Promise<Plugin> {
  const cwd = path.resolve(options.cwd ?? REPO_ROOT);
  const project = options.project ?? "pulumi-eurostack";
  const stack = options.stack ?? "test";
  const organization = options.organization ?? "organization";
  const output: string[] = [];

  const engine = await startFakeEngine((line) => output.push(line));

  const env: Record<string, string> = {};
  if (options.inheritEnv !== false) {
    for (const [k, v] of Object.entries(process.env)) {
      if (v === undefined || k === "NODE_OPTIONS" || k.startsWith("VITEST") || k === "TEST") continue;
      env[k] = v;
    }
  }
  Object.assign(env, {
    PULUMI_NODEJS_PROJECT: project,
    PULUMI_NODEJS_STACK: stack,
    PULUMI_NODEJS_ORGANIZATION: organization,
    PULUMI_NODEJS_ROOT_DIRECTORY: cwd,
    PULUMI_PROJECT: project,
    PULUMI_STACK: stack,
    PULUMI_ORGANIZATION: organization,
    PULUMI_ROOT_DIRECTORY: cwd,
  });
  Object.assign(env, options.env ?? {});

  const entry = path.join(cwd, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js");
  const started = performance.now();
  const preload = options.watchdog === false ? [] : ["-r", path.join(__dirname, "plugin-watchdog.cjs")];
  const child = spawn(process.execPath, [...preload, entry, engine.address], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  installExitHook();
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => output.push(chunk));

  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      let buffered = "";
      let settled = false;
      const timer = setTimeout(
        () => fail(new Error(`plugin did not print its port within ${options.startTimeoutMs ?? 20_000} ms`)),
        options.startTimeoutMs ?? 20_000,
      );
      function fail(error: Error): void {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new Error(`${error.message}\n--- plugin output ---\n${output.join("")}${buffered}`));
      }
      child.stdout.on("data", (chunk: string) => {
        if (settled) {
          output.push(chunk);
          return;
        }
        buffered += chunk;
        const newline = buffered.indexOf("\n");
        if (newline < 0) return;
        const first = buffered.slice(0, newline).trim();
        const rest = buffered.slice(newline + 1);
        if (rest) output.push(rest);
        const parsed = Number(first);
        if (!Number.isInteger(parsed) || parsed <= 0) {
          output.push(`${first}\n`);
          fail(new Error(`plugin printed "${first}" instead of a port`));
          return;
        }
        settled = true;
        clearTimeout(timer);
        resolve(parsed);
      });
      child.once("error", (error) => fail(error));
      child.once("exit", (code, signal) => fail(new Error(`plugin exited early (code ${code}, signal ${signal})`)));
    });
  } catch (error) {
    child.kill("SIGKILL");
    running.delete(child);
    engine.stop();
    throw error;
  }
  const startupMs = performance.now() - started;

  const client = new providerrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });

  let configured = false;
  let configuredWith: Record<string, string> | undefined;
  let acceptSecrets = false;
  let acceptResources = false;
  let stopped = false;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });

  /** What the engine does to a property map before sending it to a provider with these capabilities. */
  const outgoing = (props: PropertyMap): structproto.Struct =>
    toStruct(downgrade(props, { keepSecrets: acceptSecrets, keepResources: acceptResources }) as PropertyMap);

  function call<Req, Res>(method: string, request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const fn = (client as any)[method] as (
        req: Req,
        cb: (err: grpc.ServiceError | null, res: Res) => void,
      ) => grpc.ClientUnaryCall;
      fn.call(client, request, (err, res) => {
        if (err) reject(toPluginError(method, err));
        else resolve(res);
      });
    });
  }

  const plugin: Plugin = {
    pid: child.pid ?? -1,
    port,
    cwd,
    project,
    stack,
    startupMs,
    get configured() {
      return configured;
    },
    get configuredWith() {
      return configuredWith;
    },
    logs: () => output.join(""),
    urn: (type, name) => `urn:pulumi:${stack}::${project}::${type}::${name}`,

    async getPluginInfo() {
      const info = await call<emptyproto.Empty, pluginproto.PluginInfo>("getPluginInfo", new emptyproto.Empty());
      return { version: info.getVersion() };
    },

    async configure(config = {}, opts = {}) {
      const secretKeys = new Set(opts.secretKeys ?? []);
      const req = new providerproto.ConfigureRequest();
      const args: PropertyMap = {};
      const variables = req.getVariablesMap();
      for (const [key, value] of Object.entries(config)) {
        variables.set(key, value);
        args[key] = secretKeys.has(key) ? secretValue(value) : value;
      }
      req.setArgs(toStruct(args));
      req.setAcceptsecrets(true);
      req.setAcceptresources(true);
      req.setSendsOldInputs(true);
      req.setSendsOldInputsToDelete(true);
      req.setId("00000000-0000-0000-0000-000000000000");
      req.setUrn(`urn:pulumi:${stack}::${project}::pulumi:providers:pulumi-nodejs::default`);
      req.setName("default");
      req.setType("pulumi:providers:pulumi-nodejs");
      const res = await call<providerproto.ConfigureRequest, providerproto.ConfigureResponse>("configure", req);
      configured = true;
      configuredWith = { ...config };
      acceptSecrets = res.getAcceptsecrets();
      acceptResources = res.getAcceptresources();
      return { acceptSecrets, acceptResources, supportsPreview: res.getSupportspreview() };
    },

    async check(urn, olds, news) {
      const req = new providerproto.CheckRequest();
      req.setUrn(urn);
      req.setName(urnName(urn));
      req.setType(urnType(urn));
      req.setOlds(outgoing(olds));
      req.setNews(outgoing(news));
      const res = await call<providerproto.CheckRequest, providerproto.CheckResponse>("check", req);
      return {
        inputs: fromStruct(res.getInputs()),
        failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },

    async diff(id, urn, olds, news, opts = {}) {
      const req = new providerproto.DiffRequest();
      req.setId(id);
      req.setUrn(urn);
      req.setName(urnName(urn));
      req.setType(urnType(urn));
      req.setOlds(outgoing(olds));
      req.setNews(outgoing(news));
      if (opts.oldInputs) req.setOldInputs(outgoing(opts.oldInputs));
      req.setIgnorechangesList(opts.ignoreChanges ?? []);
      const res = await call<providerproto.DiffRequest, providerproto.DiffResponse>("diff", req);
      const changes = res.getChanges();
      const Changes = providerproto.DiffResponse.DiffChanges;
      return {
        changes: changes === Changes.DIFF_SOME ? "some" : changes === Changes.DIFF_NONE ? "none" : "unknown",
        replaces: res.getReplacesList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
        stables: res.getStablesList(),
        diffs: res.getDiffsList(),
      };
    },

    async create(urn, properties, opts = {}) {
      const req = new providerproto.CreateRequest();
      req.setUrn(urn);
      req.setName(urnName(urn));
      req.setType(urnType(urn));
      req.setProperties(outgoing(properties));
      req.setPreview(opts.preview ?? false);
      if (opts.timeout !== undefined) req.setTimeout(opts.timeout);
      const res = await call<providerproto.CreateRequest, providerproto.CreateResponse>("create", req);
      return { id: res.getId(), properties: fromStruct(res.getProperties()) };
    },

    async read(id, urn, properties, inputs) {
      const req = new providerproto.ReadRequest();
      req.setId(id);
      req.setUrn(urn);
      req.setName(urnName(urn));
      req.setType(urnType(urn));
      req.setProperties(outgoing(properties));
      if (inputs) req.setInputs(outgoing(inputs));
      const res = await call<providerproto.ReadRequest, providerproto.ReadResponse>("read", req);
      const result: ReadResult = { id: res.getId(), properties: fromStruct(res.getProperties()) };
      if (res.hasInputs()) result.inputs = fromStruct(res.getInputs());
      return result;
    },

    async update(id, urn, olds, news, opts = {}) {
      const req = new providerproto.UpdateRequest();
      req.setId(id);
      req.setUrn(urn);
      req.setName(urnName(urn));
      req.setType(urnType(urn));
      req.setOlds(outgoing(olds));
      req.setNews(outgoing(news));
      if (opts.oldInputs) req.setOldInputs(outgoing(opts.oldInputs));
      req.setPreview(opts.preview ?? false);
      req.setIgnorechangesList(opts.ignoreChanges ?? []);
      if (opts.timeout !== undefined) req.setTimeout(opts.timeout);
      const res = await call<providerproto.UpdateRequest, providerproto.UpdateResponse>("update", req);
      return { properties: fromStruct(res.getProperties()) };
    },

    async delete(id, urn, properties, opts = {}) {
      const req = new providerproto.DeleteRequest();
      req.setId(id);
      req.setUrn(urn);
      req.setName(urnName(urn));
      req.setType(urnType(urn));
      req.setProperties(outgoing(properties));
      if (opts.oldInputs) req.setOldInputs(outgoing(opts.oldInputs));
      await call<providerproto.DeleteRequest, emptyproto.Empty>("delete", req);
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      client.close();
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
      running.delete(child);
      engine.stop();
    },
  };
  return plugin;
}

function toPluginError(method: string, err: grpc.ServiceError): PluginError {
  let initFailed: InitFailure | undefined;
  for (const raw of err.metadata?.get("grpc-status-details-bin") ?? []) {
    const status = statusproto.Status.deserializeBinary(new Uint8Array(raw as Buffer));
    for (const detail of status.getDetailsList()) {
      if (!detail.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
      const failure = providerproto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
      initFailed = {
        id: failure.getId(),
        properties: fromStruct(failure.getProperties()),
        reasons: failure.getReasonsList(),
      };
    }
  }
  return new PluginError(err.details || err.message, method, err.code, initFailed);
}

function urnName(urn: string): string {
  return urn.split("::").pop() ?? "";
}

function urnType(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}
