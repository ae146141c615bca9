import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { HttpClient } from "../../client/http";
import {
  type User as ApiUser,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  updatePassword,
  updateUser,
  updateUsername,
} from "../../client/scaleway/user";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { asSet, Bool, text, Uuid } from "../fields";
import { resourceArguments } from "../resource";
import { type ScalewayConnectionArgs, scaleway } from "./connection";
import { ScalewayTags } from "./names";

export interface UserArgs {
  /** Changes in place (PATCH). */
  email: pulumi.Input<string>;
  /** Changes in place (update-username). Default: the email. */
  username?: pulumi.Input<string>;
  /** Write-only secret: sent on create and on change (update-password), never read back. At least 8 characters. */
  password?: pulumi.Input<string>;
  /** Create only. */
  sendPasswordEmail?: pulumi.Input<boolean>;
  /** Create only. */
  sendWelcomeEmail?: pulumi.Input<boolean>;
  firstName?: pulumi.Input<string>;
  lastName?: pulumi.Input<string>;
  phoneNumber?: pulumi.Input<string>;
  /** The server's default (and what "" becomes): en_US. */
  locale?: pulumi.Input<string>;
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** A change replaces the user. Default: `scaleway:organizationId` / `SCW_DEFAULT_ORGANIZATION_ID`. */
  organizationId?: pulumi.Input<string>;
  adopt?: pulumi.Input<boolean>;
  connection?: pulumi.Input<ScalewayConnectionArgs>;
}

const Email = z
  .string("must be a string")
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address such as a@example.com");
const Password = text({ min: 8, max: 1024, minReason: "must be at least 8 characters" });
const Text = text({ max: 255 });

/** Fields that exist only for a member: with none of them set, the user is a guest (created with `email` alone). */
const MEMBER_ONLY = [
  "username",
  "password",
  "sendPasswordEmail",
  "sendWelcomeEmail",
  "firstName",
  "lastName",
  "phoneNumber",
  "locale",
];
const MEMBER_API: Record<string, string> = {
  username: "username",
  password: "password",
  sendPasswordEmail: "send_password_email",
  sendWelcomeEmail: "send_welcome_email",
  firstName: "first_name",
  lastName: "last_name",
  phoneNumber: "phone_number",
  locale: "locale",
};

async function update(client: HttpClient, id: string, body: Props): Promise<ApiUser | undefined> {
  const { username, password, ...patch } = body;
  let user: ApiUser | undefined;
  if (Object.keys(patch).length > 0) user = await updateUser(client, id, patch);
  if (username !== undefined) user = await updateUsername(client, id, username as string);
  if (password !== undefined) user = await updatePassword(client, id, password as string);
  return user;
}

export const description = {
  system: scaleway,
  type: "User",
  noun: "user",
  fields: {
    email: { input: Email, required: true, api: "email" },
    username: { input: text({ min: 1, max: 255 }), api: "username" },
    password: { input: Password, api: "password", writeOnly: true, secret: true },
    sendPasswordEmail: { input: Bool, api: "send_password_email", writeOnly: true, createOnly: true },
    sendWelcomeEmail: { input: Bool, api: "send_welcome_email", writeOnly: true, createOnly: true },
    firstName: { input: Text, api: "first_name", default: "" },
    lastName: { input: Text, api: "last_name", default: "" },
    phoneNumber: { input: Text, api: "phone_number", default: "" },
    // The server stores "" as en_US.
    locale: { input: Text, api: "locale", compare: (v) => (v === "" ? "en_US" : v) },
    tags: { input: ScalewayTags, api: "tags", default: [], compare: asSet, fromApi: (tags) => tags ?? [] },
    organizationId: { input: Uuid, required: true, api: "organization_id", setting: "organizationId", replace: true },
    type: { api: "type" },
    status: { api: "status" },
    mfa: { api: "mfa" },
    locked: { api: "locked" },
    deletable: { api: "deletable" },
    lastLoginAt: { api: "last_login_at" },
    createdAt: { api: "created_at" },
    updatedAt: { api: "updated_at" },
  },
  id: (user) => user.id,
  createdAt: (user) => user.created_at,
  endpoints: {
    get: (client, id) => getUser(client, id),
    list: (client, inputs) => listUsers(client, { organization_id: inputs.organizationId }),
    create(client, body, inputs, recover) {
      const isMember = MEMBER_ONLY.some((name) => inputs[name] !== undefined);
      const sent: Props = {
        organization_id: body.organization_id,
        ...(body.tags !== undefined && { tags: body.tags }),
      };
      if (!isMember) sent.email = body.email;
      else {
        sent.member = { email: body.email };
        for (const api of Object.values(MEMBER_API)) if (body[api] !== undefined) sent.member[api] = body[api];
      }
      return createUser(client, sent, recover as () => Promise<ApiUser | undefined>);
    },
    update: (client, id, body) => update(client, id, body),
    delete: (client, id) => deleteUser(client, id),
  },
  naturalKey: ["organizationId", "email"],
  adopt: true,
  lostCreate: "take",
  conflictHint: () => "a user with this email or username exists in the organization; set adopt: true to take it over",
} satisfies EntityDescription<ApiUser>;

export const userProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * A Scaleway IAM user: a member (any of username, password or the profile fields set) or a guest (email alone:
 * type guest, status invitation_pending). The password is write-only: sent, never read back, kept as a secret.
 */
export class User extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/scaleway:User";

  declare readonly email: pulumi.Output<string>;
  declare readonly username: pulumi.Output<string>;
  declare readonly password: pulumi.Output<string | undefined>;
  declare readonly sendPasswordEmail: pulumi.Output<boolean | undefined>;
  declare readonly sendWelcomeEmail: pulumi.Output<boolean | undefined>;
  declare readonly firstName: pulumi.Output<string>;
  declare readonly lastName: pulumi.Output<string>;
  declare readonly phoneNumber: pulumi.Output<string>;
  declare readonly locale: pulumi.Output<string>;
  declare readonly tags: pulumi.Output<string[]>;
  declare readonly organizationId: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly mfa: pulumi.Output<boolean>;
  declare readonly locked: pulumi.Output<boolean>;
  declare readonly deletable: pulumi.Output<boolean>;
  declare readonly lastLoginAt: pulumi.Output<string | null>;
  declare readonly createdAt: pulumi.Output<string | null>;
  declare readonly updatedAt: pulumi.Output<string | null>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, userArgs: UserArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, userArgs, opts));
  }
}
