import * as pulumi from "@pulumi/pulumi";
import {
  type ApiKey as ApiApiKey,
  createApiKey,
  deleteApiKey,
  getApiKey,
  listApiKeys,
  updateApiKey,
} from "../../client/scaleway/api-key";
import type { EntityDescription } from "../description";
import { entityProvider } from "../entity";
import { asInstant, FutureRfc3339, Uuid } from "../fields";
import { containsUnknown } from "../provider";
import { resourceArguments } from "../resource";
import { type ScalewayConnectionArgs, scaleway } from "./connection";
import { ScalewayDescription } from "./names";

export interface ApiKeyArgs {
  /** The application that bears the key. Exactly one of applicationId and userId. A change replaces the key. */
  applicationId?: pulumi.Input<string>;
  /** The user that bears the key. Exactly one of applicationId and userId. A change replaces the key. */
  userId?: pulumi.Input<string>;
  /** Up to 200 characters. */
  description?: pulumi.Input<string>;
  /** RFC 3339, in the future; compared as an instant (the API answers in UTC). A change replaces the key. */
  expiresAt?: pulumi.Input<string>;
  /**
   * The project the key works in by default; changes in place. When omitted: `scaleway:projectId` /
   * `SCW_DEFAULT_PROJECT_ID` if set (so removing it moves the key back there), otherwise the server's choice.
   */
  defaultProjectId?: pulumi.Input<string>;
  /** Credentials for this resource only (made secret); otherwise stack config, then environment. */
  connection?: pulumi.Input<ScalewayConnectionArgs>;
}

const BEARERS = ["applicationId", "userId"] as const;

export const description = {
  system: scaleway,
  type: "ApiKey",
  noun: "API key",
  fields: {
    accessKey: { api: "access_key" },
    secretKey: { api: "secret_key", secret: true },
    applicationId: { input: Uuid, api: "application_id", replace: true, default: null },
    userId: { input: Uuid, api: "user_id", replace: true, default: null },
    description: { input: ScalewayDescription, api: "description", default: "" },
    expiresAt: {
      input: FutureRfc3339,
      api: "expires_at",
      fromApi: (value) => value ?? null,
      replace: true,
      default: null,
      compare: asInstant,
    },
    defaultProjectId: { input: Uuid, api: "default_project_id", setting: "projectId" },
    createdAt: { api: "created_at" },
    updatedAt: { api: "updated_at" },
    editable: { api: "editable" },
    deletable: { api: "deletable", fromApi: (value) => value ?? true },
    managed: { api: "managed", fromApi: (value) => value ?? false },
    creationIp: { api: "creation_ip" },
  },
  id: (key) => key.access_key,
  createdAt: (key) => key.created_at,
  endpoints: {
    get: (client, accessKey) => getApiKey(client, accessKey),
    // The spec's ListAPIKeys filters by bearer (bearer_id + bearer_type), as the recorded traffic shows.
    list: (client, inputs) =>
      listApiKeys(client, {
        bearer_id: inputs.applicationId ?? inputs.userId,
        bearer_type: inputs.applicationId ? "application" : "user",
      }),
    create: (client, body, _inputs, recover) => createApiKey(client, body, recover),
    update: (client, accessKey, body) => updateApiKey(client, accessKey, body),
    delete: (client, accessKey) => deleteApiKey(client, accessKey),
  },
  naturalKey: ["applicationId", "userId"],
  adopt: {
    refused:
      "API keys cannot be adopted: Scaleway reveals a key's secret only when it is created, so an existing key's secret cannot be recovered; let Pulumi create a new key",
  },
  // A key whose create answer was lost has no known secret: useless to us, but possibly someone else's.
  lostCreate: "delete-and-resend",
  checkMore(news) {
    const set = BEARERS.filter((name) => news[name] !== undefined);
    if (set.length === 1 || set.some((name) => containsUnknown(news[name]))) return [];
    const property = set.length === 0 ? "applicationId" : "userId";
    return [{ property, reason: "set exactly one of applicationId and userId (the key's bearer)" }];
  },
} satisfies EntityDescription<ApiApiKey>;

export const apiKeyProvider = entityProvider(description);
const args = resourceArguments(description);

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

  constructor(name: string, apiKeyArgs: ApiKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, apiKeyArgs, opts));
  }
}
