import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  type ApiKey as ApiApiKey,
  createApiKey,
  deleteApiKey,
  getApiKey,
  listApiKeys,
  updateApiKey,
} from "../../client/scaleway/api-key";
import {
  asInstant,
  checkInputs,
  checkResult,
  containsUnknown,
  deleteIfExists,
  diffFields,
  type EntityProvider,
  type FieldRule,
  jsonClean,
  pick,
  readOrGone,
} from "../provider";
import { AmbiguousCreateError, claim, oneAtATime, openCreateWindow } from "../recovery";
import { thinProvider } from "../thin";
import {
  iamClient,
  type ScalewayConnectionArgs,
  ScalewayConnectionInput,
  scalewayConnectionFailures,
} from "./connection";
import { ScalewayDescription } from "./names";

export interface ApiKeyArgs {
  /** The application that bears the key. Exactly one of applicationId and userId. A change replaces the key. */
  applicationId?: pulumi.Input<string>;
  /** The user that bears the key. Exactly one of applicationId and userId. A change replaces the key. */
  userId?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** RFC 3339; compared as an instant (the API answers in UTC). A change replaces the key. */
  expiresAt?: pulumi.Input<string>;
  /** The server fills it when omitted; changes in place. */
  defaultProjectId?: pulumi.Input<string>;
  connection?: pulumi.Input<ScalewayConnectionArgs>;
}

const KIND = "scaleway:ApiKey";
const provider = thinProvider(KIND);

/**
 * A Scaleway IAM API key. `secretKey` exists only in the create answer: it is kept from then on as a Pulumi secret,
 * which is why an existing key cannot be adopted.
 */
export class ApiKey extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/scaleway:ApiKey";

  /** Also the resource id. */
  declare readonly accessKey: pulumi.Output<string>;
  declare readonly secretKey: pulumi.Output<string>;
  declare readonly applicationId: pulumi.Output<string | undefined>;
  declare readonly userId: pulumi.Output<string | undefined>;
  declare readonly description: pulumi.Output<string>;
  declare readonly expiresAt: pulumi.Output<string | null>;
  declare readonly defaultProjectId: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string | null>;
  declare readonly updatedAt: pulumi.Output<string | null>;
  declare readonly editable: pulumi.Output<boolean>;
  declare readonly deletable: pulumi.Output<boolean>;
  declare readonly managed: pulumi.Output<boolean>;
  declare readonly creationIp: pulumi.Output<string>;

  constructor(name: string, args: ApiKeyArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      accessKey: undefined,
      secretKey: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      editable: undefined,
      deletable: undefined,
      managed: undefined,
      creationIp: undefined,
    };
    const secrets = { additionalSecretOutputs: ["secretKey", "connection"] };
    super(provider, name, { ...args, ...outputs }, pulumi.mergeOptions(opts, secrets), "scaleway", "ApiKey");
  }
}

// ---- implementation (runs in the plugin, loaded through pulumi-eurostack/runtime) ----

const Rfc3339 = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i, "must be an RFC 3339 date-time")
  .refine(isCalendarDateTime, "must be a valid date-time (no such day or time)");

/** Date.parse rolls 2030-02-30 over to March; the API refuses it, so check must too. Runs even when the regex failed. */
function isCalendarDateTime(value: string): boolean {
  const parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(value)?.slice(1).map(Number);
  if (!parts || Number.isNaN(Date.parse(value))) return false;
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const sameDay = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return sameDay && hour <= 23 && minute <= 59 && second <= 59;
}

const Inputs = z
  .object({
    applicationId: z.string().min(1, "must not be empty").optional(),
    userId: z.string().min(1, "must not be empty").optional(),
    description: ScalewayDescription.optional(),
    expiresAt: Rfc3339.optional(),
    defaultProjectId: z.string().min(1, "must not be empty").optional(),
    connection: ScalewayConnectionInput.optional(),
    adopt: z.unknown().optional(),
  })
  .strict();
type Inputs = z.infer<typeof Inputs>;

const RULES: FieldRule[] = [
  { name: "applicationId", replace: true, whenOmitted: null },
  { name: "userId", replace: true, whenOmitted: null },
  { name: "expiresAt", replace: true, whenOmitted: null, normalize: asInstant },
  { name: "description", whenOmitted: "" },
  { name: "defaultProjectId" },
];

const INPUT_KEYS = ["applicationId", "userId", "description", "expiresAt", "defaultProjectId"];

function outputsOf(key: ApiApiKey, secretKey: string | undefined, connection: unknown) {
  return jsonClean({
    accessKey: key.access_key,
    secretKey,
    applicationId: key.application_id ?? undefined,
    userId: key.user_id ?? undefined,
    description: key.description,
    expiresAt: key.expires_at ?? null,
    defaultProjectId: key.default_project_id,
    createdAt: key.created_at,
    updatedAt: key.updated_at,
    editable: key.editable,
    deletable: key.deletable ?? true,
    managed: key.managed ?? false,
    creationIp: key.creation_ip,
    connection,
  });
}

async function create(inputs: Inputs) {
  // Creates for one bearer run one at a time, so a look-up after a lost answer never sees a sibling's create in flight.
  const bearer = inputs.applicationId ? `application:${inputs.applicationId}` : `user:${inputs.userId}`;
  return oneAtATime(`scaleway:ApiKey:${bearer}`, () => createOnce(inputs));
}

async function createOnce(inputs: Inputs) {
  const client = iamClient(inputs.connection);
  const window = openCreateWindow(client);
  // A key whose create answer was lost exists without a known secret, and is useless: delete it and send again, so
  // the stack ends with exactly one key whose secret it holds (see recovery.ts for what may be taken as ours).
  const recover = async () => {
    const bearer = inputs.applicationId ? { application_id: inputs.applicationId } : { user_id: inputs.userId };
    const matching = (await listApiKeys(client, bearer)).filter(
      (key) =>
        key.description === (inputs.description ?? "") &&
        asInstant(key.expires_at ?? null) === asInstant(inputs.expiresAt ?? null),
    );
    const lost = window.unclaimedSince(
      matching,
      (key) => key.access_key,
      (key) => key.created_at,
    );
    if (lost.length > 1)
      throw new AmbiguousCreateError(
        "API key",
        lost.map((key) => key.access_key),
      );
    for (const key of lost) await deleteIfExists(() => deleteApiKey(client, key.access_key));
    return undefined;
  };
  const key = await createApiKey(
    client,
    {
      application_id: inputs.applicationId,
      user_id: inputs.userId,
      expires_at: inputs.expiresAt,
      default_project_id: inputs.defaultProjectId,
      description: inputs.description,
    },
    recover,
  );
  claim(key.access_key);
  if (!key.secret_key) throw new Error(`Scaleway created API key ${key.access_key} but sent no secret key`);
  return { id: key.access_key, outs: outputsOf(key, key.secret_key, inputs.connection) };
}

export const apiKeyProvider: EntityProvider = {
  async check(_olds, news) {
    const checked = checkInputs(Inputs, news);
    if (news.adopt !== undefined) {
      checked.failures.push({
        property: "adopt",
        reason:
          "adopt: API keys cannot be adopted: Scaleway reveals a key's secret only when it is created, so an existing key's secret cannot be recovered; let Pulumi create a new key",
      });
    }
    const bearers = ["applicationId", "userId"].filter((name) => news[name] !== undefined);
    if (bearers.length !== 1 && !bearers.some((name) => containsUnknown(news[name]))) {
      checked.failures.push({
        property: bearers.length === 0 ? "applicationId" : "userId",
        reason: `${bearers.length === 0 ? "applicationId" : "userId"}: set exactly one of applicationId and userId (the key's bearer)`,
      });
    }
    // Credentials not known yet (preview) are checked when they are.
    if (checked.inputs && !containsUnknown(news.connection)) {
      checked.failures.push(...scalewayConnectionFailures(checked.inputs.connection));
    }
    return checkResult(news, { ...checked, inputs: checked.failures.length ? undefined : checked.inputs });
  },

  async diff(_id, olds, news) {
    return diffFields(olds, news, RULES);
  },

  create(inputs) {
    return create(inputs as Inputs);
  },

  read(id, props) {
    return readOrGone(async () => {
      const key = await getApiKey(iamClient(props.connection), id);
      const outs = outputsOf(key, props.secretKey, props.connection);
      return { id, props: outs, inputs: jsonClean({ ...pick(outs, INPUT_KEYS), connection: props.connection }) };
    });
  },

  async update(id, olds, news) {
    const client = iamClient(news.connection);
    const patch: Record<string, string> = {};
    if ((news.description ?? "") !== olds.description) patch.description = news.description ?? "";
    if (news.defaultProjectId !== undefined && news.defaultProjectId !== olds.defaultProjectId) {
      patch.default_project_id = news.defaultProjectId;
    }
    const key = Object.keys(patch).length > 0 ? await updateApiKey(client, id, patch) : await getApiKey(client, id);
    return { outs: outputsOf(key, olds.secretKey, news.connection) };
  },

  delete(id, props) {
    return deleteIfExists(() => deleteApiKey(iamClient(props.connection), id));
  },
};
