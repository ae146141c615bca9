import * as pulumi from "@pulumi/pulumi";
import { ConflictError, NotFoundError } from "../../client/errors";
import type { HttpClient } from "../../client/http";
import {
  type User as ApiUser,
  createUser,
  disableUser,
  enableUser,
  getUser,
  setPassword,
} from "../../client/juju/user";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { Bool, text } from "../fields";
import { resourceArguments } from "../resource";
import { type JujuConnectionArgs, juju } from "./connection";
import { JujuName } from "./names";

export interface UserArgs {
  /** Lowercase letters, digits and hyphens. A change replaces the user (the old name is disabled for ever). */
  name: pulumi.Input<string>;
  /** Write-only: never read back, kept in the state only as a secret. Changes in place. */
  password: pulumi.Input<string>;
  /**
   * Default true. false disables the user (as delete does) while keeping it in the stack; a user disabled by hand
   * shows as drift and the next up re-enables it.
   */
  active?: pulumi.Input<boolean>;
  /**
   * Take over an existing user with this name instead of creating one — also a disabled one, which is re-enabled.
   * Its password is set to `password`.
   */
  adopt?: pulumi.Input<boolean>;
  /** Credentials for this resource only (made secret); otherwise stack config, then environment. */
  connection?: pulumi.Input<JujuConnectionArgs>;
}

/** The user with the password we set: the server never shows it, so it is carried from the inputs. */
type Api = ApiUser & { password?: string };

const Password = text({ min: 1, max: 4096, minReason: "must not be empty (the server refuses empty values)" });

async function created(client: HttpClient, name: string, password: string): Promise<Api> {
  return { ...(await getUser(client, name)), password };
}

/** A 409 on create: the name exists, maybe disabled (then it can only come back through adopt). */
async function conflict(client: HttpClient, name: string, error: ConflictError): Promise<Error> {
  const existing = await getUser(client, name).catch(() => undefined);
  if (existing && !existing.active) {
    return new Error(
      `juju user "${name}" exists but is disabled: Sojobo never deletes a user, and a disabled name can never be created again; set adopt: true to re-enable it and set its password, or choose another name`,
    );
  }
  return new Error(`${error.message}; set adopt: true to manage the existing user "${name}", or choose another name`);
}

export const description = {
  system: juju,
  type: "User",
  noun: "user",
  fields: {
    name: { input: JujuName, required: true, api: "name", replace: true },
    password: { input: Password, required: true, api: "password", secret: true },
    active: { input: Bool, api: "active", default: true },
  },
  id: (user) => user.name,
  // The server keeps no creation time: after a lost create answer, a user of that name is named, never taken over.
  createdAt: () => null,
  endpoints: {
    get: (client, name) => getUser(client, name),
    list: async (client, inputs) => {
      try {
        return [await getUser(client, inputs.name)];
      } catch (error) {
        if (error instanceof NotFoundError) return [];
        throw error;
      }
    },
    create: async (client, body, _inputs, recover, made) => {
      try {
        await createUser(client, body.name, body.password, recover);
      } catch (error) {
        if (error instanceof ConflictError) throw await conflict(client, body.name, error);
        throw error;
      }
      // Users are created active.
      made({ name: body.name, active: true, credentials: [], ssh_keys: [], controllers: [], password: body.password });
      if (body.active === false) await disableUser(client, body.name);
      return created(client, body.name, body.password);
    },
    update: async (client, name, body: Props, olds) => {
      // Re-enable first: the password of a disabled user is set on a login that cannot be used.
      if (body.active === true) await enableUser(client, name);
      if (body.password !== undefined) await setPassword(client, name, body.password);
      if (body.active === false) await disableUser(client, name);
      return created(client, name, body.password ?? olds.password);
    },
    delete: async (client, name) => {
      await disableUser(client, name);
      console.error(
        `juju:User ${name} disabled: Sojobo cannot delete users, and the name "${name}" can never be created again (only re-enabled with adopt: true)`,
      );
    },
  },
  naturalKey: ["name"],
  adopt: true,
  lostCreate: "take",
} satisfies EntityDescription<Api>;

export const userProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * A Juju user, managed through Sojobo. Delete only disables it: the name can never be created again (only re-enabled
 * with `adopt: true`). Its id is the name.
 */
export class User extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/juju:User";

  declare readonly name: pulumi.Output<string>;
  declare readonly password: pulumi.Output<string>;
  declare readonly active: pulumi.Output<boolean>;
  /** True when `adopt` took over a user that existed before. */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, userArgs: UserArgs, opts?: pulumi.CustomResourceOptions) {
    // The password is an input too: secret in the stored inputs, not only in the outputs.
    super(...args(name, { ...userArgs, password: pulumi.secret(userArgs.password) }, opts));
  }
}
