import * as pulumi from "@pulumi/pulumi";
import {
  type Organization as ApiOrganization,
  createOrganization,
  getOrganization,
  listOrganizations,
  updateOrganization,
} from "../../client/fiware/organization";
import { listRss } from "../../client/fiware/rss";
import type { HttpClient } from "../../client/http";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { resourceArguments } from "../resource";
import { type FiwareConnectionArgs, fiware } from "./connection";
import {
  asLimits,
  type Limits,
  LimitsInput,
  OrganizationName,
  type PaymentInfo,
  PaymentInfoInput,
  paymentInfoFromApi,
  paymentInfoToApi,
  type TaxAddress,
  TaxAddressInput,
  taxAddressFromApi,
  WStoreUrl,
} from "./names";
import { checkLimitsCurrency, forgetOnly, withSecretInputs } from "./support";

export interface OrganizationArgs {
  /** More than 4 characters: letters, digits, `_`, `-` and spaces. A change makes a new organization. */
  name: pulumi.Input<string>;
  /** Where the store notifies the organization's sales. */
  notificationUrl?: pulumi.Input<string>;
  taxAddress?: pulumi.Input<TaxAddress>;
  /** A credit card (deprecated by the store). Secret; the store only ever shows it masked. */
  paymentInfo?: pulumi.Input<PaymentInfo>;
  /** Expenditure limits, pushed to the store's RSS: one must be registered. */
  limits?: pulumi.Input<Limits>;
  /** Manage an existing organization with the same name instead of making one. */
  adopt?: pulumi.Input<boolean>;
  /** Credentials for this resource only (made secret); otherwise stack config, then environment. */
  connection?: pulumi.Input<FiwareConnectionArgs>;
}

/** What the provider sees: the card as declared when the masked one shown is that card. */
type Shown = Omit<ApiOrganization, "payment_info" | "tax_address"> & {
  payment_info: PaymentInfo | null;
  tax_address: TaxAddress | null;
};

export function shown<A extends { payment_info?: unknown; tax_address?: unknown }>(api: A, declared?: PaymentInfo) {
  return {
    ...api,
    payment_info: paymentInfoFromApi(api.payment_info, declared),
    tax_address: taxAddressFromApi(api.tax_address),
  };
}

/** Limits are pushed to the RSS: without one the store fails with "list index out of range". */
export async function checkLimitsPossible(client: HttpClient, limits: Props | undefined): Promise<void> {
  if (!limits) return;
  await checkLimitsCurrency(client, limits);
  if ((await listRss(client)).length > 0) return;
  throw new Error("limits are enforced by the store's RSS, and none is registered: declare a fiware.Rss first");
}

/**
 * The PUT is absolute: the store erases a tax address or card left out. Every managed field is sent, the stored
 * (or masked) value where the declaration does not change it; limits only when they change (each change calls the RSS).
 */
export function absoluteBody(olds: Props, body: Props): Record<string, unknown> {
  const merged: Props = {
    notification_url: olds.notificationUrl,
    tax_address: olds.taxAddress,
    payment_info: olds.paymentInfo,
    ...body,
  };
  const request: Record<string, unknown> = {};
  if (merged.notification_url !== undefined) request.notification_url = merged.notification_url;
  if (merged.tax_address) request.tax_address = merged.tax_address;
  if (merged.payment_info) request.payment_info = paymentInfoToApi(merged.payment_info);
  if (body.limits !== undefined) request.limits = body.limits;
  return request;
}

export const description = {
  system: fiware,
  type: "Organization",
  noun: "organization",
  fields: {
    name: { input: OrganizationName, required: true, api: "name", replace: true },
    notificationUrl: { input: WStoreUrl, api: "notification_url", fromApi: (value) => value || null },
    taxAddress: { input: TaxAddressInput, api: "tax_address" },
    paymentInfo: { input: PaymentInfoInput, api: "payment_info" },
    limits: { input: LimitsInput, api: "limits", compare: asLimits },
    isManager: { api: "is_manager" },
  },
  id: (org) => org.name,
  createdAt: () => null,
  endpoints: {
    get: async (client, id, props) => shown(await getOrganization(client, id), props.paymentInfo),
    // The store masks card numbers: read against the declared card, a lost create's look-up can recognise its own.
    list: async (client, inputs) => (await listOrganizations(client)).map((org) => shown(org, inputs.paymentInfo)),
    create: async (client, _body, inputs, recover, made) => {
      await checkLimitsPossible(client, inputs.limits);
      const { name, notificationUrl, taxAddress, paymentInfo, limits } = inputs;
      const request = {
        name,
        ...(notificationUrl !== undefined && { notification_url: notificationUrl }),
        ...(taxAddress && { tax_address: taxAddress }),
        ...(paymentInfo && { payment_info: paymentInfoToApi(paymentInfo) }),
      };
      const created = shown(await createOrganization(client, request, recover), paymentInfo);
      // POST ignores limits: they are set by the PUT, which must carry everything else again.
      if (!limits) return created;
      made(created);
      await updateOrganization(client, name, absoluteBody({}, { ...request, payment_info: paymentInfo, limits }));
      return shown(await getOrganization(client, name), paymentInfo);
    },
    update: async (client, id, body, olds) => {
      await checkLimitsPossible(client, body.limits);
      await updateOrganization(client, id, absoluteBody(olds, body));
      return undefined;
    },
    delete: (_client, id) => forgetOnly("fiware:Organization", `organization "${id}"`),
  },
  naturalKey: ["name"],
  adopt: true,
  lostCreate: "take",
  conflictHint: (inputs) =>
    `the organization "${inputs.name}" already exists (the store cannot delete organizations): set adopt: true to manage it, or choose another name`,
} satisfies EntityDescription<Shown>;

export const organizationProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * An organization of the FIWARE Store. The store cannot delete organizations: destroy only removes it from the stack
 * (it stays on the server), saying so in the log. Updates send every managed field, since the store erases a tax
 * address or card left out of an update.
 */
export class Organization extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/fiware:Organization";

  declare readonly name: pulumi.Output<string>;
  declare readonly notificationUrl: pulumi.Output<string | null>;
  declare readonly taxAddress: pulumi.Output<TaxAddress | null>;
  declare readonly paymentInfo: pulumi.Output<PaymentInfo | null>;
  declare readonly limits: pulumi.Output<Record<string, number | string>>;
  /** Whether the token's user manages it. */
  declare readonly isManager: pulumi.Output<boolean>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, organizationArgs: OrganizationArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, ...withSecretInputs(organizationArgs, opts, ["paymentInfo"])));
  }
}
