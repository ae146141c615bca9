import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { HttpClient } from "../../client/http";
import { notShown, segment } from "../../client/juju/client";
import { addCredential, listCredentials, removeCredential } from "../../client/juju/credential";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { deepEqual, timeoutsField } from "../fields";
import { resourceArguments } from "../resource";
import { untilGone, untilVisible } from "../waits";
import { type JujuConnectionArgs, juju } from "./connection";
import { DEFAULT_JUJU_TIMEOUTS, JujuName } from "./names";
import type { JujuTimeouts } from "./ssh-key";

export interface CredentialArgs {
  /** The user the credential belongs to. A change replaces it. */
  user: pulumi.Input<string>;
  /** The credential's name. A change replaces it. */
  name: pulumi.Input<string>;
  /** The cloud type (google, aws, azure, openstack, lxd, manual, or a controller's type). A change replaces it. */
  type: pulumi.Input<string>;
  /**
   * The cloud-specific content, e.g. `{ file: "<service account JSON>" }` for google: secret in the state. A change
   * replaces the credential, deleting the old one first (the server would keep both under one name).
   */
  key: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Manage an existing credential of this user with this name instead of creating one. */
  adopt?: pulumi.Input<boolean>;
  timeouts?: pulumi.Input<JujuTimeouts>;
  connection?: pulumi.Input<JujuConnectionArgs>;
}

export interface ApiCredential {
  user: string;
  name: string;
  type: string | null;
  key: unknown;
  shown: boolean;
  /** Names (and types) the server shows for the user; never the content. */
  names: string[];
}

async function observe(client: HttpClient, user: string, name: string, wanted?: Props): Promise<ApiCredential> {
  const all = await listCredentials(client, user);
  // DELETE removes the first of a name, so the first is the one this resource manages.
  const found = all.find((credential) => credential.name === name);
  const names = all.map((credential) => `${credential.name} (${credential.type ?? "?"})`);
  if (found) return { user, name, type: found.type ?? null, key: found.key, shown: true, names };
  return { user, name, type: wanted?.type ?? null, key: wanted?.key, shown: false, names };
}

async function get(client: HttpClient, props: Props): Promise<ApiCredential> {
  const seen = await observe(client, props.user, props.name);
  if (!seen.shown) {
    throw notShown(
      `/users/${segment(props.user)}/credentials`,
      `credential "${props.name}" is not shown (a change that never landed, or removed by hand); \`pulumi refresh\` drops it from the stack and the next \`pulumi up\` adds it again`,
    );
  }
  return seen;
}

const describeCredentials = (api: ApiCredential) =>
  `GET /users/${api.user}/credentials shows ${api.names.length ? api.names.join(", ") : "none"}`;

export const description = {
  system: juju,
  type: "Credential",
  noun: "credential",
  fields: {
    user: { input: JujuName, required: true, api: "user", replace: true },
    name: { input: JujuName, required: true, api: "name", replace: true },
    type: { input: JujuName, required: true, api: "type", replace: true },
    key: {
      input: z.record(
        z.string(),
        z.string("must be a string"),
        "must be an object of strings (the cloud-specific content)",
      ),
      required: true,
      api: "key",
      replace: true,
      secret: true,
    },
    timeouts: timeoutsField(DEFAULT_JUJU_TIMEOUTS),
  },
  id: (credential) => `${credential.user}/${credential.name}`,
  createdAt: () => null,
  endpoints: {
    get: (client, _id, props) => get(client, props),
    observe: (client, _id, props) => observe(client, props.user, props.name, props),
    list: async (client, inputs) => {
      const seen = await observe(client, inputs.user, inputs.name);
      return seen.shown ? [seen] : [];
    },
    create: async (client, _body, inputs) => {
      const before = await observe(client, inputs.user, inputs.name, inputs);
      if (before.shown) {
        // The server would keep a second credential of the same name (it de-duplicates exact content only).
        throw new Error(
          `juju user "${inputs.user}" already has a credential named "${inputs.name}"; set adopt: true to manage it, or choose another name (Sojobo would keep two of one name)`,
        );
      }
      await addCredential(client, inputs.user, { name: inputs.name, type: inputs.type, key: inputs.key });
      return before;
    },
    delete: (client, _id, props) => removeCredential(client, props.user, props.name),
  },
  naturalKey: ["user", "name"],
  adopt: true,
  lostCreate: "take",
  waits: {
    create: untilVisible<ApiCredential>(
      "to be shown by the server with the content asked for",
      (api, wanted) => api.shown && api.type === wanted.type && deepEqual(api.key, wanted.key),
      describeCredentials,
      // The same content is de-duplicated; a second credential of the name is not added while another is shown.
      async (client, wanted) => {
        if ((await observe(client, wanted.user, wanted.name)).shown) return;
        await addCredential(client, wanted.user, { name: wanted.name, type: wanted.type, key: wanted.key });
      },
    ),
    delete: { ...untilGone<ApiCredential>(), describe: describeCredentials },
  },
  timeouts: DEFAULT_JUJU_TIMEOUTS,
  // Two credentials of one name would both be kept, and DELETE by name removes only the first.
  deleteBeforeReplace: true,
} satisfies EntityDescription<ApiCredential>;

export const credentialProvider = entityProvider(description);
const args = resourceArguments(description);

/** A cloud credential of a Juju user. Its id is `<user>/<name>`; its content (`key`) is secret. */
export class Credential extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/juju:Credential";

  declare readonly user: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;
  declare readonly key: pulumi.Output<Record<string, string>>;
  declare readonly timeouts: pulumi.Output<JujuTimeouts | undefined>;
  /** True when `adopt` took over a credential that existed before. */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, credentialArgs: CredentialArgs, opts?: pulumi.CustomResourceOptions) {
    // The content is an input too: secret in the stored inputs, not only in the outputs.
    super(...args(name, { ...credentialArgs, key: pulumi.secret(credentialArgs.key) }, opts));
  }
}
