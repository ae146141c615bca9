import * as pulumi from "@pulumi/pulumi";
import type { HttpClient } from "../../client/http";
import {
  type Group as ApiGroup,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  updateGroup,
} from "../../client/scaleway/group";
import { removeGroupMember, setGroupMembers } from "../../client/scaleway/group-membership";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { asSet, Bool, Uuid } from "../fields";
import { containsUnknown } from "../provider";
import { resourceArguments } from "../resource";
import { type ScalewayConnectionArgs, scaleway } from "./connection";
import { ScalewayDescription, ScalewayName, ScalewayTags, UuidList } from "./names";

export interface GroupArgs {
  /** 1–64 characters; unique in the organization (a duplicate answers 409 already_exists). */
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** A change replaces the group. Default: `scaleway:organizationId` / `SCW_DEFAULT_ORGANIZATION_ID`. */
  organizationId?: pulumi.Input<string>;
  /** Members, compared as sets. Not with externalMembership. */
  userIds?: pulumi.Input<pulumi.Input<string>[]>;
  applicationIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Members are left to GroupMembership resources: never read or written here (the outputs show none). */
  externalMembership?: pulumi.Input<boolean>;
  adopt?: pulumi.Input<boolean>;
  connection?: pulumi.Input<ScalewayConnectionArgs>;
}

/** With externalMembership, members are someone else's: hidden from outputs, so they never make a diff. */
const ownView = (group: ApiGroup, props: Props): ApiGroup =>
  props.externalMembership === true ? { ...group, user_ids: [], application_ids: [] } : group;

/**
 * Members as wanted: one PUT …/members; but emptying a group is done with remove-member per member, as the recorded
 * traffic does (the sandbox also accepts a PUT of two empty lists).
 */
async function setMembers(client: HttpClient, id: string, userIds: string[], applicationIds: string[]) {
  if (userIds.length > 0 || applicationIds.length > 0) {
    await setGroupMembers(client, id, { user_ids: userIds, application_ids: applicationIds });
    return;
  }
  const current = await getGroup(client, id);
  for (const user_id of current.user_ids ?? []) await removeGroupMember(client, id, { user_id });
  for (const application_id of current.application_ids ?? []) await removeGroupMember(client, id, { application_id });
}

const MEMBER_KEYS = ["user_ids", "application_ids"] as const;

export const description = {
  system: scaleway,
  type: "Group",
  noun: "group",
  fields: {
    name: { input: ScalewayName, required: true, api: "name" },
    description: { input: ScalewayDescription, api: "description", default: "" },
    tags: { input: ScalewayTags, api: "tags", default: [], compare: asSet, fromApi: (tags) => tags ?? [] },
    organizationId: { input: Uuid, required: true, api: "organization_id", setting: "organizationId", replace: true },
    userIds: {
      input: UuidList,
      api: "user_ids",
      default: [],
      compare: asSet,
      fromApi: (ids) => ids ?? [],
    },
    applicationIds: {
      input: UuidList,
      api: "application_ids",
      default: [],
      compare: asSet,
      fromApi: (ids) => ids ?? [],
    },
    // Never sent: kept from the inputs (writeOnly) so that diff and read see it.
    externalMembership: { input: Bool, default: false, writeOnly: true },
    createdAt: { api: "created_at" },
    updatedAt: { api: "updated_at" },
    editable: { api: "editable" },
    deletable: { api: "deletable", fromApi: (value) => value ?? true },
    managed: { api: "managed", fromApi: (value) => value ?? false },
  },
  id: (group) => group.id,
  createdAt: (group) => group.created_at,
  endpoints: {
    get: async (client, id, props) => ownView(await getGroup(client, id), props),
    list: async (client, inputs) =>
      (await listGroups(client, { organization_id: inputs.organizationId, name: inputs.name })).map((group) =>
        ownView(group, inputs),
      ),
    async create(client, body, _inputs, recover, made) {
      const { user_ids, application_ids, ...group } = body;
      const created = await createGroup(client, group, recover as () => Promise<ApiGroup | undefined>);
      const users = (user_ids ?? []) as string[];
      const applications = (application_ids ?? []) as string[];
      if (users.length === 0 && applications.length === 0) return created;
      // Recorded without the members if setting them fails: the next up adds them.
      made(created);
      await setMembers(client, created.id, users, applications);
      return getGroup(client, created.id);
    },
    async update(client, id, body, olds) {
      const members = MEMBER_KEYS.some((key) => body[key] !== undefined);
      const rest = Object.fromEntries(
        Object.entries(body).filter(([key]) => !(MEMBER_KEYS as readonly string[]).includes(key)),
      );
      if (Object.keys(rest).length > 0) {
        // As the recordings do: name, description and tags together.
        await updateGroup(client, id, {
          name: olds.name,
          description: olds.description ?? "",
          tags: olds.tags ?? [],
          ...rest,
        });
      }
      if (members) {
        await setMembers(
          client,
          id,
          (body.user_ids ?? olds.userIds ?? []) as string[],
          (body.application_ids ?? olds.applicationIds ?? []) as string[],
        );
      }
      return undefined;
    },
    delete: (client, id) => deleteGroup(client, id),
  },
  naturalKey: ["organizationId", "name"],
  adopt: true,
  lostCreate: "take",
  conflictHint: () => "a group with this name exists in the organization; set adopt: true to take it over, or rename",
  checkMore(news) {
    if (news.externalMembership !== true) return [];
    return ["userIds", "applicationIds"]
      .filter(
        (name) => news[name] !== undefined && !containsUnknown(news[name]) && (news[name] as unknown[]).length > 0,
      )
      .map((property) => ({
        property,
        reason: "members are left to GroupMembership resources when externalMembership is true; drop this list",
      }));
  },
} satisfies EntityDescription<ApiGroup>;

export const groupProvider = entityProvider(description);
const args = resourceArguments(description);

/** A Scaleway IAM group of users and applications, the principal of policies. */
export class Group extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/scaleway:Group";

  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly tags: pulumi.Output<string[]>;
  declare readonly organizationId: pulumi.Output<string>;
  declare readonly userIds: pulumi.Output<string[]>;
  declare readonly applicationIds: pulumi.Output<string[]>;
  declare readonly externalMembership: pulumi.Output<boolean>;
  declare readonly createdAt: pulumi.Output<string | null>;
  declare readonly updatedAt: pulumi.Output<string | null>;
  declare readonly editable: pulumi.Output<boolean>;
  declare readonly deletable: pulumi.Output<boolean>;
  declare readonly managed: pulumi.Output<boolean>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, groupArgs: GroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, groupArgs, opts));
  }
}
