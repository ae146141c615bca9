import * as pulumi from "@pulumi/pulumi";
import type { HttpClient } from "../../client/http";
import { type Group, getGroup } from "../../client/scaleway/group";
import { addGroupMember, type Member, removeGroupMember } from "../../client/scaleway/group-membership";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { Uuid } from "../fields";
import { resourceArguments } from "../resource";
import { type ScalewayConnectionArgs, scaleway } from "./connection";
import { exactlyOne, notFound } from "./principal";

export interface GroupMembershipArgs {
  /** The group (with `externalMembership: true` on its Group resource). A change replaces the membership. */
  groupId: pulumi.Input<string>;
  /** Exactly one of userId and applicationId; a change replaces the membership. */
  userId?: pulumi.Input<string>;
  applicationId?: pulumi.Input<string>;
  connection?: pulumi.Input<ScalewayConnectionArgs>;
}

/** A membership is not an object of the API: it is a group and one of its members. */
interface ApiMembership {
  group_id: string;
  user_id: string | null;
  application_id: string | null;
  group_name?: string;
}

const memberOf = (props: Props): Member =>
  props.userId ? { user_id: props.userId as string } : { application_id: props.applicationId as string };

/** `<groupId>/user/<userId>` or `<groupId>/app/<applicationId>`. */
export function membershipId(m: ApiMembership): string {
  return m.user_id ? `${m.group_id}/user/${m.user_id}` : `${m.group_id}/app/${m.application_id}`;
}

function memberships(group: Group): ApiMembership[] {
  return [
    ...(group.user_ids ?? []).map((user_id) => ({ group_id: group.id, user_id, application_id: null })),
    ...(group.application_ids ?? []).map((application_id) => ({ group_id: group.id, user_id: null, application_id })),
  ];
}

/** The membership when the member is still in the group; a 404 (read drops it) otherwise. */
async function readMembership(client: HttpClient, id: string, props: Props): Promise<ApiMembership> {
  const group = await getGroup(client, props.groupId);
  const found = memberships(group).find((m) => membershipId(m) === id);
  if (!found) throw notFound(`/groups/${props.groupId}`, `the member is no longer in group ${props.groupId}`);
  return found;
}

export const description = {
  system: scaleway,
  type: "GroupMembership",
  noun: "group membership",
  fields: {
    groupId: { input: Uuid, required: true, api: "group_id", replace: true },
    userId: { input: Uuid, api: "user_id", replace: true, default: null },
    applicationId: { input: Uuid, api: "application_id", replace: true, default: null },
  },
  id: membershipId,
  createdAt: () => null,
  endpoints: {
    get: readMembership,
    list: async (client, inputs) => memberships(await getGroup(client, inputs.groupId)),
    // add-member of a member already there changes nothing: safe to re-send, no lost-create look-up needed.
    // A 409 transient_state (the group is busy) is retried by the client, a bounded number of times.
    async create(client, _body, inputs) {
      const group = await addGroupMember(client, inputs.groupId, memberOf(inputs));
      const id = membershipId({
        group_id: group.id,
        user_id: inputs.userId ?? null,
        application_id: inputs.applicationId ?? null,
      });
      const found = memberships(group).find((m) => membershipId(m) === id);
      if (!found) throw new Error(`group ${group.id} answered add-member without the member`);
      return found;
    },
    delete: async (client, _id, props) => {
      await removeGroupMember(client, props.groupId, memberOf(props));
    },
  },
  naturalKey: ["groupId", "userId", "applicationId"],
  adopt: true,
  lostCreate: "take",
  checkMore: (news) => exactlyOne(news, ["userId", "applicationId"], "the member"),
} satisfies EntityDescription<ApiMembership>;

export const groupMembershipProvider = entityProvider(description);
const args = resourceArguments(description);

/** One user or application in a group whose members are managed one by one (Group `externalMembership: true`). */
export class GroupMembership extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/scaleway:GroupMembership";

  declare readonly groupId: pulumi.Output<string>;
  declare readonly userId: pulumi.Output<string | null>;
  declare readonly applicationId: pulumi.Output<string | null>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, membershipArgs: GroupMembershipArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, membershipArgs, opts));
  }
}
