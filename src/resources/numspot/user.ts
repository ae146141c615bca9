import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { HttpClient } from "../../client/http";
import type { IamScope } from "../../client/numspot/scope";
import {
  type User as ApiUser,
  assignUser,
  createUser,
  deleteUser,
  findUserByEmail,
  getUser,
  listUserSpaces,
  putUser,
  setUserActive,
} from "../../client/numspot/user";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { asSet, Bool, text, Uuid } from "../fields";
import { resourceArguments } from "../resource";
import { defaultOrganisationId, type NumspotConnectionArgs, numspot } from "./connection";
import { checkScope, type ScopeArgs, scopeFields, scopeOf, scopeOutputs } from "./scope";

export interface UserArgs extends ScopeArgs {
  /** The user's email, unique in the organisation. A change replaces the user. */
  email: pulumi.Input<string>;
  /** Up to 255 characters. Changes in place. */
  firstname: pulumi.Input<string>;
  /** Up to 255 characters. Changes in place. */
  lastname: pulumi.Input<string>;
  /** Default true; changes in place (PATCH). */
  active?: pulumi.Input<boolean>;
  /** Spaces to assign the user to (a set); assigned and unassigned in place. */
  spaceIds?: pulumi.Input<pulumi.Input<string>[]>;
  adopt?: pulumi.Input<boolean>;
  connection?: pulumi.Input<NumspotConnectionArgs>;
}

/** What ajv-formats accepts as `format: email` (the spec's Email), so check refuses exactly what the API does. */
const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const Email = z.string("must be a string").regex(EMAIL, "must be an email address such as ada@example.com");
/** The server compares emails without case. */
const asEmail = (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value);

type Api = ApiUser & { organisationId: string | null; spaceId: string | null; spaceIds: string[] };

async function assignedSpaces(client: HttpClient, scope: IamScope, id: string, props: Props): Promise<string[]> {
  const organisationId = scope.kind === "organisations" ? scope.id : defaultOrganisationId(props.connection);
  if (!organisationId) return props.spaceIds ?? [];
  const spaces = await listUserSpaces(client, organisationId, id);
  return spaces.filter((space) => !(scope.kind === "spaces" && space === scope.id));
}

async function read(client: HttpClient, scope: IamScope, id: string, props: Props): Promise<Api> {
  const user = await getUser(client, scope, id);
  return { ...user, ...scopeOutputs(scope), spaceIds: await assignedSpaces(client, scope, id, props) };
}

async function assignSpaces(client: HttpClient, scope: IamScope, id: string, wanted: string[], current: string[]) {
  for (const space of wanted.filter((s) => !current.includes(s))) await assignUser(client, space, id);
  // In a space, DELETE unassigns (UnassignUserSpace); the user's own scope space is never unassigned here.
  for (const space of current.filter((s) => !wanted.includes(s) && s !== scope.id)) {
    await deleteUser(client, { kind: "spaces", id: space }, id);
  }
}

export const description = {
  system: numspot,
  type: "User",
  noun: "user",
  fields: {
    ...scopeFields,
    email: { input: Email, required: true, api: "email", replace: true, compare: asEmail },
    firstname: { input: text({ max: 255 }), required: true, api: "firstname" },
    lastname: { input: text({ max: 255 }), required: true, api: "lastname" },
    active: { input: Bool, api: "active", default: true },
    spaceIds: { input: z.array(Uuid, "must be a list of space ids"), api: "spaceIds", default: [], compare: asSet },
    createdOn: { api: "createdOn", fromApi: (value) => value ?? null },
    updatedOn: { api: "updatedOn", fromApi: (value) => value ?? null },
  },
  id: (user) => user.id,
  createdAt: (user) => user.createdOn,
  endpoints: {
    get: (client, id, props) => read(client, scopeOf(props), id, props),
    list: async (client, inputs) => {
      const scope = scopeOf(inputs);
      const found = await findUserByEmail(client, scope, inputs.email);
      return Promise.all(found.map((user) => read(client, scope, user.id, inputs)));
    },
    create: async (client, body, inputs, recover, made) => {
      const scope = scopeOf(inputs);
      const user = await createUser(
        client,
        scope,
        { email: body.email, firstname: body.firstname, lastname: body.lastname },
        recover as () => Promise<ApiUser | undefined>,
      );
      made({ ...user, ...scopeOutputs(scope), spaceIds: [] });
      // Users are created active.
      if (inputs.active === false) await setUserActive(client, scope, user.id, false);
      await assignSpaces(client, scope, user.id, [...new Set<string>(inputs.spaceIds ?? [])], []);
      return read(client, scope, user.id, inputs);
    },
    update: async (client, id, body, olds) => {
      const scope = scopeOf(olds);
      if (body.firstname !== undefined || body.lastname !== undefined) {
        await putUser(client, scope, id, {
          email: olds.email,
          firstname: body.firstname ?? olds.firstname,
          lastname: body.lastname ?? olds.lastname,
          active: body.active ?? olds.active ?? true,
        });
      } else if (body.active !== undefined) {
        await setUserActive(client, scope, id, body.active);
      }
      if (body.spaceIds !== undefined) {
        const current = await assignedSpaces(client, scope, id, olds);
        await assignSpaces(client, scope, id, [...new Set<string>(body.spaceIds)], current);
      }
      return undefined;
    },
    delete: (client, id, props) => deleteUser(client, scopeOf(props), id),
  },
  naturalKey: ["organisationId", "spaceId", "email"],
  adopt: true,
  lostCreate: "take",
  // Emails are unique in the organisation: a user moved to another scope must be deleted first.
  deleteBeforeReplace: true,
  checkMore: (news, inputs) => checkScope(news, inputs),
  conflictHint: (inputs) =>
    `a user with email ${inputs.email} probably exists in the organisation: set adopt: true to manage it`,
} satisfies EntityDescription<Api>;

export const userProvider = entityProvider(description);
const args = resourceArguments(description);

/** A Numspot user of an organisation (or created in a space), optionally assigned to further spaces. */
export class User extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/numspot:User";

  declare readonly organisationId: pulumi.Output<string | null>;
  declare readonly spaceId: pulumi.Output<string | null>;
  declare readonly email: pulumi.Output<string>;
  declare readonly firstname: pulumi.Output<string>;
  declare readonly lastname: pulumi.Output<string>;
  declare readonly active: pulumi.Output<boolean>;
  declare readonly spaceIds: pulumi.Output<string[]>;
  declare readonly createdOn: pulumi.Output<string | null>;
  declare readonly updatedOn: pulumi.Output<string | null>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, userArgs: UserArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, userArgs, opts));
  }
}
