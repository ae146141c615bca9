import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  type Application as ApiApplication,
  createApplication,
  deleteApplication,
  getApplication,
  listApplications,
  updateApplication,
} from "../../client/scaleway/application";
import {
  asSet,
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
  defaultOrganizationId,
  iamClient,
  type ScalewayConnectionArgs,
  ScalewayConnectionInput,
  scalewayConnectionFailures,
} from "./connection";
import { ScalewayDescription, ScalewayName, ScalewayTags } from "./names";

export interface ApplicationArgs {
  /** 1–64 characters: letters, digits, `_ ( ) . -`, spaces between words. */
  name: pulumi.Input<string>;
  /** Up to 200 characters. */
  description?: pulumi.Input<string>;
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Defaults to `scaleway:organizationId` / `SCW_DEFAULT_ORGANIZATION_ID`. A change replaces the application. */
  organizationId?: pulumi.Input<string>;
  /** Take over an existing application with the same name in the organization instead of creating one. */
  adopt?: pulumi.Input<boolean>;
  /** Credentials for this resource only (pass as a secret); otherwise stack config, then environment. */
  connection?: pulumi.Input<ScalewayConnectionArgs>;
}

const KIND = "scaleway:Application";
const provider = thinProvider(KIND);

/** A Scaleway IAM application: a non-human principal that holds API keys and is the subject of policies. */
export class Application extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/scaleway:Application";

  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly tags: pulumi.Output<string[]>;
  declare readonly organizationId: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string | null>;
  declare readonly updatedAt: pulumi.Output<string | null>;
  declare readonly editable: pulumi.Output<boolean>;
  declare readonly deletable: pulumi.Output<boolean>;
  declare readonly managed: pulumi.Output<boolean>;
  declare readonly nbApiKeys: pulumi.Output<number>;
  /** True when `adopt` took over an application that existed before. */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: ApplicationArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      createdAt: undefined,
      updatedAt: undefined,
      editable: undefined,
      deletable: undefined,
      managed: undefined,
      nbApiKeys: undefined,
      adopted: undefined,
    };
    super(provider, name, { ...args, ...outputs }, secretConnection(opts), "scaleway", "Application");
  }
}

function secretConnection(opts?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
  return pulumi.mergeOptions(opts, { additionalSecretOutputs: ["connection"] });
}

// ---- implementation (runs in the plugin, loaded through pulumi-eurostack/runtime) ----

const Inputs = z
  .object({
    name: ScalewayName,
    description: ScalewayDescription.optional(),
    tags: ScalewayTags.optional(),
    organizationId: z.string().min(1, "must not be empty").optional(),
    adopt: z.boolean().optional(),
    connection: ScalewayConnectionInput.optional(),
  })
  .strict();
type Inputs = z.infer<typeof Inputs>;

const RULES: FieldRule[] = [
  { name: "name" },
  { name: "description", whenOmitted: "" },
  { name: "tags", whenOmitted: [], normalize: asSet },
  { name: "organizationId", replace: true },
];

const INPUT_KEYS = ["name", "description", "tags", "organizationId"];

function outputsOf(app: ApiApplication, extra: { adopted?: boolean; connection?: unknown }) {
  return jsonClean({
    name: app.name,
    description: app.description,
    tags: app.tags ?? [],
    organizationId: app.organization_id,
    createdAt: app.created_at,
    updatedAt: app.updated_at,
    editable: app.editable,
    deletable: app.deletable ?? true,
    managed: app.managed ?? false,
    nbApiKeys: app.nb_api_keys,
    adopted: extra.adopted ?? false,
    connection: extra.connection,
  });
}

/** Applications of the organization with exactly this name (the API's name filter matches substrings). */
async function findByName(inputs: Inputs): Promise<ApiApplication[]> {
  const apps = await listApplications(iamClient(inputs.connection), {
    organization_id: inputs.organizationId,
    name: inputs.name,
  });
  return apps.filter((app) => app.name === inputs.name);
}

async function create(inputs: Inputs) {
  // Creates of one name run one at a time, so a look-up after a lost answer never sees a sibling's create in flight.
  return oneAtATime(`scaleway:Application:${inputs.organizationId}:${inputs.name}`, () => createOnce(inputs));
}

async function createOnce(inputs: Inputs) {
  const client = iamClient(inputs.connection);
  if (inputs.adopt) {
    const existing = await findByName(inputs);
    if (existing.length > 1) {
      throw new Error(
        `adopt: ${existing.length} applications are named "${inputs.name}" in organization ${inputs.organizationId} (${existing.map((a) => a.id).join(", ")}); rename them or drop adopt`,
      );
    }
    if (existing.length === 1) {
      const found = existing[0];
      console.error(`scaleway:Application adopting existing application ${found.id} ("${found.name}")`);
      claim(found.id);
      const adopted = await update(found.id, outputsOf(found, {}), inputs);
      return { id: found.id, outs: { ...adopted.outs, adopted: true } };
    }
  }
  // If an attempt's answer is lost after the server may have acted, look for the application this request would
  // have made before sending it again (see recovery.ts), so a retry never makes a second one.
  const window = openCreateWindow(client);
  const recover = async () => {
    const matching = (await findByName(inputs)).filter(
      (app) => app.description === (inputs.description ?? "") && asSetEqual(app.tags ?? [], inputs.tags ?? []),
    );
    const ours = window.unclaimedSince(
      matching,
      (app) => app.id,
      (app) => app.created_at,
    );
    if (ours.length > 1)
      throw new AmbiguousCreateError(
        `application "${inputs.name}"`,
        ours.map((app) => app.id),
      );
    return ours[0];
  };
  const app = await createApplication(
    client,
    {
      name: inputs.name,
      organization_id: inputs.organizationId!,
      description: inputs.description,
      tags: inputs.tags,
    },
    recover,
  );
  claim(app.id);
  return { id: app.id, outs: outputsOf(app, { connection: inputs.connection }) };
}

function asSetEqual(a: string[], b: string[]) {
  return JSON.stringify(asSet(a)) === JSON.stringify(asSet(b));
}

async function update(id: string, olds: Record<string, any>, news: Inputs) {
  const patch: Record<string, unknown> = {};
  if (news.name !== olds.name) patch.name = news.name;
  if ((news.description ?? "") !== olds.description) patch.description = news.description ?? "";
  if (!asSetEqual(news.tags ?? [], olds.tags ?? [])) patch.tags = news.tags ?? [];
  const client = iamClient(news.connection);
  const app =
    Object.keys(patch).length > 0 ? await updateApplication(client, id, patch) : await getApplication(client, id);
  return { outs: outputsOf(app, { adopted: olds.adopted === true, connection: news.connection }) };
}

export const applicationProvider: EntityProvider = {
  async check(_olds, news) {
    const checked = checkInputs(Inputs, news);
    if (checked.inputs) {
      const inputs = checked.inputs;
      // A connection not known yet (preview) may carry the organization and the credentials: checked when known.
      const connectionUnknown = containsUnknown(news.connection);
      if (!connectionUnknown) inputs.organizationId ??= defaultOrganizationId(inputs.connection);
      if (!inputs.organizationId && !("organizationId" in news) && !connectionUnknown) {
        checked.failures.push({
          property: "organizationId",
          reason:
            "organizationId: no organization given; set organizationId, `scaleway:organizationId` or SCW_DEFAULT_ORGANIZATION_ID",
        });
      }
      if (!connectionUnknown) checked.failures.push(...scalewayConnectionFailures(inputs.connection));
    }
    return checkResult(news, checked);
  },

  async diff(_id, olds, news) {
    return diffFields(olds, news, RULES);
  },

  async create(inputs) {
    return create(inputs as Inputs);
  },

  read(id, props) {
    return readOrGone(async () => {
      const app = await getApplication(iamClient(props.connection), id);
      const outs = outputsOf(app, { adopted: props.adopted === true, connection: props.connection });
      const inputs = jsonClean({ ...pick(outs, INPUT_KEYS), adopt: props.adopt, connection: props.connection });
      return { id, props: outs, inputs };
    });
  },

  async update(id, olds, news) {
    return update(id, olds, news as Inputs);
  },

  delete(id, props) {
    return deleteIfExists(() => deleteApplication(iamClient(props.connection), id));
  },
};
