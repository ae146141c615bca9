import * as pulumi from "@pulumi/pulumi";
import { createInvite, type Invite, listInvites } from "../../../client/scaleway/account";
import type { EntityDescription } from "../../description";
import { entityProvider } from "../../entity";
import { text, Uuid } from "../../fields";
import { resourceArguments } from "../../resource";
import type { ScalewayConnectionArgs } from "../connection";
import { notFound } from "../principal";
import { account } from "./connection";

export interface InvitationArgs {
  /** Default: `scaleway:organizationId` / `SCW_DEFAULT_ORGANIZATION_ID`. Every input replaces the invitation. */
  organizationId?: pulumi.Input<string>;
  email: pulumi.Input<string>;
  firstName: pulumi.Input<string>;
  lastName: pulumi.Input<string>;
  connection?: pulumi.Input<ScalewayConnectionArgs>;
}

type ApiInvite = Invite & { organization_id: string };

const Email = text({ min: 1, max: 255 }).refine(
  (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value),
  "must be an email address such as a@example.com",
);

export const description = {
  system: account,
  type: "AccountInvitation",
  noun: "invitation",
  fields: {
    organizationId: { input: Uuid, required: true, api: "organization_id", setting: "organizationId", replace: true },
    email: { input: Email, required: true, api: "email", replace: true },
    firstName: { input: text({ min: 1, max: 255 }), required: true, api: "firstname", replace: true },
    lastName: { input: text({ min: 1, max: 255 }), required: true, api: "lastname", replace: true },
    status: { api: "status" },
  },
  id: (invite) => invite.id,
  createdAt: () => null,
  endpoints: {
    // The API has no GET of one invitation: it is looked up in the organization's list.
    async get(client, id, props) {
      const found = (await listInvites(client, props.organizationId)).find((invite) => invite.id === id);
      if (!found) throw notFound(`/organizations/${props.organizationId}/invites`, `invitation ${id} is gone`);
      return { ...found, organization_id: props.organizationId };
    },
    // For a create whose answer was lost: the invitations that may be its result.
    list: async (client, inputs) =>
      (await listInvites(client, inputs.organizationId)).map((invite) => ({
        ...invite,
        organization_id: inputs.organizationId,
      })),
    async create(client, body, inputs, recover) {
      const invite = await createInvite(
        client,
        inputs.organizationId,
        { email: body.email, firstname: body.firstname, lastname: body.lastname },
        recover,
      );
      return { ...invite, organization_id: inputs.organizationId };
    },
    async delete(_client, id, props) {
      console.error(
        `scaleway:AccountInvitation ${id} (${props.email}): the account API has no way to delete an invitation; removed from the stack only, it stays pending at Scaleway`,
      );
    },
  },
  naturalKey: ["organizationId", "email"],
  adopt: {
    refused: "invitations cannot be adopted: the account API answers a second invitation of an email as invalid",
  },
  lostCreate: "take",
} satisfies EntityDescription<ApiInvite>;

export const invitationProvider = entityProvider(description);
const args = resourceArguments(description);

/** An invitation to join the organization (legacy account API). Destroy only removes it from the stack. */
export class Invitation extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/scaleway:AccountInvitation";

  declare readonly organizationId: pulumi.Output<string>;
  declare readonly email: pulumi.Output<string>;
  declare readonly firstName: pulumi.Output<string>;
  declare readonly lastName: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, invitationArgs: InvitationArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, invitationArgs, opts));
  }
}
