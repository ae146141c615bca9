import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  type Marketplace as ApiMarketplace,
  createMarketplace,
  deleteMarketplace,
  getMarketplace,
  listMarketplaces,
} from "../../client/fiware/marketplace";
import type { EntityDescription } from "../description";
import { entityProvider } from "../entity";
import { containsUnknown } from "../provider";
import { resourceArguments } from "../resource";
import { type FiwareConnectionArgs, fiware } from "./connection";
import { ApiVersion, asHost, asNumber, WStoreName, WStoreUrl } from "./names";
import { remoteFailure, withSecretInputs } from "./support";

export interface MarketplaceCredentials {
  username: string;
  password: string;
}

export interface MarketplaceArgs {
  /** Letters, digits, `_`, `-` and spaces. A change replaces the registration (the store has no update). */
  name: pulumi.Input<string>;
  /** The marketplace's URL; the store adds a trailing "/". A change replaces the registration. */
  host: pulumi.Input<string>;
  /** 1 or 2 (sent as the digit string the server requires). A change replaces the registration. */
  apiVersion: pulumi.Input<1 | 2>;
  /** The store's account on the marketplace: required for version 1. Secret; never shown by the store. */
  credentials?: pulumi.Input<MarketplaceCredentials>;
  /** Manage an existing registration with the same name instead of making one. */
  adopt?: pulumi.Input<boolean>;
  /** Credentials for this resource only (made secret); otherwise stack config, then environment. */
  connection?: pulumi.Input<FiwareConnectionArgs>;
}

const CredentialsInput = z
  .object(
    {
      username: z.string("must be a string").min(1, "must not be empty"),
      password: z.string("must be a string").min(1, "must not be empty"),
    },
    "must be an object",
  )
  .strict();

type Shown = ApiMarketplace & { credentials?: MarketplaceCredentials };

export const description = {
  system: fiware,
  type: "Marketplace",
  noun: "marketplace",
  fields: {
    name: { input: WStoreName, required: true, api: "name", replace: true },
    host: { input: WStoreUrl, required: true, api: "host", replace: true, compare: asHost },
    apiVersion: { input: ApiVersion, required: true, api: "api_version", replace: true, compare: asNumber },
    credentials: { input: CredentialsInput, api: "credentials", replace: true },
  },
  id: (market) => market.name,
  createdAt: () => null,
  endpoints: {
    // The store never shows credentials: the declared ones are kept.
    get: async (client, id, props) => ({ ...(await getMarketplace(client, id)), credentials: props.credentials }),
    list: (client) => listMarketplaces(client),
    create: async (client, _body, inputs, recover) => {
      const { name, host, apiVersion, credentials } = inputs;
      const request = {
        name,
        host,
        api_version: String(apiVersion),
        ...(credentials && { credentials: { username: credentials.username, passwd: credentials.password } }),
      };
      try {
        return { ...(await createMarketplace(client, request, recover)), credentials };
      } catch (error) {
        throw remoteFailure(error, "marketplace", host);
      }
    },
    delete: async (client, id) => {
      try {
        await deleteMarketplace(client, id);
      } catch (error) {
        throw remoteFailure(error, "marketplace", id);
      }
    },
  },
  naturalKey: ["name"],
  adopt: true,
  lostCreate: "take",
  // The same name or host answers 409: a replacement deletes the old registration first.
  deleteBeforeReplace: true,
  checkMore(news) {
    if (news.apiVersion !== 1 || news.credentials !== undefined || containsUnknown(news.apiVersion)) return [];
    return [{ property: "credentials", reason: "marketplaces of API version 1 need the store's credentials there" }];
  },
  conflictHint: (inputs) =>
    `a marketplace named "${inputs.name}" or at ${inputs.host} is already registered: set adopt: true to manage it (same name), or choose another name and host`,
} satisfies EntityDescription<Shown>;

export const marketplaceProvider = entityProvider(description);
const args = resourceArguments(description);

/** A marketplace the FIWARE Store is registered in. Registering calls the marketplace at once. */
export class Marketplace extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/fiware:Marketplace";

  declare readonly name: pulumi.Output<string>;
  declare readonly host: pulumi.Output<string>;
  declare readonly apiVersion: pulumi.Output<number>;
  declare readonly credentials: pulumi.Output<MarketplaceCredentials | undefined>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, marketplaceArgs: MarketplaceArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, ...withSecretInputs(marketplaceArgs, opts, ["credentials"])));
  }
}
