import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { NotFoundError } from "../../client/errors";
import type { HttpClient } from "../../client/http";
import { notShown, segment } from "../../client/juju/client";
import { getModelAccess, MODEL_LEVELS, removeModelAccess, setModelAccess } from "../../client/juju/model-access";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { timeoutsField } from "../fields";
import { resourceArguments } from "../resource";
import { type ApiAccess, levelShown } from "./access";
import { type JujuConnectionArgs, juju } from "./connection";
import { DEFAULT_JUJU_TIMEOUTS, JujuName } from "./names";
import type { JujuTimeouts } from "./ssh-key";

export interface ModelAccessArgs {
  /** A change replaces the access. */
  user: pulumi.Input<string>;
  /** A change replaces the access. */
  controller: pulumi.Input<string>;
  /** A change replaces the access. */
  model: pulumi.Input<string>;
  /** `read`, `write` or `admin`. Changes in place. */
  access: pulumi.Input<"read" | "write" | "admin">;
  timeouts?: pulumi.Input<JujuTimeouts>;
  connection?: pulumi.Input<JujuConnectionArgs>;
}

/** Checked here: a controller level sent to this route is accepted (202) and never lands. */
const ModelLevel = z.enum(MODEL_LEVELS, `must be one of ${MODEL_LEVELS.join(", ")}`);

const pathOf = (p: Props) =>
  `/users/${segment(p.user)}/controllers/${segment(p.controller)}/models/${segment(p.model)}`;

async function observe(client: HttpClient, p: Props): Promise<ApiAccess> {
  const access = await getModelAccess(client, p.user, p.controller, p.model);
  return { id: `${p.user}/${p.controller}/${p.model}`, user: p.user, controller: p.controller, model: p.model, access };
}

const levelSet = levelShown((client, wanted) =>
  setModelAccess(client, wanted.user, wanted.controller, wanted.model, wanted.access),
);

export const description = {
  system: juju,
  type: "ModelAccess",
  noun: "model access",
  fields: {
    user: { input: JujuName, required: true, api: "user", replace: true, inPath: true },
    controller: { input: JujuName, required: true, api: "controller", replace: true, inPath: true },
    model: { input: JujuName, required: true, api: "model", replace: true, inPath: true },
    access: { input: ModelLevel, required: true, api: "access" },
    timeouts: timeoutsField(DEFAULT_JUJU_TIMEOUTS),
  },
  id: (access) => access.id,
  createdAt: () => null,
  endpoints: {
    get: async (client, _id, props) => {
      const seen = await observe(client, props);
      if (seen.access === null) throw notShown(pathOf(props), "the user has no access to the model");
      return seen;
    },
    observe: (client, _id, props) => observe(client, props),
    create: async (client, body, inputs) => {
      await setModelAccess(client, inputs.user, inputs.controller, inputs.model, body.access);
      return observe(client, inputs);
    },
    update: async (client, _id, body, olds) => {
      await setModelAccess(client, olds.user, olds.controller, olds.model, body.access);
      return undefined;
    },
    // Immediate (200): the user loses the model; its access to the controller stays.
    delete: async (client, _id, props) => {
      try {
        await removeModelAccess(client, props.user, props.controller, props.model);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    },
  },
  naturalKey: ["user", "controller", "model"],
  adopt: { refused: "model access is a level of an existing user, not an object: creating it sets the level" },
  lostCreate: "take",
  waits: { create: levelSet, update: levelSet },
  timeouts: DEFAULT_JUJU_TIMEOUTS,
} satisfies EntityDescription<ApiAccess>;

export const modelAccessProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * A user's level on a Juju model. Set with a background change (202) and awaited until the server shows it (either
 * answer shape, `{name, access}` or `{access}`). Delete removes the user from the model at once. Its id is
 * `<user>/<controller>/<model>`.
 */
export class ModelAccess extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/juju:ModelAccess";

  declare readonly user: pulumi.Output<string>;
  declare readonly controller: pulumi.Output<string>;
  declare readonly model: pulumi.Output<string>;
  declare readonly access: pulumi.Output<string>;
  declare readonly timeouts: pulumi.Output<JujuTimeouts | undefined>;

  constructor(name: string, accessArgs: ModelAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, accessArgs, opts));
  }
}
