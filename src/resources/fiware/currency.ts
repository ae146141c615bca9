import * as pulumi from "@pulumi/pulumi";
import { ForbiddenError } from "../../client/errors";
import {
  type Currency as ApiCurrency,
  createCurrency,
  deleteCurrency,
  getCurrency,
  listCurrencies,
  makeDefaultCurrency,
} from "../../client/fiware/currency";
import type { EntityDescription } from "../description";
import { entityProvider } from "../entity";
import { Bool } from "../fields";
import { resourceArguments } from "../resource";
import { type FiwareConnectionArgs, fiware } from "./connection";
import { WStoreName } from "./names";

export interface CurrencyArgs {
  /** The currency's code, e.g. EUR; compared case-insensitively, as the store does. A change replaces it. */
  currency: pulumi.Input<string>;
  /**
   * Make it the store's default currency (in place). The store also makes the first currency the default; a default
   * can only be given up by making another currency the default. Omitted: whatever the store decides.
   */
  isDefault?: pulumi.Input<boolean>;
  /** Manage an existing currency with the same code instead of registering it. */
  adopt?: pulumi.Input<boolean>;
  /** Credentials for this resource only (made secret); otherwise stack config, then environment. */
  connection?: pulumi.Input<FiwareConnectionArgs>;
}

const asCode = (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value);

/** The store refuses to delete the default currency and one an offering uses (403): say what to do. */
function whyNotDeleted(error: unknown, code: string): unknown {
  if (!(error instanceof ForbiddenError)) return error;
  const next = /default/i.test(error.message)
    ? "make another currency the default first (isDefault: true on another fiware.Currency), then destroy this one"
    : /offering/i.test(error.message)
      ? "an offering of the store is priced in it: remove that offering first"
      : "the token may not be a staff user's";
  return new Error(`the FIWARE Store refused to delete currency ${code} (403: ${error.message}); ${next}`);
}

export const description = {
  system: fiware,
  type: "Currency",
  noun: "currency",
  fields: {
    currency: { input: WStoreName, required: true, api: "currency", replace: true, compare: asCode },
    isDefault: { input: Bool, api: "default" },
  },
  id: (entry) => entry.currency,
  createdAt: () => null,
  endpoints: {
    get: (client, id) => getCurrency(client, id),
    list: (client) => listCurrencies(client),
    create: (client, body, _inputs, recover) => createCurrency(client, body as never, recover),
    update: async (client, id, body) => {
      if (body.default === true) await makeDefaultCurrency(client, id);
      else if (body.default === false && (await getCurrency(client, id)).default) {
        throw new Error(
          `currency ${id} is the store's default, and the store cannot unset a default: make another currency the default (isDefault: true there), or drop isDefault here`,
        );
      }
      return undefined;
    },
    delete: async (client, id) => {
      try {
        await deleteCurrency(client, id);
      } catch (error) {
        throw whyNotDeleted(error, id);
      }
    },
  },
  naturalKey: ["currency"],
  adopt: true,
  lostCreate: "take",
  conflictHint: (inputs) =>
    `the store already has currency ${inputs.currency} (codes compare case-insensitively): set adopt: true to manage it`,
} satisfies EntityDescription<ApiCurrency>;

export const currencyProvider = entityProvider(description);
const args = resourceArguments(description);

/** A currency the FIWARE Store accepts; its id is the code as registered. */
export class Currency extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/fiware:Currency";

  declare readonly currency: pulumi.Output<string>;
  declare readonly isDefault: pulumi.Output<boolean>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, currencyArgs: CurrencyArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, currencyArgs, opts));
  }
}
