import * as pulumi from "@pulumi/pulumi";
import {
  type SshKey as ApiSshKey,
  createSshKey,
  deleteSshKey,
  getSshKey,
  listSshKeys,
  updateSshKey,
} from "../../client/scaleway/ssh-key";
import type { EntityDescription } from "../description";
import { entityProvider } from "../entity";
import { Bool, text, Uuid } from "../fields";
import { resourceArguments } from "../resource";
import { type ScalewayConnectionArgs, scaleway } from "./connection";

export interface SshKeyArgs {
  /** Up to 1000 characters. */
  name: pulumi.Input<string>;
  /**
   * An OpenSSH public key (`<type> <base64> [comment]`; ssh-rsa, ssh-dss, ssh-ed25519, ecdsa-sha2-nistp*). The
   * server drops the comment and surrounding whitespace, so they never make a diff. A change replaces the key.
   */
  publicKey: pulumi.Input<string>;
  /** A change replaces the key. Default: `scaleway:projectId` / `SCW_DEFAULT_PROJECT_ID`. */
  projectId?: pulumi.Input<string>;
  /** Default false; changes in place. */
  disabled?: pulumi.Input<boolean>;
  connection?: pulumi.Input<ScalewayConnectionArgs>;
}

const KEY_TYPES = new Set([
  "ssh-rsa",
  "ssh-dss",
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
]);

/** Why the server would refuse this public key, or undefined: a known type whose base64 blob names that type. */
export function publicKeyProblem(value: string): string | undefined {
  const [type, encoded] = value.trim().split(/\s+/);
  if (!type || !encoded) return "must be an OpenSSH public key: <type> <base64> [comment]";
  if (!KEY_TYPES.has(type)) return `unsupported key type ${type} (${[...KEY_TYPES].join(", ")})`;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return "the key is not valid base64";
  const blob = Buffer.from(encoded, "base64");
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (length < 0 || blob.subarray(4, 4 + length).toString("latin1") !== type) {
    return "the key's content does not match its type";
  }
  return undefined;
}

const PublicKey = text({ min: 1, max: 65_000 }).superRefine((value, ctx) => {
  const problem = value.length > 0 ? publicKeyProblem(value) : undefined;
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** As the server stores it: `<type> <base64>`, without the comment and surrounding whitespace. */
export const asPublicKey = (value: unknown) =>
  typeof value === "string" ? value.trim().split(/\s+/).slice(0, 2).join(" ") : value;

export const description = {
  system: scaleway,
  type: "SshKey",
  noun: "SSH key",
  fields: {
    name: { input: text({ max: 1000 }), required: true, api: "name" },
    publicKey: { input: PublicKey, required: true, api: "public_key", replace: true, compare: asPublicKey },
    projectId: { input: Uuid, required: true, api: "project_id", setting: "projectId", replace: true },
    disabled: { input: Bool, api: "disabled", default: false },
    fingerprint: { api: "fingerprint" },
    organizationId: { api: "organization_id" },
    createdAt: { api: "created_at" },
    updatedAt: { api: "updated_at" },
  },
  id: (key) => key.id,
  createdAt: (key) => key.created_at,
  endpoints: {
    get: (client, id) => getSshKey(client, id),
    list: (client, inputs) => listSshKeys(client, { project_id: inputs.projectId, name: inputs.name }),
    async create(client, body, _inputs, recover, made) {
      const { disabled, ...sent } = body;
      const created = await createSshKey(client, sent, recover as () => Promise<ApiSshKey | undefined>);
      if (disabled !== true) return created;
      // POST takes no `disabled`: a PATCH follows, and a key it fails on is recorded (enabled), never orphaned.
      made(created);
      return updateSshKey(client, created.id, { disabled: true });
    },
    update: (client, id, body) => updateSshKey(client, id, body),
    delete: (client, id) => deleteSshKey(client, id),
  },
  // The same key may be added twice (recorded): a key is told apart by its name in its project.
  naturalKey: ["projectId", "name"],
  adopt: true,
  lostCreate: "take",
} satisfies EntityDescription<ApiSshKey>;

export const sshKeyProvider = entityProvider(description);
const args = resourceArguments(description);

/** A Scaleway IAM SSH key, installed on the project's new instances. */
export class SshKey extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/scaleway:SshKey";

  declare readonly name: pulumi.Output<string>;
  declare readonly publicKey: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly disabled: pulumi.Output<boolean>;
  declare readonly fingerprint: pulumi.Output<string>;
  declare readonly organizationId: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string | null>;
  declare readonly updatedAt: pulumi.Output<string | null>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, sshKeyArgs: SshKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, sshKeyArgs, opts));
  }
}
