import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConflictError, NotFoundError } from "../../client/errors";
import type { HttpClient } from "../../client/http";
import {
  type Space as ApiSpace,
  createSpace,
  deleteSpace,
  getSpace,
  listSpaces,
  updateSpace,
} from "../../client/numspot/space";
import { formatDuration, waitFor } from "../../client/wait";
import {
  checkInputs,
  checkResult,
  containsUnknown,
  diffFields,
  type EntityProvider,
  type FieldRule,
  jsonClean,
  pick,
  ResourceInitError,
  readOrGone,
} from "../provider";
import { AmbiguousCreateError, claim, oneAtATime, openCreateWindow } from "../recovery";
import { thinProvider } from "../thin";
import {
  defaultOrganisationId,
  type NumspotConnectionArgs,
  NumspotConnectionInput,
  numspotApi,
  numspotConnectionFailures,
} from "./connection";

/** Seconds. */
export interface SpaceTimeouts {
  /** Wait for a new space to become READY. Default 900 (15 minutes). */
  create?: number;
  /** Wait for a space still being prepared to become READY during an update. Default 900. */
  update?: number;
  /** Wait for a deleted space to disappear. Default 600 (10 minutes). */
  delete?: number;
}

export interface SpaceArgs {
  /** Defaults to `numspot:organisationId` / `NUMSPOT_ORGANISATION_ID`. A change replaces the space. */
  organisationId?: pulumi.Input<string>;
  /** 1–50 characters. Changes in place. */
  name: pulumi.Input<string>;
  /** 1–300 characters. Changes in place. */
  description: pulumi.Input<string>;
  /** How long to wait for the asynchronous work (seconds); `customTimeouts` never reach a dynamic provider. */
  timeouts?: pulumi.Input<SpaceTimeouts>;
  /**
   * Manage an existing space with the same name in the organisation instead of creating one (Pulumi cannot import
   * dynamic resources). Adoption is reported in the log and in the `adopted` output.
   */
  adopt?: pulumi.Input<boolean>;
  /** Credentials for this resource only (pass as a secret); otherwise stack config, then environment. */
  connection?: pulumi.Input<NumspotConnectionArgs>;
}

const KIND = "numspot:Space";
const provider = thinProvider(KIND);

/**
 * A Numspot space: the unit that holds cloud resources, roles and OpenShift clusters. Creation is asynchronous
 * (QUEUED → RUNNING → READY); the resource is created when the space is READY. Its id is the space id.
 */
export class Space extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/numspot:Space";

  declare readonly organisationId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  /** QUEUED, RUNNING, READY or FAILED; READY once the resource is created. */
  declare readonly status: pulumi.Output<string>;
  declare readonly createdOn: pulumi.Output<string | null>;
  declare readonly updatedOn: pulumi.Output<string | null>;
  declare readonly timeouts: pulumi.Output<SpaceTimeouts | undefined>;
  /** True when `adopt` took over a space that existed before. */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: SpaceArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { status: undefined, createdOn: undefined, updatedOn: undefined, adopted: undefined };
    const secrets = { additionalSecretOutputs: ["connection"] };
    super(provider, name, { ...args, ...outputs }, pulumi.mergeOptions(opts, secrets), "numspot", "Space");
  }
}

// ---- implementation (runs in the plugin, loaded through pulumi-eurostack/runtime) ----

/**
 * Space creation provisions the space's own network and accounts and takes minutes; 15 minutes leaves room for a
 * slow queue without letting a stuck space block a pipeline for long (Numspot's Terraform provider waits forever).
 * Deletion tears the same down: 10 minutes.
 */
export const DEFAULT_SPACE_TIMEOUTS = Object.freeze({ create: 900, update: 900, delete: 600 });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const Uuid = z.string().regex(UUID, "must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6");

const Seconds = z
  .number("must be a number of seconds")
  .positive("must be a positive number of seconds")
  .max(86_400, "must be at most 86400 seconds (one day)");

const Timeouts = z
  .object({ create: Seconds.optional(), update: Seconds.optional(), delete: Seconds.optional() })
  .strict();

/** spec: MutableSpace (name 1–50, description 1–300; both required by CreateSpace). */
const Inputs = z
  .object({
    organisationId: Uuid.optional(),
    name: z.string("must be a string").min(1, "must not be empty").max(50, "must be at most 50 characters"),
    description: z
      .string("must be a string")
      .min(1, "must not be empty (Numspot requires a description)")
      .max(300, "must be at most 300 characters"),
    timeouts: Timeouts.optional(),
    adopt: z.boolean("must be true or false").optional(),
    connection: NumspotConnectionInput.optional(),
  })
  .strict();
type Inputs = z.infer<typeof Inputs>;

function effectiveTimeouts(value: unknown): Required<SpaceTimeouts> {
  const given = value && typeof value === "object" ? (value as SpaceTimeouts) : {};
  return {
    create: given.create ?? DEFAULT_SPACE_TIMEOUTS.create,
    update: given.update ?? DEFAULT_SPACE_TIMEOUTS.update,
    delete: given.delete ?? DEFAULT_SPACE_TIMEOUTS.delete,
  };
}

const RULES: FieldRule[] = [
  // The OpenAPI has organisationId only in ImmutableSpace and in the path; UpdateSpace takes a MutableSpace (name and
  // description): a space cannot move to another organisation, so a new one is made there.
  { name: "organisationId", replace: true },
  { name: "name" },
  { name: "description" },
  // No remote change, but a stored timeout must follow the program (delete reads it from state).
  { name: "timeouts", whenOmitted: {}, normalize: effectiveTimeouts },
];

const INPUT_KEYS = ["organisationId", "name", "description", "timeouts"];

interface Extra {
  adopted?: boolean;
  timeouts?: unknown;
  connection?: unknown;
}

function outputsOf(space: ApiSpace, extra: Extra) {
  return jsonClean({
    organisationId: space.organisationId,
    name: space.name,
    description: space.description ?? "",
    status: space.status,
    createdOn: space.createdOn ?? null,
    updatedOn: space.updatedOn ?? null,
    timeouts: extra.timeouts,
    adopted: extra.adopted ?? false,
    connection: extra.connection,
  });
}

const label = (space: Pick<ApiSpace, "id" | "name">) => `space ${space.id} ("${space.name}")`;

async function spacesNamed(client: HttpClient, organisationId: string, name: string): Promise<ApiSpace[]> {
  return (await listSpaces(client, organisationId)).filter((space) => space.name === name);
}

/**
 * Waits until the space is READY. Any failure from here on leaves a space that exists: it is thrown as a
 * ResourceInitError so the host keeps it in state (created but failed) rather than orphaning it.
 */
async function untilReady(
  client: HttpClient,
  space: ApiSpace,
  timeoutS: number,
  timeoutName: string,
  extra: Extra,
): Promise<{ id: string; outs: Record<string, unknown> }> {
  let last = space;
  if (space.status !== "READY") {
    try {
      last = await waitFor({
        description: `${label(space)} to become READY`,
        poll: async () => {
          last = await getSpace(client, space.organisationId, space.id);
          return last;
        },
        isDone: (s) => s.status === "READY",
        failure: (s) => (s.status === "FAILED" ? "Numspot reports the space FAILED" : undefined),
        describe: (s) => `status ${s.status}`,
        timeoutMs: timeoutS * 1000,
      });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const next =
        last.status === "FAILED"
          ? "a FAILED space cannot recover: the next `pulumi up` replaces it"
          : `the space is kept in the stack; the next \`pulumi up\` waits again (timeouts.${timeoutName} is ${formatDuration(timeoutS * 1000)})`;
      throw new ResourceInitError(space.id, outputsOf(last, extra), `${why}; ${next}`);
    }
  }
  return { id: space.id, outs: outputsOf(last, extra) };
}

async function adoptExisting(client: HttpClient, inputs: Inputs, organisationId: string) {
  const existing = await spacesNamed(client, organisationId, inputs.name);
  if (existing.length > 1) {
    throw new Error(
      `adopt: ${existing.length} spaces are named "${inputs.name}" in organisation ${organisationId} (${existing.map((s) => s.id).join(", ")}); rename them or drop adopt`,
    );
  }
  const found = existing[0];
  if (!found) return undefined;
  claim(found.id);
  if (found.status === "FAILED") {
    throw new Error(
      `adopt: ${label(found)} in organisation ${organisationId} is FAILED and cannot be used; delete it or drop adopt`,
    );
  }
  console.error(`numspot:Space adopting existing ${label(found)} in organisation ${organisationId}`);
  let space = found;
  if ((found.description ?? "") !== inputs.description) {
    await updateSpace(client, organisationId, found.id, { description: inputs.description });
    space = await getSpace(client, organisationId, found.id);
  }
  return space;
}

/** Tolerated difference between our clock and the server's when recognising our own lost create. */
async function create(inputs: Inputs) {
  // Creates of one name run one at a time, so a look-up after a lost answer never sees a sibling's create in flight.
  return oneAtATime(`numspot:Space:${inputs.organisationId}:${inputs.name}`, () => createOnce(inputs));
}

async function createOnce(inputs: Inputs) {
  const organisationId = inputs.organisationId!;
  const client = numspotApi(inputs.connection);
  const timeouts = effectiveTimeouts(inputs.timeouts);
  const extra = { timeouts: inputs.timeouts, connection: inputs.connection };

  if (inputs.adopt) {
    const adopted = await adoptExisting(client, inputs, organisationId);
    if (adopted) return untilReady(client, adopted, timeouts.create, "create", { ...extra, adopted: true });
  }

  // If an attempt's answer is lost after the server may have acted, look for the space that attempt made before
  // sending again (see recovery.ts), so a retry never makes a second space.
  const window = openCreateWindow(client);
  const recover = async () => {
    const matching = (await spacesNamed(client, organisationId, inputs.name)).filter(
      (space) => (space.description ?? "") === inputs.description,
    );
    const ours = window.unclaimedSince(
      matching,
      (space) => space.id,
      (space) => space.createdOn ?? null,
    );
    if (ours.length > 1)
      throw new AmbiguousCreateError(
        `space "${inputs.name}"`,
        ours.map((space) => space.id),
      );
    return ours[0];
  };
  let space: ApiSpace;
  try {
    space = await createSpace(client, organisationId, { name: inputs.name, description: inputs.description }, recover);
  } catch (error) {
    if (error instanceof ConflictError) {
      throw new Error(
        `${error.message}; a space named "${inputs.name}" probably exists in organisation ${organisationId}: set adopt: true to manage it, or choose another name`,
      );
    }
    throw error;
  }
  claim(space.id);
  return untilReady(client, space, timeouts.create, "create", extra);
}

async function update(id: string, olds: Record<string, any>, news: Inputs) {
  const client = numspotApi(news.connection);
  const organisationId = String(olds.organisationId ?? news.organisationId);
  const patch: { name?: string; description?: string } = {};
  if (news.name !== olds.name) patch.name = news.name;
  if (news.description !== olds.description) patch.description = news.description;
  if (Object.keys(patch).length > 0) await updateSpace(client, organisationId, id, patch);
  const space = await getSpace(client, organisationId, id);
  const extra = { timeouts: news.timeouts, connection: news.connection, adopted: olds.adopted === true };
  // A space left QUEUED/RUNNING by an earlier create that timed out is waited for again.
  const { outs } = await untilReady(client, space, effectiveTimeouts(news.timeouts).update, "update", extra);
  return { outs };
}

/** Sends DELETE (again while the space is busy: 409) and polls until GET answers 404. */
async function remove(id: string, props: Record<string, any>) {
  const client = numspotApi(props.connection);
  const organisationId = String(props.organisationId ?? defaultOrganisationId(props.connection));
  const timeoutS = effectiveTimeouts(props.timeouts).delete;
  let accepted = false;
  await waitFor({
    description: `space ${id} in organisation ${organisationId} to be deleted`,
    poll: async (): Promise<{ gone: boolean; state: string }> => {
      try {
        if (!accepted) {
          await deleteSpace(client, organisationId, id);
          accepted = true;
        }
        const space = await getSpace(client, organisationId, id);
        return { gone: false, state: `status ${space.status}` };
      } catch (error) {
        if (error instanceof NotFoundError) return { gone: true, state: "gone" };
        if (error instanceof ConflictError && !accepted)
          return { gone: false, state: `delete refused: ${error.message}` };
        throw error;
      }
    },
    isDone: (value) => value.gone,
    describe: (value) => value.state,
    timeoutMs: timeoutS * 1000,
  });
}

export const spaceProvider: EntityProvider = {
  async check(_olds, news) {
    const checked = checkInputs(Inputs, news);
    const inputs = checked.inputs;
    // A connection not known yet (preview) may carry the organisation and the credentials: checked when known.
    const connectionUnknown = containsUnknown(news.connection);
    if (inputs && !connectionUnknown) {
      if (inputs.organisationId === undefined && news.organisationId === undefined) {
        const fallback = defaultOrganisationId(inputs.connection);
        if (!fallback) {
          checked.failures.push({
            property: "organisationId",
            reason:
              "organisationId: no organisation given; set organisationId, `pulumi config set numspot:organisationId ...` or NUMSPOT_ORGANISATION_ID",
          });
        } else if (!UUID.test(fallback)) {
          checked.failures.push({
            property: "organisationId",
            reason: `organisationId: the configured default organisation "${fallback}" (numspot:organisationId / NUMSPOT_ORGANISATION_ID) is not a UUID`,
          });
        } else {
          inputs.organisationId = fallback;
        }
      }
      checked.failures.push(...numspotConnectionFailures(inputs.connection));
    }
    return checkResult(news, { ...checked, inputs: checked.failures.length ? undefined : inputs });
  },

  async diff(_id, olds, news) {
    const result = diffFields(olds, news, RULES);
    // A FAILED space never becomes READY: the only repair is a new one. Delete first: the failed one may hold the name.
    if (olds.status === "FAILED") {
      return { changes: true, replaces: [...(result.replaces ?? []), "status"], deleteBeforeReplace: true };
    }
    return result;
  },

  create(inputs) {
    return create(inputs as Inputs);
  },

  read(id, props) {
    return readOrGone(async () => {
      const organisationId = props.organisationId ?? defaultOrganisationId(props.connection);
      const space = await getSpace(numspotApi(props.connection), organisationId, id);
      const outs = outputsOf(space, {
        adopted: props.adopted === true,
        timeouts: props.timeouts,
        connection: props.connection,
      });
      return { id, props: outs, inputs: jsonClean({ ...pick(outs, INPUT_KEYS), connection: props.connection }) };
    });
  },

  update(id, olds, news) {
    return update(id, olds, news as Inputs);
  },

  async delete(id, props) {
    await remove(id, props);
  },
};
