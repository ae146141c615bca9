import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  type Repository as ApiRepository,
  createRepository,
  deleteRepository,
  getRepository,
  listRepositories,
  makeDefaultRepository,
} from "../../client/fiware/repository";
import type { EntityDescription } from "../description";
import { entityProvider } from "../entity";
import { Bool } from "../fields";
import { resourceArguments } from "../resource";
import { type FiwareConnectionArgs, fiware } from "./connection";
import { ApiVersion, asHost, asNumber, WStoreName, WStoreUrl } from "./names";

export interface RepositoryArgs {
  /** Letters, digits, `_`, `-` and spaces. A change replaces the registration (the store has no update). */
  name: pulumi.Input<string>;
  /** The repository's URL; the store adds a trailing "/". A change replaces the registration. */
  host: pulumi.Input<string>;
  /** 1 or 2 (sent as the digit string the server requires). A change replaces the registration. */
  apiVersion: pulumi.Input<1 | 2>;
  /** Letters, digits, `_` and `-`. A change replaces the registration. */
  offeringCollection: pulumi.Input<string>;
  /** Letters, digits, `_` and `-`. A change replaces the registration. */
  resourceCollection: pulumi.Input<string>;
  /**
   * Make this the store's default repository (in place). The store also makes the first repository the default,
   * and promotes the oldest one when the default is deleted; omitted, whatever the store decides is accepted.
   */
  isDefault?: pulumi.Input<boolean>;
  /** Manage an existing registration with the same name instead of making one. */
  adopt?: pulumi.Input<boolean>;
  /** Credentials for this resource only (made secret); otherwise stack config, then environment. */
  connection?: pulumi.Input<FiwareConnectionArgs>;
}

/** The view checks `is_valid_id` and then refuses spaces. */
const CollectionName = z.string("must be a string").regex(/^[\w-]+$/, "must be letters, digits, _ or - (no spaces)");

export const description = {
  system: fiware,
  type: "Repository",
  noun: "repository",
  fields: {
    name: { input: WStoreName, required: true, api: "name", replace: true },
    host: { input: WStoreUrl, required: true, api: "host", replace: true, compare: asHost },
    apiVersion: { input: ApiVersion, required: true, api: "api_version", replace: true, compare: asNumber },
    offeringCollection: { input: CollectionName, required: true, api: "offering_collection", replace: true },
    resourceCollection: { input: CollectionName, required: true, api: "resource_collection", replace: true },
    isDefault: { input: Bool, api: "is_default" },
  },
  id: (repository) => repository.name,
  createdAt: () => null,
  endpoints: {
    get: (client, id) => getRepository(client, id),
    list: (client) => listRepositories(client),
    create: (client, _body, inputs, recover) =>
      createRepository(
        client,
        {
          name: inputs.name,
          host: inputs.host,
          api_version: String(inputs.apiVersion),
          offering_collection: inputs.offeringCollection,
          resource_collection: inputs.resourceCollection,
          ...(inputs.isDefault !== undefined && { is_default: inputs.isDefault }),
        },
        recover,
      ),
    update: async (client, id, body) => {
      if (body.is_default === true) await makeDefaultRepository(client, id);
      else if (body.is_default === false && (await getRepository(client, id)).is_default) {
        throw new Error(
          `repository "${id}" is the store's default and the store cannot unset a default: make another repository the default (isDefault: true there), or drop isDefault here`,
        );
      }
      return undefined;
    },
    delete: (client, id) => deleteRepository(client, id),
  },
  naturalKey: ["name"],
  adopt: true,
  lostCreate: "take",
  // The same name or host answers 409: a replacement deletes the old registration first.
  deleteBeforeReplace: true,
  conflictHint: (inputs) =>
    `a repository named "${inputs.name}" or at ${inputs.host} is already registered: set adopt: true to manage it (same name), or choose another name and host`,
} satisfies EntityDescription<ApiRepository>;

export const repositoryProvider = entityProvider(description);
const args = resourceArguments(description);

/** A repository (of offering descriptions and resources) registered in the FIWARE Store. */
export class Repository extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/fiware:Repository";

  declare readonly name: pulumi.Output<string>;
  declare readonly host: pulumi.Output<string>;
  declare readonly apiVersion: pulumi.Output<number>;
  declare readonly offeringCollection: pulumi.Output<string>;
  declare readonly resourceCollection: pulumi.Output<string>;
  /** As the store says now: deleting the default repository promotes another. */
  declare readonly isDefault: pulumi.Output<boolean>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, repositoryArgs: RepositoryArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, repositoryArgs, opts));
  }
}
