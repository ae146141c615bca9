import * as pulumi from "@pulumi/pulumi";
import {
  type Application as ApiApplication,
  createApplication,
  deleteApplication,
  getApplication,
  listApplications,
  updateApplication,
} from "../../client/scaleway/application";
import type { EntityDescription } from "../description";
import { entityProvider } from "../entity";
import { asSet, Uuid } from "../fields";
import { resourceArguments } from "../resource";
import { type ScalewayConnectionArgs, scaleway } from "./connection";
import { ScalewayDescription, ScalewayName, ScalewayTags } from "./names";

export interface ApplicationArgs {
  /** 1–64 characters: ASCII letters, digits, `_ ( ) . -`, single spaces between words. */
  name: pulumi.Input<string>;
  /** Up to 200 characters. */
  description?: pulumi.Input<string>;
  /** At most 10. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Defaults to `scaleway:organizationId` / `SCW_DEFAULT_ORGANIZATION_ID`, else the organization of the secret key.
   * A change replaces the application.
   */
  organizationId?: pulumi.Input<string>;
  /** Take over an existing application with the same name in the organization instead of creating one. */
  adopt?: pulumi.Input<boolean>;
  /** Credentials for this resource only (made secret); otherwise stack config, then environment. */
  connection?: pulumi.Input<ScalewayConnectionArgs>;
}

export const description = {
  system: scaleway,
  type: "Application",
  noun: "application",
  fields: {
    name: { input: ScalewayName, required: true, api: "name" },
    description: { input: ScalewayDescription, api: "description", default: "" },
    tags: { input: ScalewayTags, api: "tags", default: [], compare: asSet, fromApi: (tags) => tags ?? [] },
    organizationId: { input: Uuid, api: "organization_id", setting: "organizationId", replace: true },
    createdAt: { api: "created_at" },
    updatedAt: { api: "updated_at" },
    editable: { api: "editable" },
    deletable: { api: "deletable", fromApi: (value) => value ?? true },
    managed: { api: "managed", fromApi: (value) => value ?? false },
    nbApiKeys: { api: "nb_api_keys" },
  },
  id: (app) => app.id,
  createdAt: (app) => app.created_at,
  endpoints: {
    get: (client, id) => getApplication(client, id),
    // The API's name filter matches substrings; the natural-key match is exact (entity.ts).
    list: (client, inputs) => listApplications(client, { organization_id: inputs.organizationId, name: inputs.name }),
    create: (client, body, _inputs, recover) => createApplication(client, body as never, recover),
    update: (client, id, body) => updateApplication(client, id, body),
    delete: (client, id) => deleteApplication(client, id),
  },
  naturalKey: ["organizationId", "name"],
  adopt: true,
  lostCreate: "take",
} satisfies EntityDescription<ApiApplication>;

export const applicationProvider = entityProvider(description);
const args = resourceArguments(description);

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

  constructor(name: string, applicationArgs: ApplicationArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, applicationArgs, opts));
  }
}
