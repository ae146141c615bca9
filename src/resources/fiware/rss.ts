import * as pulumi from "@pulumi/pulumi";
import { ConflictError } from "../../client/errors";
import {
  type Rss as ApiRss,
  createRss,
  deleteRss,
  getRss,
  listRss,
  type RssRequest,
  updateRss,
} from "../../client/fiware/rss";
import type { HttpClient } from "../../client/http";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { resourceArguments } from "../resource";
import { type FiwareConnectionArgs, fiware } from "./connection";
import {
  ApiVersion,
  asHost,
  asLimits,
  asModels,
  asNumber,
  type Limits,
  LimitsInput,
  modelsFromApi,
  modelsToApi,
  type RevenueModels,
  RevenueModelsInput,
  WStoreName,
  WStoreUrl,
} from "./names";
import { checkLimitsCurrency, remoteFailure } from "./support";

export interface RssArgs {
  /** Letters, digits, `_`, `-` and spaces. Changes in place (renames the RSS). */
  name: pulumi.Input<string>;
  /** The RSS's URL; the store adds a trailing "/". A change replaces the RSS. */
  host: pulumi.Input<string>;
  /** 1 or 2. A change replaces the RSS. */
  apiVersion: pulumi.Input<1 | 2>;
  /** The store's expenditure limits; omitted, the store sets its own defaults. Changes in place. */
  limits?: pulumi.Input<Limits>;
  /** The store's share of each kind of sale, in percent; omitted, the store's defaults (10, 20, 30). */
  revenueModels?: pulumi.Input<RevenueModels>;
  /** Manage the store's existing RSS (same host and version) instead of registering one: a store has only one. */
  adopt?: pulumi.Input<boolean>;
  /** Credentials for this resource only (made secret); otherwise stack config, then environment. */
  connection?: pulumi.Input<FiwareConnectionArgs>;
}

function toApi(body: Props): RssRequest {
  const request = { ...body } as RssRequest & Props;
  if (body.models) request.models = modelsToApi(body.models as RevenueModels);
  return request;
}

/** Only one RSS may exist: a second answers 409. Names the one there and how to adopt it. */
async function oneRssOnly(client: HttpClient, error: unknown): Promise<unknown> {
  if (!(error instanceof ConflictError)) return error;
  const existing = await listRss(client).catch(() => []);
  const which = existing.map((rss) => `"${rss.name}" at ${rss.host} (API v${rss.api_version})`).join(", ");
  return new Error(
    `the FIWARE Store already has an RSS${which ? `, ${which}` : ""}, and it allows only one (409: ${error.message}); set adopt: true with that RSS's host and apiVersion to manage it, or delete it first`,
  );
}

export const description = {
  system: fiware,
  type: "Rss",
  noun: "RSS",
  fields: {
    name: { input: WStoreName, required: true, api: "name" },
    host: { input: WStoreUrl, required: true, api: "host", replace: true, compare: asHost },
    apiVersion: { input: ApiVersion, required: true, api: "api_version", replace: true, compare: asNumber },
    limits: { input: LimitsInput, api: "limits", compare: asLimits },
    revenueModels: { input: RevenueModelsInput, api: "models", fromApi: modelsFromApi, compare: asModels },
  },
  // The id is the name the RSS had when it was made; a rename in place is followed through the `name` output.
  id: (rss) => rss.name,
  createdAt: () => null,
  endpoints: {
    get: (client, id, props) => getRss(client, props.name ?? id),
    list: (client) => listRss(client),
    create: async (client, body, inputs, recover) => {
      await checkLimitsCurrency(client, inputs.limits);
      try {
        return await createRss(client, toApi(body), recover);
      } catch (error) {
        throw remoteFailure(await oneRssOnly(client, error), "RSS", inputs.host);
      }
    },
    update: async (client, _id, body, olds) => {
      await checkLimitsCurrency(client, body.limits);
      try {
        await updateRss(client, olds.name, toApi(body));
      } catch (error) {
        throw remoteFailure(error, "RSS", olds.host);
      }
      return undefined;
    },
    delete: (client, id, props) => deleteRss(client, props.name ?? id),
  },
  // The store holds one RSS: adopt takes it when it is at the declared host and version.
  naturalKey: ["host", "apiVersion"],
  adopt: true,
  lostCreate: "take",
  // A second RSS cannot exist next to the first: a replacement deletes the old one first.
  deleteBeforeReplace: true,
} satisfies EntityDescription<ApiRss>;

export const rssProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * The Revenue Sharing System a FIWARE Store reports its sales to. A store has at most one; registering calls the RSS
 * at once, so a refusing RSS means nothing is registered.
 */
export class Rss extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/fiware:Rss";

  declare readonly name: pulumi.Output<string>;
  /** As the store keeps it, with a trailing "/". */
  declare readonly host: pulumi.Output<string>;
  declare readonly apiVersion: pulumi.Output<number>;
  declare readonly limits: pulumi.Output<Record<string, number | string>>;
  declare readonly revenueModels: pulumi.Output<RevenueModels>;
  /** True when `adopt` took over the RSS that existed before. */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, rssArgs: RssArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, rssArgs, opts));
  }
}
