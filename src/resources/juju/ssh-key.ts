import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { HttpClient } from "../../client/http";
import { notShown, segment } from "../../client/juju/client";
import { addSshKey, listSshKeys, removeSshKey } from "../../client/juju/ssh-key";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { type Comparison, type TimeoutValues, text, timeoutsField } from "../fields";
import { resourceArguments } from "../resource";
import { untilGone, untilVisible } from "../waits";
import { type JujuConnectionArgs, juju } from "./connection";
import { DEFAULT_JUJU_TIMEOUTS, JujuName } from "./names";

/** Seconds; default 180 each (see names.ts). */
export interface JujuTimeouts extends TimeoutValues {
  /** Wait for the added key (or level) to be shown. */
  create?: number;
  /** Wait for a changed level to be shown. */
  update?: number;
  /** Wait for the key (or credential, or the `login` level) to be shown gone. */
  delete?: number;
}

export interface SshKeyArgs {
  /** The user the key belongs to. A change replaces the key. */
  user: pulumi.Input<string>;
  /** An OpenSSH public key line; compared ignoring the comment and whitespace. A change of key replaces it. */
  publicKey: pulumi.Input<string>;
  /** How long to wait for the server's background change (seconds); `customTimeouts` never reach a dynamic provider. */
  timeouts?: pulumi.Input<JujuTimeouts>;
  connection?: pulumi.Input<JujuConnectionArgs>;
}

/** The key type and its base64 body: what identifies a key (the comment is a label; blanks do not matter). */
export const asPublicKey: Comparison = (value) =>
  typeof value === "string" ? value.trim().split(/\s+/).slice(0, 2).join(" ") : value;

const PublicKey = text({ min: 1, max: 16_384 }).pipe(
  z
    .string()
    .regex(
      /^\s*(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)\s+[A-Za-z0-9+/]+={0,3}(\s+\S.*)?\s*$/,
      "must be an OpenSSH public key line such as `ssh-ed25519 AAAAC3Nza... me@host`",
    ),
);

/** OpenSSH's SHA256 fingerprint of the key body, as `ssh-keygen -l` prints it. */
export function fingerprint(key: string): string {
  const body = String(asPublicKey(key)).split(" ")[1] ?? "";
  return `SHA256:${createHash("sha256").update(Buffer.from(body, "base64")).digest("base64").replace(/=+$/, "")}`;
}

/** The key as the server shows it (or the one asked for, while not shown), and every key it shows. */
export interface ApiSshKey {
  user: string;
  public_key: string;
  fingerprint: string;
  shown: boolean;
  keys: string[];
}

async function observe(client: HttpClient, user: string, wanted: string): Promise<ApiSshKey> {
  const keys = await listSshKeys(client, user);
  // The exact string first: it is what DELETE removes; then the same key with another comment.
  const found = keys.find((key) => key === wanted) ?? keys.find((key) => asPublicKey(key) === asPublicKey(wanted));
  return { user, public_key: found ?? wanted, fingerprint: fingerprint(wanted), shown: found !== undefined, keys };
}

async function get(client: HttpClient, props: Props): Promise<ApiSshKey> {
  const seen = await observe(client, props.user, props.publicKey);
  if (!seen.shown) {
    throw notShown(
      `/users/${segment(props.user)}/ssh`,
      `key ${seen.fingerprint} is not shown (a change that never landed, or removed by hand); \`pulumi refresh\` drops it from the stack and the next \`pulumi up\` adds it again`,
    );
  }
  return seen;
}

const describeKeys = (api: ApiSshKey) =>
  `GET /users/${api.user}/ssh shows ${api.keys.length} key(s)${api.keys.length ? ` (${api.keys.map(fingerprint).join(", ")})` : ""}${api.shown ? "" : `, not ${api.fingerprint}`}`;

export const description = {
  system: juju,
  type: "SshKey",
  noun: "ssh key",
  fields: {
    user: { input: JujuName, required: true, api: "user", replace: true },
    publicKey: { input: PublicKey, required: true, api: "public_key", replace: true, compare: asPublicKey },
    fingerprint: { api: "fingerprint" },
    timeouts: timeoutsField(DEFAULT_JUJU_TIMEOUTS),
  },
  id: (key) => `${key.user}/${key.fingerprint}`,
  createdAt: () => null,
  endpoints: {
    get: (client, _id, props) => get(client, props),
    observe: (client, _id, props) => observe(client, props.user, props.publicKey),
    create: async (client, _body, inputs) => {
      const before = await observe(client, inputs.user, inputs.publicKey);
      // Already shown (the server keeps exact strings once): nothing to add, and nothing to wait for.
      if (before.shown) return before;
      await addSshKey(client, inputs.user, inputs.publicKey);
      return before;
    },
    delete: (client, _id, props) => removeSshKey(client, props.user, props.publicKey),
  },
  naturalKey: ["user", "publicKey"],
  adopt: { refused: "an ssh key already shown for the user is taken as it is: adding it again changes nothing" },
  lostCreate: "take",
  waits: {
    create: untilVisible<ApiSshKey>(
      "to be shown by the server",
      (api) => api.shown,
      describeKeys,
      // The server keeps an exact string once: sending it again cannot add a second.
      (client, wanted) => addSshKey(client, wanted.user, wanted.publicKey),
    ),
    delete: { ...untilGone<ApiSshKey>(), describe: (api) => describeKeys(api) },
  },
  timeouts: DEFAULT_JUJU_TIMEOUTS,
} satisfies EntityDescription<ApiSshKey>;

export const sshKeyProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * A public key of a Juju user. Adding and removing are background changes (202): the resource waits until the
 * server shows the key (or no longer does). Its id is `<user>/<SHA256 fingerprint>`.
 */
export class SshKey extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/juju:SshKey";

  declare readonly user: pulumi.Output<string>;
  /** As the server shows it. */
  declare readonly publicKey: pulumi.Output<string>;
  declare readonly fingerprint: pulumi.Output<string>;
  declare readonly timeouts: pulumi.Output<JujuTimeouts | undefined>;

  constructor(name: string, keyArgs: SshKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, keyArgs, opts));
  }
}
