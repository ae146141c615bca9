import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { type Unit as ApiUnit, createUnit, getUnit, listUnits } from "../../client/fiware/unit";
import type { EntityDescription } from "../description";
import { entityProvider } from "../entity";
import { containsUnknown } from "../provider";
import { resourceArguments } from "../resource";
import { type FiwareConnectionArgs, fiware } from "./connection";
import { asNumber } from "./names";
import { forgetOnly } from "./support";

export const DEFINED_MODELS = ["single payment", "subscription", "pay per use"] as const;

export interface UnitArgs {
  /** The unit's name. A change makes a new unit: the store cannot rename or delete one. */
  name: pulumi.Input<string>;
  /** `single payment`, `subscription` or `pay per use` (the store keeps it lower-cased). A change makes a new unit. */
  definedModel: pulumi.Input<string>;
  /** Required for `subscription`: the renewal period. A change makes a new unit. */
  renovationPeriod?: pulumi.Input<number>;
  /** Manage an existing unit with the same name (as it is) instead of making one. */
  adopt?: pulumi.Input<boolean>;
  /** Credentials for this resource only (made secret); otherwise stack config, then environment. */
  connection?: pulumi.Input<FiwareConnectionArgs>;
}

const asLowerCase = (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value);

export const description = {
  system: fiware,
  type: "Unit",
  noun: "unit",
  fields: {
    // The view turns any name into a string; a path never names a unit (there is no entry route).
    name: {
      input: z.string("must be a string").min(1, "must not be empty"),
      required: true,
      api: "name",
      replace: true,
    },
    definedModel: {
      input: z
        .string("must be a string")
        .refine((value) => (DEFINED_MODELS as readonly string[]).includes(value.toLowerCase()), {
          message: `must be one of ${DEFINED_MODELS.join(", ")}`,
        }),
      required: true,
      api: "defined_model",
      replace: true,
      compare: asLowerCase,
    },
    renovationPeriod: {
      input: z.number("must be a number").int("must be a whole number").nonnegative("must not be negative"),
      api: "renovation_period",
      replace: true,
      compare: asNumber,
    },
  },
  id: (unit) => unit.name,
  createdAt: () => null,
  endpoints: {
    get: (client, id) => getUnit(client, id),
    list: (client) => listUnits(client),
    create: (client, body, _inputs, recover) => createUnit(client, body as never, recover),
    delete: (_client, id) => forgetOnly("fiware:Unit", `unit "${id}"`),
  },
  naturalKey: ["name"],
  adopt: true,
  lostCreate: "take",
  checkMore(news) {
    const model = news.definedModel;
    if (containsUnknown(model) || typeof model !== "string" || model.toLowerCase() !== "subscription") return [];
    if (news.renovationPeriod !== undefined) return [];
    return [{ property: "renovationPeriod", reason: "a subscription unit needs a renovation period" }];
  },
  conflictHint: (inputs) =>
    `the unit "${inputs.name}" already exists, and the store can neither change nor delete units: set adopt: true to manage it as it is, or choose another name`,
} satisfies EntityDescription<ApiUnit>;

export const unitProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * A pricing unit of the FIWARE Store. The store has no update and no delete for units: any change makes a new unit
 * under the new name, and destroy only removes it from the stack (it stays on the server), saying so in the log.
 */
export class Unit extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/fiware:Unit";

  declare readonly name: pulumi.Output<string>;
  /** Lower-cased by the store. */
  declare readonly definedModel: pulumi.Output<string>;
  declare readonly renovationPeriod: pulumi.Output<number | null | undefined>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, unitArgs: UnitArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, unitArgs, opts));
  }
}
