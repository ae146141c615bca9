import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { HttpClient } from "../../client/http";
import { notShown, segment } from "../../client/juju/client";
import { CONTROLLER_LEVELS, getControllerAccess, setControllerAccess } from "../../client/juju/controller-access";
import type { EntityDescription } from "../description";
import { entityProvider } from "../entity";
import { timeoutsField } from "../fields";
import { resourceArguments } from "../resource";
import { type ApiAccess, levelShown, lowerAndWait } from "./access";
import { type JujuConnectionArgs, juju } from "./connection";
import { DEFAULT_JUJU_TIMEOUTS, JujuName } from "./names";
import type { JujuTimeouts } from "./ssh-key";

export interface ControllerAccessArgs {
  /** A change replaces the access (the old one is lowered to `login`). */
  user: pulumi.Input<string>;
  /** A change replaces the access. */
  controller: pulumi.Input<string>;
  /** `login`, `add-model` or `superuser` (superuser also makes the user admin of every model). Changes in place. */
  access: pulumi.Input<"login" | "add-model" | "superuser">;
  timeouts?: pulumi.Input<JujuTimeouts>;
  connection?: pulumi.Input<JujuConnectionArgs>;
}

/** Checked here: the server also takes model levels on this route, answers 202, and then fails in the background. */
const ControllerLevel = z.enum(CONTROLLER_LEVELS, `must be one of ${CONTROLLER_LEVELS.join(", ")}`);

async function observe(client: HttpClient, user: string, controller: string): Promise<ApiAccess> {
  const entry = await getControllerAccess(client, user, controller);
  return { id: `${user}/${controller}`, user, controller, access: entry?.access ?? null, type: entry?.type ?? null };
}

const levelSet = levelShown((client, wanted) =>
  setControllerAccess(client, wanted.user, wanted.controller, wanted.access),
);

export const description = {
  system: juju,
  type: "ControllerAccess",
  noun: "controller access",
  fields: {
    user: { input: JujuName, required: true, api: "user", replace: true, inPath: true },
    controller: { input: JujuName, required: true, api: "controller", replace: true, inPath: true },
    access: { input: ControllerLevel, required: true, api: "access" },
    /** The controller's cloud type, as the server shows it. */
    cloudType: { api: "type" },
    timeouts: timeoutsField(DEFAULT_JUJU_TIMEOUTS),
  },
  id: (access) => access.id,
  createdAt: () => null,
  endpoints: {
    get: async (client, _id, props) => {
      const seen = await observe(client, props.user, props.controller);
      if (seen.access === null) {
        throw notShown(
          `/users/${segment(props.user)}/controllers/${segment(props.controller)}`,
          "the user has no access to the controller",
        );
      }
      return seen;
    },
    observe: (client, _id, props) => observe(client, props.user, props.controller),
    create: async (client, body, inputs) => {
      await setControllerAccess(client, inputs.user, inputs.controller, body.access);
      return observe(client, inputs.user, inputs.controller);
    },
    update: async (client, _id, body, olds) => {
      await setControllerAccess(client, olds.user, olds.controller, body.access);
      return undefined;
    },
    // There is no working delete: the lowest level is as far as access goes down.
    delete: (client, id, props) =>
      lowerAndWait(
        `controller access ${id}`,
        "login",
        props,
        () => setControllerAccess(client, props.user, props.controller, "login"),
        () => observe(client, props.user, props.controller),
      ),
  },
  naturalKey: ["user", "controller"],
  adopt: { refused: "controller access is a level of an existing user, not an object: creating it sets the level" },
  lostCreate: "take",
  waits: { create: levelSet, update: levelSet },
  timeouts: DEFAULT_JUJU_TIMEOUTS,
} satisfies EntityDescription<ApiAccess>;

export const controllerAccessProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * A user's level on a Juju controller. Set with a background change (202) and awaited until the server shows it.
 * Delete lowers it to `login` (Sojobo has no way to take controller access away). Its id is `<user>/<controller>`.
 */
export class ControllerAccess extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/juju:ControllerAccess";

  declare readonly user: pulumi.Output<string>;
  declare readonly controller: pulumi.Output<string>;
  declare readonly access: pulumi.Output<string>;
  declare readonly cloudType: pulumi.Output<string | null>;
  declare readonly timeouts: pulumi.Output<JujuTimeouts | undefined>;

  constructor(name: string, accessArgs: ControllerAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, accessArgs, opts));
  }
}
