import * as pulumi from "@pulumi/pulumi";
import {
  type UserProfile as ApiUserProfile,
  getUserProfile,
  updateUserProfile,
} from "../../client/fiware/user-profile";
import type { HttpClient } from "../../client/http";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { resourceArguments } from "../resource";
import { type FiwareConnectionArgs, fiware } from "./connection";
import {
  asLimits,
  type Limits,
  LimitsInput,
  type PaymentInfo,
  PaymentInfoInput,
  paymentInfoToApi,
  type TaxAddress,
  TaxAddressInput,
  WStoreName,
} from "./names";
import { checkLimitsPossible, shown } from "./organization";
import { forgetOnly, withSecretInputs } from "./support";

export interface UserProfileArgs {
  /** The user (from the identity manager: the store cannot create users). Another username is another profile. */
  username: pulumi.Input<string>;
  taxAddress?: pulumi.Input<TaxAddress>;
  /** A credit card (deprecated by the store). Secret; the store only ever shows it masked. */
  paymentInfo?: pulumi.Input<PaymentInfo>;
  /** Expenditure limits of the user, pushed to the store's RSS: one must be registered. */
  limits?: pulumi.Input<Limits>;
  /** Credentials for this resource only (made secret); otherwise stack config, then environment. */
  connection?: pulumi.Input<FiwareConnectionArgs>;
}

type Shown = Omit<ApiUserProfile, "payment_info" | "tax_address"> & {
  payment_info: PaymentInfo | null;
  tax_address: TaxAddress | null;
};

/** Absolute for the tax address and the card: both are always sent (the stored or masked value if unchanged). */
function absoluteBody(olds: Props, body: Props): Record<string, unknown> {
  const merged: Props = { tax_address: olds.taxAddress, payment_info: olds.paymentInfo, ...body };
  const request: Record<string, unknown> = {};
  if (merged.tax_address) request.tax_address = merged.tax_address;
  if (merged.payment_info) request.payment_info = paymentInfoToApi(merged.payment_info);
  if (body.limits !== undefined) request.limits = body.limits;
  return request;
}

async function put(client: HttpClient, username: string, olds: Props, body: Props) {
  await checkLimitsPossible(client, body.limits);
  await updateUserProfile(client, username, absoluteBody(olds, body));
}

export const description = {
  system: fiware,
  type: "UserProfile",
  noun: "user profile",
  fields: {
    username: { input: WStoreName, required: true, api: "username", replace: true },
    taxAddress: { input: TaxAddressInput, api: "tax_address" },
    paymentInfo: { input: PaymentInfoInput, api: "payment_info" },
    limits: { input: LimitsInput, api: "limits", compare: asLimits },
    completeName: { api: "complete_name" },
    currentOrganization: { api: "current_organization" },
    notificationUrl: { api: "notification_url" },
    roles: { api: "roles", fromApi: (value) => value ?? [] },
    organizations: { api: "organizations", fromApi: (value) => value ?? [] },
  },
  id: (profile) => profile.username,
  createdAt: () => null,
  endpoints: {
    get: async (client, id, props) => shown(await getUserProfile(client, id), props.paymentInfo),
    // Users come from the identity manager: "create" takes the existing profile over and sets what is declared.
    create: async (client, body, inputs) => {
      const current = shown(await getUserProfile(client, inputs.username), inputs.paymentInfo);
      const olds = { taxAddress: current.tax_address, paymentInfo: current.payment_info };
      const { username: _username, ...changes } = body;
      if (Object.keys(changes).length > 0) await put(client, inputs.username, olds, changes);
      return shown(await getUserProfile(client, inputs.username), inputs.paymentInfo);
    },
    update: async (client, id, body, olds) => {
      await put(client, id, olds, body);
      return undefined;
    },
    delete: (_client, id) => forgetOnly("fiware:UserProfile", `profile of user "${id}"`),
  },
  naturalKey: ["username"],
  adopt: {
    refused:
      "a user profile always exists (users come from the identity manager), and the resource always manages the existing one: drop adopt",
  },
  lostCreate: "take",
} satisfies EntityDescription<Shown>;

export const userProfileProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * The store's profile of one user. Users come from the identity manager, so creating the resource takes the existing
 * profile over; destroy only removes it from the stack (saying so). Updates send the tax address and card every
 * time: the store erases them when left out.
 */
export class UserProfile extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/fiware:UserProfile";

  declare readonly username: pulumi.Output<string>;
  declare readonly taxAddress: pulumi.Output<TaxAddress | null>;
  declare readonly paymentInfo: pulumi.Output<PaymentInfo | null>;
  declare readonly limits: pulumi.Output<Record<string, number | string>>;
  declare readonly completeName: pulumi.Output<string>;
  declare readonly currentOrganization: pulumi.Output<string>;
  declare readonly notificationUrl: pulumi.Output<string | null>;
  declare readonly roles: pulumi.Output<string[]>;
  declare readonly organizations: pulumi.Output<{ name: string; roles: string[] }[]>;

  constructor(name: string, profileArgs: UserProfileArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, ...withSecretInputs(profileArgs, opts, ["paymentInfo"])));
  }
}
