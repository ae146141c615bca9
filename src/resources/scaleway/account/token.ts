import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { type Token as ApiToken, createToken, deleteToken, getToken } from "../../../client/scaleway/account";
import type { EntityDescription } from "../../description";
import { entityProvider } from "../../entity";
import { Bool, text } from "../../fields";
import { resourceArguments } from "../../resource";
import type { ScalewayConnectionArgs } from "../connection";
import { accountTokens } from "./connection";

export interface TokenArgs {
  /** Secret. The login of an IAM user with a password (or the organization's owner). A change makes a new token. */
  email: pulumi.Input<string>;
  /** Secret, write-only. A change makes a new token. */
  password: pulumi.Input<string>;
  /** Default true: the token lasts 30 minutes, and a refresh after that drops it (the next up makes a new one). */
  expires?: pulumi.Input<boolean>;
  connection?: pulumi.Input<ScalewayConnectionArgs>;
}

/** The resource id: a digest of the token, which names it in the state without revealing anything usable. */
export const tokenResourceId = (token: string) =>
  `token-${createHash("sha256").update(`pulumi-eurostack:${token}`).digest("hex").slice(0, 24)}`;

export const description = {
  system: accountTokens,
  type: "AccountToken",
  noun: "legacy token",
  fields: {
    email: {
      input: text({ min: 1, max: 255 }),
      required: true,
      api: "email",
      writeOnly: true,
      secret: true,
      replace: true,
    },
    password: {
      input: text({ min: 1, max: 1024 }),
      required: true,
      api: "password",
      writeOnly: true,
      secret: true,
      replace: true,
    },
    expires: { input: Bool, api: "expires", writeOnly: true, default: true, replace: true },
    /** The credential itself: only ever a secret output. */
    token: { api: "id", secret: true },
    userId: { api: "user_id" },
    createdAt: { api: "creation_date" },
    expiresAt: { api: "expires" },
  },
  id: (token) => tokenResourceId(token.id),
  createdAt: (token) => token.creation_date ?? null,
  endpoints: {
    get: (client, _id, props) => {
      if (typeof props.token !== "string") throw new Error("the stored state holds no token; delete the resource");
      return getToken(client, props.token);
    },
    create: (client, body) =>
      createToken(client, { email: body.email, password: body.password, expires: body.expires ?? true }),
    delete: (client, _id, props) =>
      typeof props.token === "string" ? deleteToken(client, props.token) : Promise.resolve(),
  },
  naturalKey: [],
  adopt: { refused: "a legacy token cannot be adopted: its credential is known only to whoever created it" },
  // A token whose answer was lost is unknown to us and expires by itself: a new one is requested.
  lostCreate: "delete-and-resend",
} satisfies EntityDescription<ApiToken>;

export const tokenProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * A token of Scaleway's legacy account API. Its id is the bearer credential: it is only the secret output `token`,
 * never the resource id (a digest), an error or a log line.
 */
export class Token extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/scaleway:AccountToken";

  declare readonly token: pulumi.Output<string>;
  declare readonly userId: pulumi.Output<string>;
  declare readonly expires: pulumi.Output<boolean>;
  declare readonly createdAt: pulumi.Output<string | null>;
  declare readonly expiresAt: pulumi.Output<string | null>;

  constructor(name: string, tokenArgs: TokenArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, tokenArgs, opts));
  }
}
