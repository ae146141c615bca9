/**
 * What an entity description is made of. A description states facts about one API entity — its fields, endpoints,
 * natural key, waits — and `entity.ts` derives every provider method from them. See docs/entity-pattern.md.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { HttpClient } from "../client/http";
import type { System } from "./config";
import type { Comparison, TimeoutValues } from "./fields";

export type Props = Record<string, any>;

/** One property of the entity: an input the user sets, an output the API computes, or both. */
export interface Field {
  /** Check schema of the input (without `.optional()`); absent for outputs the API computes. */
  readonly input?: z.ZodType;
  readonly required?: boolean;
  /** The API's name, in requests and answers; absent for fields that never reach the API (e.g. `timeouts`). */
  readonly api?: string;
  /** The output from the API's value (default: the value itself). */
  readonly fromApi?: (value: unknown) => unknown;
  /** What an omitted input means: compared by diff and sent by create and update. */
  readonly default?: unknown;
  /** Fills an omitted input from this setting of the system (connection, stack config, environment). */
  readonly setting?: string;
  /** How values compare (default: deep equality). */
  readonly compare?: Comparison;
  /** The API cannot change it in place. */
  readonly replace?: boolean;
  /** Sent only on create (e.g. a parent id in the path); otherwise create and update send it when set. */
  readonly createOnly?: boolean;
  /** Part of the request path, never of a body. */
  readonly inPath?: boolean;
  /** Not sent on update (changes handled another way, or no remote effect). */
  readonly local?: boolean;
  /** A generated secret: the Resource class lists it in `additionalSecretOutputs`. */
  readonly secret?: boolean;
  /**
   * A write-only input (a password, a create-time flag): sent under `api` like any input, never in an answer. Its
   * output is the input itself, so diff sees a change and a read keeps the stored value. With `secret`, the input is
   * made a secret too (the class wraps it) and it is never expected in the create answer.
   */
  readonly writeOnly?: boolean;
}

/** How a system's connection is checked and turned into a client. */
export interface SystemAdapter {
  readonly name: System;
  /** The per-resource `connection` input. */
  readonly connection: z.ZodType;
  client(connection?: Props): HttpClient;
  /** Problems that stop any call (missing credentials), as property-level failures. */
  failures(connection?: Props): pulumi.dynamic.CheckFailure[];
}

/** The API calls of an entity; each one line or two over the system's client helpers. */
export interface Endpoints<Api> {
  get(client: HttpClient, id: string, props: Props): Promise<Api>;
  /**
   * A create made of several calls calls `made` with the object as soon as the server has it: if a later call
   * fails, the object is recorded as it is then (a failed create the next up finishes), never left unrecorded.
   */
  create(
    client: HttpClient,
    body: Props,
    inputs: Props,
    recover: () => Promise<Api | undefined>,
    made: (api: Api) => void,
  ): Promise<Api>;
  /** Answers the changed entity, or nothing (then it is read again). Absent: every change replaces. */
  update?(client: HttpClient, id: string, body: Props, olds: Props): Promise<Api | undefined>;
  delete(client: HttpClient, id: string, props: Props): Promise<void>;
  /** Objects that may share the natural key of `inputs` (adopt and lost-create look-ups filter them further). */
  list?(client: HttpClient, inputs: Props): Promise<Api[]>;
  /**
   * What the server shows now, for waits (default `get`). For 202-then-poll APIs whose object is a part of a parent's
   * answer (a key in a user's list): `get` throws a 404 when it is not shown, so refresh drops it, while `observe`
   * answers "not shown yet" so a wait can keep polling and, at its deadline, say what the server shows.
   */
  observe?(client: HttpClient, id: string, props: Props): Promise<Api>;
}

/** A condition awaited after a call, by polling GET (see waits.ts). */
export interface WaitCondition<Api> {
  readonly kind: "status" | "gone" | "visible";
  /** What is awaited, for messages: "to become READY"; a function of the inputs for "to show access superuser". */
  readonly what: string | ((wanted: Props) => string);
  /** `wanted`: the inputs (a 202-then-poll change is done when GET shows them). */
  isDone(api: Api, wanted: Props): boolean;
  /** A terminal failure (the object can never reach the state awaited). */
  failure?(api: Api): string | undefined;
  describe(api: Api): string;
  /**
   * How the state awaited is read (default: a GET of the object). `last` is the state read before (first: the answer
   * of the create or update). For APIs that answer a change with an operation to poll, such as Numspot OpenShift.
   */
  poll?(client: HttpClient, last: Api, get: () => Promise<Api>): Promise<Api>;
  /**
   * Sends the change awaited again, for a "visible" wait on a server that de-duplicates it (a Sojobo key or
   * credential of the same content): a change lost or undone in the server's background is repaired within the wait.
   */
  resend?(client: HttpClient, wanted: Props): Promise<void>;
}

export interface EntityDescription<Api = any> {
  readonly system: SystemAdapter;
  /** The type name, e.g. "Application": the kind is `<system>:<type>`, the token `pulumi-nodejs:dynamic/<system>:<type>`. */
  readonly type: string;
  /** How messages name one object, e.g. "application". */
  readonly noun: string;
  readonly fields: Record<string, Field>;
  id(api: Api): string;
  /** The server's creation time (for the lost-create window). */
  createdAt(api: Api): string | null | undefined;
  readonly endpoints: Endpoints<Api>;
  /** Fields that identify an object to a person (e.g. organizationId + name): adopt and one-at-a-time creates. */
  readonly naturalKey: readonly string[];
  /** `adopt: true` takes over an existing object with the natural key; or the reason it is refused. */
  readonly adopt: true | { readonly refused: string };
  /**
   * After a create whose answer was lost: `take` the object it made, or `delete-and-resend` (an object useless
   * without its answer, like an API key whose secret was lost). Either only for an object `proveOurs` proves came
   * from our request; otherwise the create fails naming the candidates, and nothing is taken or deleted.
   */
  readonly lostCreate: "take" | "delete-and-resend";
  /** Proof that a candidate came from our request (e.g. a marker we sent); none of today's APIs offers one. */
  proveOurs?(candidate: Api, inputs: Props): boolean;
  readonly waits?: {
    readonly create?: WaitCondition<Api>;
    readonly update?: WaitCondition<Api>;
    readonly delete?: WaitCondition<Api>;
  };
  /** Default timeouts in seconds; the `timeouts` input exists when the entity waits. */
  readonly timeouts?: Required<TimeoutValues>;
  /** Two objects with the same natural key cannot coexist: a replacement deletes the old one first. */
  readonly deleteBeforeReplace?: boolean;
  /** Entity rules beyond single fields (e.g. "exactly one bearer"), as failures; `news` may hold unknowns. */
  checkMore?(news: Props, inputs: Props | undefined): pulumi.dynamic.CheckFailure[];
  /** Extra words for a 409 on create (e.g. how to adopt). */
  readonly conflictHint?: (inputs: Props) => string;
}
