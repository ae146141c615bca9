/**
 * Runs a Pulumi TypeScript program in this process, with the SDK's mock monitor (`pulumi.runtime.setMocks`), and
 * hands every resource registration to a callback in the engine's wire form.
 *
 * ```ts
 * import * as eurostack from "pulumi-eurostack";     // the BUILT package (dist/, loaded natively, see vitest.config)
 * const { registrations } = await captureRegistrations(() => {
 *   new eurostack.scaleway.Application("ci", { name: "ci-deployer" });
 * });
 * registrations[0].inputs.__provider;                // the SDK's own serialization of the provider
 * ```
 *
 * - The program runs inside `pulumi.runtime.runInPulumiStack`, as the language host runs it: a root
 *   `pulumi:pulumi:Stack` resource is registered first, the program's return value becomes the stack outputs.
 * - The mock monitor's `registerResource`/`readResource` are replaced, so the callback sees the raw request:
 *   `wireInputs` exactly as the SDK sent them (secrets wrapped as `{4dabf…: 1b47…, value}`, values not known in a
 *   preview as the {@link UNKNOWN} string), the `additionalSecretOutputs`, dependencies and options. It answers with
 *   an id and wire-form outputs (wrap a value with `secretValue` to make the program see a secret Output).
 * - Runs are serialized: the Pulumi runtime is process-global.
 * - `unknown(value)` gives an Output that is unknown in a preview and `value` in an update, for programs that need
 *   "known after apply" values.
 * - Everything here must use the same `@pulumi/pulumi` instance as the resource classes; vitest externalizes
 *   node_modules and the built package (see vitest.config.ts), so `import "@pulumi/pulumi"` is that instance.
 */

import * as pulumi from "@pulumi/pulumi";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import type * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { containsSecret, fromStruct, type PropertyMap, stripSecrets, toStruct } from "./plugin";

export type Program = () => unknown;

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export interface Registration {
  urn: string;
  type: string;
  name: string;
  /** false for components and the root stack. */
  custom: boolean;
  parent: string;
  /** Plain values (secret wrappers removed), including the serialized `__provider`; unknowns are {@link UNKNOWN}. */
  inputs: PropertyMap;
  /** As sent by the SDK: secrets wrapped. */
  wireInputs: PropertyMap;
  /** Top-level input keys that hold a secret (anywhere inside). */
  secretInputs: string[];
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  additionalSecretOutputs: string[];
  deleteBeforeReplace: boolean;
  replaceOnChanges: string[];
  ignoreChanges: string[];
  protect: boolean;
  retainOnDelete: boolean;
  /** Set for `Resource.get`-style reads (`opts.id`), empty otherwise. */
  readId: string;
}

export interface RegistrationResult {
  id: string;
  /** Wire form: may hold secret wrappers, and {@link UNKNOWN} in a preview. */
  outputs: PropertyMap;
}

export interface RunOptions {
  project?: string;
  stack?: string;
  organization?: string;
  /** Run as `pulumi preview` does (`isDryRun()`), so unknowns are sent as {@link UNKNOWN}. */
  preview?: boolean;
  /** Stack config for the program's `pulumi.Config` (full `ns:key` names). */
  config?: Record<string, string>;
  secretKeys?: string[];
  /**
   * Answers a registration of a custom resource (the default echoes inputs with id `<name>-id`). A rejection
   * answers the SDK with empty outputs and makes the run reject after the program ends.
   */
  register?: (registration: Registration) => Promise<RegistrationResult>;
  /** Answers a read of an existing resource (`opts.id`). Default: like `register`. */
  read?: (registration: Registration) => Promise<RegistrationResult>;
}

export interface RunResult {
  registrations: Registration[];
  /** The stack outputs in wire form (secrets wrapped), i.e. what the program returned. */
  exports: PropertyMap;
}

let queue: Promise<unknown> = Promise.resolve();

/** Run a program; see the file comment. Rejects when the program throws. */
export function runProgram(program: Program, options: RunOptions = {}): Promise<RunResult> {
  const run = queue.then(() => runExclusive(program, options));
  queue = run.catch(() => undefined);
  return run;
}

/** Run a program and only record what it registers (custom resources are echoed: outputs = inputs). */
export function captureRegistrations(program: Program, options: Omit<RunOptions, "register"> = {}): Promise<RunResult> {
  return runProgram(program, options);
}

/** An Output that is unknown in a preview and `value` otherwise. */
export function unknown<T>(value?: T): pulumi.Output<T> {
  if (!pulumi.runtime.isDryRun()) return pulumi.output(value as T) as pulumi.Output<T>;
  const OutputClass = pulumi.Output as unknown as new (
    resources: Set<pulumi.Resource>,
    promise: Promise<T>,
    isKnown: Promise<boolean>,
    isSecret: Promise<boolean>,
    allResources: Promise<Set<pulumi.Resource>>,
  ) => pulumi.Output<T>;
  return new OutputClass(
    new Set(),
    Promise.resolve(undefined as T),
    Promise.resolve(false),
    Promise.resolve(false),
    Promise.resolve(new Set()),
  );
}

async function echo(registration: Registration): Promise<RegistrationResult> {
  return { id: registration.custom ? `${registration.name}-id` : "", outputs: registration.wireInputs };
}

async function runExclusive(program: Program, options: RunOptions): Promise<RunResult> {
  const project = options.project ?? "pulumi-eurostack";
  const stack = options.stack ?? "test";
  const registrations: Registration[] = [];
  const handlerErrors: Error[] = [];
  let stackUrn = "";
  let exportsWire: PropertyMap = {};

  await pulumi.runtime.setMocks(
    {
      newResource: () => {
        throw new Error("test/support/program: the mock monitor's newResource is replaced and must not be called");
      },
      call: (args) => {
        throw new Error(`test/support/program: invoke ${args.token} is not supported`);
      },
    },
    project,
    stack,
    options.preview ?? false,
    options.organization ?? "organization",
  );
  pulumi.runtime.setAllConfig(options.config ?? {}, options.secretKeys ?? []);

  const monitor = pulumi.runtime.getMonitor() as any;
  if (!monitor || typeof monitor.registerResource !== "function") {
    throw new Error("test/support/program: setMocks did not install a mock monitor");
  }
  const register = options.register ?? echo;
  const read = options.read ?? register;

  const handle = (
    req: resproto.RegisterResourceRequest | resproto.ReadResourceRequest,
    isRead: boolean,
    answer: (registration: Registration, result: RegistrationResult) => unknown,
    cb: (err: Error | null, res?: unknown) => void,
  ): void => {
    const registration = describe(req, isRead, project, stack);
    registrations.push(registration);
    if (registration.type === ROOT_STACK_TYPE) stackUrn = registration.urn;
    const handler = !registration.custom ? echoComponent : isRead ? read : register;
    handler(registration).then(
      (result) => cb(null, answer(registration, result)),
      (error: unknown) => {
        // Answering with an RPC error would reject the resource's outputs, which nobody may await (unhandled
        // rejections); the run fails at the end instead, like the engine ending the deployment.
        handlerErrors.push(new Error(`${registration.urn}: ${error instanceof Error ? error.message : String(error)}`));
        cb(null, answer(registration, { id: "", outputs: {} }));
      },
    );
  };

  monitor.registerResource = (req: resproto.RegisterResourceRequest, cb: (err: Error | null, res?: unknown) => void) =>
    handle(
      req,
      false,
      (registration, result) => {
        const res = new resproto.RegisterResourceResponse();
        res.setUrn(registration.urn);
        res.setId(result.id);
        res.setObject(toStruct(result.outputs));
        return res;
      },
      cb,
    );
  monitor.readResource = (req: resproto.ReadResourceRequest, cb: (err: Error | null, res?: unknown) => void) =>
    handle(
      req,
      true,
      (registration, result) => {
        const res = new resproto.ReadResourceResponse();
        res.setUrn(registration.urn);
        res.setProperties(toStruct(result.outputs));
        return res;
      },
      cb,
    );
  monitor.registerResourceOutputs = (
    req: resproto.RegisterResourceOutputsRequest,
    cb: (err: Error | null, res?: unknown) => void,
  ) => {
    if (req.getUrn() === stackUrn) exportsWire = fromStruct(req.getOutputs());
    cb(null, {});
  };

  // The program's own error is caught inside the stack: let through, it would also reject the stack resource's
  // outputs, which nobody awaits (unhandled rejections).
  let failure: unknown;
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      try {
        return await program();
      } catch (error) {
        failure = error ?? new Error("the program threw");
        return undefined;
      }
    });
  } catch (error) {
    failure ??= error;
  }
  // Registrations the program did not await still have to finish before the run ends.
  await (pulumi.runtime as any).waitForRPCs();
  if (failure !== undefined) throw failure;
  if (handlerErrors.length === 1) throw handlerErrors[0];
  if (handlerErrors.length > 1) throw new AggregateError(handlerErrors, handlerErrors.map((e) => e.message).join("\n"));
  return { registrations, exports: exportsWire };
}

async function echoComponent(registration: Registration): Promise<RegistrationResult> {
  return { id: "", outputs: registration.type === ROOT_STACK_TYPE ? {} : registration.wireInputs };
}

function describe(
  req: resproto.RegisterResourceRequest | resproto.ReadResourceRequest,
  isRead: boolean,
  project: string,
  stack: string,
): Registration {
  const type = req.getType();
  const name = req.getName();
  const parent = req.getParent();
  const wireInputs = fromStruct(
    isRead
      ? (req as resproto.ReadResourceRequest).getProperties()
      : ((req as resproto.RegisterResourceRequest).getObject() as structproto.Struct | undefined),
  );
  const secretInputs = Object.keys(wireInputs).filter((k) => containsSecret(wireInputs[k]));
  const base = {
    urn: urnOf(project, stack, parent, type, name),
    type,
    name,
    parent,
    inputs: stripSecrets(wireInputs),
    wireInputs,
    secretInputs,
    dependencies: req.getDependenciesList(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
  };
  if (isRead) {
    return {
      ...base,
      custom: true,
      propertyDependencies: {},
      deleteBeforeReplace: false,
      replaceOnChanges: [],
      ignoreChanges: [],
      protect: false,
      retainOnDelete: false,
      readId: (req as resproto.ReadResourceRequest).getId(),
    };
  }
  const reg = req as resproto.RegisterResourceRequest;
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, deps] of reg.getPropertydependenciesMap().entries()) {
    propertyDependencies[key] = deps.getUrnsList();
  }
  return {
    ...base,
    custom: reg.getCustom(),
    propertyDependencies,
    deleteBeforeReplace: reg.getDeletebeforereplace(),
    replaceOnChanges: reg.getReplaceonchangesList(),
    ignoreChanges: reg.getIgnorechangesList(),
    protect: reg.getProtect() ?? false,
    retainOnDelete: reg.getRetainondelete() ?? false,
    readId: "",
  };
}

/** The engine's URN: the parent's type is prefixed (`Parent$Child`), except for the root stack. */
export function urnOf(project: string, stack: string, parentUrn: string, type: string, name: string): string {
  let qualified = type;
  if (parentUrn) {
    const parentType = parentUrn.split("::")[2] ?? "";
    if (parentType !== ROOT_STACK_TYPE) qualified = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}
