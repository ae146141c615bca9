/**
 * The one module that interprets entity descriptions (description.ts): from the fields table it derives check,
 * diff, the create and update bodies, the outputs, the inputs read returns, and the adopt and lost-create matches —
 * so these can never drift apart. Lifecycle rules shared by every entity live here once: one create per natural key
 * at a time, claimed ids, lost-create recovery that never takes or deletes an object not proven ours, waits whose
 * failure records a full state (with `__provider`), and read/delete with the newest credentials.
 */
import { z } from "zod";
import { ConflictError, NotFoundError } from "../client/errors";
import type { HttpClient } from "../client/http";
import { howToSet, SETTINGS, setting } from "./config";
import { withNewestCredentials } from "./credentials";
import type { EntityDescription, Field, Props } from "./description";
import { Bool, deepEqual, effectiveTimeouts } from "./fields";
import {
  checkInputs,
  checkResult,
  containsUnknown,
  type EntityProvider,
  jsonClean,
  ResourceInitError,
  readOrGone,
} from "./provider";
import { claim, oneAtATime, openCreateWindow, UnprovenCreateError } from "./recovery";
import { awaitCondition, deleteUntilGone, WaitEndedError } from "./waits";

export const kindOf = (d: Pick<EntityDescription, "system" | "type">) => `${d.system.name}:${d.type}`;

export { UnprovenCreateError } from "./recovery";

const PROVIDER_KEY = "__provider";

/** Inputs of every entity beside its fields. */
function extraInputs(d: EntityDescription): Record<string, z.ZodType> {
  const extra: Record<string, z.ZodType> = { connection: d.system.connection.optional() };
  extra.adopt = d.adopt === true ? Bool.optional() : z.unknown().optional();
  return extra;
}

export function inputSchema(d: EntityDescription) {
  const shape: Record<string, z.ZodType> = {};
  // A required field with a setting may come from config: its absence is reported after the fallback (check).
  for (const [name, field] of inputFields(d)) {
    shape[name] = field.required && !field.setting ? field.input! : field.input!.optional();
  }
  return z.object({ ...shape, ...extraInputs(d) }, "must be an object").strict();
}

export function inputFields(d: EntityDescription): [string, Field][] {
  return Object.entries(d.fields).filter(([, field]) => field.input !== undefined);
}

function sameValue(field: Field | undefined, a: unknown, b: unknown): boolean {
  const normalize = field?.compare ?? ((value: unknown) => value);
  // An absent output and null are the same "nothing" (APIs answer null, outputs omit undefined).
  return deepEqual(normalize(a ?? null), normalize(b ?? null));
}

/** The value an input asks for: what was set, else what omission means; undefined when the server decides. */
function wantedValue(field: Field, news: Props, name: string): unknown {
  return news[name] !== undefined ? news[name] : field.default;
}

/** Fields whose stored output differs from the new inputs (unknowns always differ). */
function changedFields(d: EntityDescription, olds: Props, news: Props): string[] {
  const changed: string[] = [];
  for (const [name, field] of inputFields(d)) {
    const wanted = wantedValue(field, news, name);
    if (wanted === undefined) continue;
    if (containsUnknown(wanted) || !sameValue(field, olds[name], wanted)) changed.push(name);
  }
  return changed;
}

export function outputsOf(d: EntityDescription, api: Props, local: Props, previous: Props = {}): Props {
  const outs: Props = {};
  for (const [name, field] of Object.entries(d.fields)) {
    if (field.api === undefined || field.writeOnly) {
      const value = field.writeOnly ? (local[name] ?? field.default ?? previous[name]) : local[name];
      if (value !== undefined) outs[name] = value;
      continue;
    }
    let value = api[field.api];
    if (field.fromApi) value = field.fromApi(value);
    // A generated secret is only in the create answer: later reads keep the one stored.
    if (field.secret && (value === null || value === undefined)) value = previous[name];
    if (value !== undefined) outs[name] = value;
  }
  if (d.adopt === true) outs.adopted = local.adopted === true;
  if (local.connection !== undefined) outs.connection = local.connection;
  return jsonClean(outs);
}

function createBody(d: EntityDescription, inputs: Props): Props {
  const body: Props = {};
  for (const [name, field] of inputFields(d)) {
    if (field.api && !field.inPath && inputs[name] !== undefined) body[field.api] = inputs[name];
  }
  return body;
}

function updateBody(d: EntityDescription, olds: Props, news: Props): Props {
  const body: Props = {};
  for (const name of changedFields(d, olds, news)) {
    const field = d.fields[name]!;
    if (!field.api || field.inPath || field.createOnly || field.replace || field.local) continue;
    body[field.api] = wantedValue(field, news, name);
  }
  return body;
}

const label = (d: EntityDescription, id: string, api?: Props) =>
  `${d.noun} ${id}${typeof api?.name === "string" ? ` ("${api.name}")` : ""}`;

/** A created object whose later step failed: recorded with a full state the host can read, update and delete. */
function partialFailure(id: string, outs: Props, from: Props, reason: string): ResourceInitError {
  return new ResourceInitError(id, { ...outs, [PROVIDER_KEY]: from[PROVIDER_KEY] }, reason);
}

/** The provider methods of one entity, derived from its description. */
export function entityProvider<Api extends Props>(d: EntityDescription<Api>): EntityProvider {
  const schema = inputSchema(d);
  const kind = kindOf(d);
  const timeoutsOf = (props: Props) =>
    effectiveTimeouts(props.timeouts, d.timeouts ?? { create: 0, update: 0, delete: 0 });
  const localOf = (inputs: Props, adopted = false) => {
    const local: Props = { timeouts: inputs.timeouts, connection: inputs.connection, adopted };
    for (const [name, field] of Object.entries(d.fields)) if (field.writeOnly) local[name] = inputs[name];
    return local;
  };
  const hasStatusFailure = (olds: Props) =>
    d.waits?.create?.failure !== undefined && d.waits.create.failure(fromOutputs(olds)) !== undefined;

  /** An API-shaped view of stored outputs, for wait conditions. */
  function fromOutputs(outs: Props): Api {
    const api: Props = {};
    for (const [name, field] of Object.entries(d.fields)) if (field.api) api[field.api] = outs[name];
    return api as Api;
  }

  function matchesInputs(candidate: Api, inputs: Props): boolean {
    // A write-only value is never in an answer, and a value the answer leaves out (a password Sojobo never shows)
    // is not in this one: neither can tell candidates apart.
    const compared = (name: string) => {
      const field = d.fields[name]!;
      return field.api !== undefined && !field.writeOnly && (candidate as Props)[field.api] !== undefined;
    };
    return changedFields(d, outputsOf(d, candidate, {}), inputs).every((name) => !compared(name));
  }

  function sameNaturalKey(candidate: Api, inputs: Props): boolean {
    const outs = outputsOf(d, candidate, {});
    return d.naturalKey.every(
      (name) => inputs[name] === undefined || sameValue(d.fields[name], outs[name], inputs[name]),
    );
  }

  async function waitAfter(
    phase: "create" | "update",
    client: HttpClient,
    api: Api,
    inputs: Props,
    local: Props,
    previous: Props,
  ): Promise<Api> {
    const condition = d.waits?.[phase];
    if (!condition) return api;
    const id = d.id(api);
    // `observe` (when given) reads what the wait needs without failing while the change is not shown yet.
    const read = () => (d.endpoints.observe ?? d.endpoints.get)(client, id, outputsOf(d, api, local));
    let last = api;
    try {
      return await awaitCondition({
        label: label(d, id, api),
        start: api,
        get: async () => {
          last = condition.poll ? await condition.poll(client, last, read) : await read();
          return last;
        },
        condition,
        timeoutS: timeoutsOf(inputs)[phase],
        timeoutName: phase,
        wanted: inputs,
        ...(condition.resend ? { resend: () => condition.resend!(client, inputs) } : {}),
      });
    } catch (error) {
      if (!(error instanceof WaitEndedError)) throw error;
      throw partialFailure(id, outputsOf(d, error.last as Api, local, previous), inputs, error.message);
    }
  }

  async function update(id: string, olds: Props, news: Props, local: Props) {
    const client = d.system.client(news.connection);
    const body = updateBody(d, olds, news);
    let api: Api | undefined;
    if (Object.keys(body).length > 0) {
      if (!d.endpoints.update) throw new Error(`${kind}: ${Object.keys(body).join(", ")} cannot change in place`);
      api = await d.endpoints.update(client, id, body, olds);
    }
    api ??= await d.endpoints.get(client, id, { ...olds, ...news });
    api = await waitAfter("update", client, api, news, local, olds);
    return { outs: outputsOf(d, api, local, olds) };
  }

  async function adoptExisting(client: HttpClient, inputs: Props) {
    const found = (await d.endpoints.list!(client, inputs)).filter((api) => sameNaturalKey(api, inputs));
    if (found.length > 1) {
      throw new Error(
        `adopt: ${found.length} ${d.noun}s match ${describeKey(d, inputs)} (${found.map(d.id).join(", ")}); rename them or drop adopt`,
      );
    }
    const existing = found[0];
    if (!existing) return undefined;
    const id = d.id(existing);
    const terminal = d.waits?.create?.failure?.(existing);
    if (terminal)
      throw new Error(
        `adopt: ${label(d, id)} (${describeKey(d, inputs)}) cannot be used: ${terminal}; delete it or drop adopt`,
      );
    claim(id);
    console.error(`${kind} adopting existing ${label(d, id)} (${describeKey(d, inputs)})`);
    const local = localOf(inputs, true);
    const { outs } = await update(id, outputsOf(d, existing, local), inputs, local);
    return { id, outs };
  }

  async function createOnce(inputs: Props) {
    const client = d.system.client(inputs.connection);
    if (inputs.adopt === true && d.adopt === true) {
      const adopted = await adoptExisting(client, inputs);
      if (adopted) return adopted;
    }
    const window = openCreateWindow(client);
    const recover = async (): Promise<Api | undefined> => {
      if (!d.endpoints.list) return undefined;
      const candidates = window.unclaimedSince(
        (await d.endpoints.list(client, inputs)).filter((api) => matchesInputs(api, inputs)),
        d.id,
        (api) => d.createdAt(api) ?? null,
      );
      if (candidates.length === 0) return undefined;
      const proven = d.proveOurs ? candidates.filter((api) => d.proveOurs!(api, inputs)) : [];
      if (proven.length !== 1 || candidates.length !== 1) throw new UnprovenCreateError(d, candidates.map(d.id));
      const ours = proven[0]!;
      claim(d.id(ours));
      if (d.lostCreate === "take") return ours;
      await d.endpoints.delete(client, d.id(ours), outputsOf(d, ours, {}));
      return undefined;
    };
    let api: Api;
    let made: Api | undefined;
    try {
      api = await d.endpoints.create(client, createBody(d, inputs), inputs, recover, (object) => {
        made = object;
        claim(d.id(object));
      });
    } catch (error) {
      if (made !== undefined && !(error instanceof ResourceInitError)) {
        const id = d.id(made);
        throw partialFailure(
          id,
          outputsOf(d, made, localOf(inputs)),
          inputs,
          `${label(d, id, made)} was created, but the rest of its create failed (${(error as Error).message}); it is recorded as it is, and the next up finishes it`,
        );
      }
      if (error instanceof ConflictError && d.conflictHint)
        throw new Error(`${error.message}; ${d.conflictHint(inputs)}`);
      throw error;
    }
    const id = d.id(api);
    claim(id);
    const local = localOf(inputs);
    for (const [name, field] of Object.entries(d.fields)) {
      if (field.secret && !field.writeOnly && (api as Props)[field.api!] == null) {
        throw partialFailure(
          id,
          outputsOf(d, api, local),
          inputs,
          `the server created ${label(d, id)} but sent no ${name}`,
        );
      }
    }
    api = await waitAfter("create", client, api, inputs, local, {});
    return { id, outs: outputsOf(d, api, local) };
  }

  return {
    async check(_olds, news) {
      const checked = checkInputs(schema, news);
      const connectionUnknown = containsUnknown(news.connection);
      if (d.adopt !== true && news.adopt !== undefined) {
        checked.failures.push({ property: "adopt", reason: d.adopt.refused });
      }
      const inputs = checked.inputs as Props | undefined;
      // A connection not known yet (preview) may carry defaults and credentials: checked when known.
      if (inputs && !connectionUnknown) {
        for (const [name, field] of inputFields(d)) {
          if (news[name] !== undefined || !field.setting) continue;
          const fallback = setting(d.system.name, field.setting as never, inputs.connection);
          const spec = (SETTINGS[d.system.name] as Record<string, { config: string; env: readonly string[] }>)[
            field.setting
          ]!;
          const where = [spec.config, ...spec.env].join(" / ");
          if (fallback === undefined) {
            if (field.required) {
              checked.failures.push({
                property: name,
                reason: `no ${name} given; set ${name}, or ${howToSet(d.system.name, field.setting as never)}`,
              });
            }
            continue;
          }
          const valid = field.input!.safeParse(fallback);
          if (valid.success) inputs[name] = fallback;
          else {
            const message = valid.error.issues[0]?.message;
            checked.failures.push({
              property: name,
              reason: `the configured default ${JSON.stringify(fallback)} (${where}) is refused: ${message}`,
            });
          }
        }
        checked.failures.push(...d.system.failures(inputs.connection));
      }
      checked.failures.push(...(d.checkMore?.(news, inputs) ?? []));
      return checkResult(news, { ...checked, inputs: checked.failures.length ? undefined : inputs });
    },

    async diff(_id, olds, news) {
      const changed = changedFields(d, olds, news);
      // A changed connection is taken into use: an update that touches nothing remote stores it for read and delete.
      if (!deepEqual(olds.connection ?? null, news.connection ?? null)) changed.push("connection");
      const replaces = changed.filter((name) => d.fields[name]?.replace);
      // An object in a terminal failure state never recovers: the only repair is a new one, made after deleting it.
      if (hasStatusFailure(olds))
        return { changes: true, replaces: [...replaces, "status"], deleteBeforeReplace: true };
      return {
        changes: changed.length > 0,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && d.deleteBeforeReplace === true,
      };
    },

    create(inputs) {
      const key = d.naturalKey.map((name) => String(inputs[name] ?? "")).join(":");
      // One create per natural key at a time: a lost-create look-up never sees a sibling's create in flight.
      return oneAtATime(`${kind}:${key}`, () => createOnce(inputs));
    },

    read(id, props, programInputs?: Props) {
      return readOrGone(() =>
        withNewestCredentials(d, [programInputs?.connection, props.connection, undefined], async (client) => {
          const api = await d.endpoints.get(client, id, props);
          const outs = outputsOf(d, api, { ...localOf(props, props.adopted === true) }, props);
          // The inputs the engine stores after a refresh: what a program declaring the object as it is would send,
          // so a field at what its omission means (its default) stays out, as Check leaves it out. Stored inputs that
          // differ from the next run's checked ones make the engine rewrite its whole checkpoint for each such
          // resource, even when nothing changed — quadratic in the stack's size (docs/benchmarks.md, growth).
          const inputs: Props = {};
          for (const [name, field] of inputFields(d)) {
            const value = outs[name];
            if (value === undefined) continue;
            if (field.default !== undefined && sameValue(field, value, field.default)) continue;
            inputs[name] = value;
          }
          if (props.connection !== undefined) inputs.connection = props.connection;
          return { id, props: outs, inputs: jsonClean(inputs) };
        }),
      );
    },

    update(id, olds, news) {
      return update(id, olds, news, localOf(news, olds.adopted === true)).catch((error) => {
        if (error instanceof ResourceInitError && error.properties[PROVIDER_KEY] === undefined) {
          throw partialFailure(id, error.properties, news, error.message);
        }
        throw error;
      });
    },

    async delete(id, props) {
      await withNewestCredentials(d, [props.connection, undefined], async (client) => {
        const send = () => d.endpoints.delete(client, id, props);
        if (d.waits?.delete?.kind !== "gone") {
          try {
            await send();
          } catch (error) {
            if (!(error instanceof NotFoundError)) throw error;
          }
          return;
        }
        await deleteUntilGone({
          label: label(d, id),
          client,
          send,
          get: () => d.endpoints.get(client, id, props),
          describe: (api) => d.waits!.delete!.describe(api),
          timeoutS: timeoutsOf(props).delete,
        });
      });
    },
  };
}

function describeKey(d: EntityDescription, inputs: Props): string {
  return d.naturalKey
    .filter((name) => inputs[name] !== undefined)
    .map((name) => `${name} ${JSON.stringify(inputs[name])}`)
    .join(", ");
}

export type { EntityDescription, Field, Props } from "./description";
