import * as pulumi from "@pulumi/pulumi";
import type { HttpClient } from "../../client/http";
import {
  type Policy as ApiPolicy,
  createPolicy,
  deletePolicy,
  getPolicy,
  listPolicies,
  listRules,
  type Rule,
  setRules,
  updatePolicy,
} from "../../client/scaleway/policy";
import type { EntityDescription, Props } from "../description";
import { entityProvider, outputsOf } from "../entity";
import { asSet, Uuid } from "../fields";
import { ResourceInitError } from "../provider";
import { resourceArguments } from "../resource";
import { type ScalewayConnectionArgs, scaleway } from "./connection";
import { ScalewayDescription, ScalewayName, ScalewayTags } from "./names";
import { exactlyOne, NoPrincipal } from "./principal";
import { asRuleSet, type PolicyRule, Rules, resolvePermissionSets, rulesFromApi, toSpecs } from "./rules";

export interface PolicyArgs {
  /** 1–64 characters: ASCII letters, digits, spaces between words, `_ ( ) . -`. */
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** A change replaces the policy. Default: `scaleway:organizationId` / `SCW_DEFAULT_ORGANIZATION_ID`. */
  organizationId?: pulumi.Input<string>;
  /** Exactly one of userId, groupId, applicationId, noPrincipal; a change of principal is made in place. */
  userId?: pulumi.Input<string>;
  groupId?: pulumi.Input<string>;
  applicationId?: pulumi.Input<string>;
  noPrincipal?: pulumi.Input<true>;
  /**
   * Compared as a multiset (order of rules and of names inside a rule does not matter). Each rule: at least one
   * permission set name, exactly one of projectIds and organizationId, condition ≤ 2048 characters. Names are
   * resolved with GET /permission-sets before any change.
   */
  rules?: pulumi.Input<pulumi.Input<PolicyRule>[]>;
  /** Take over an existing policy with this name in the organization. */
  adopt?: pulumi.Input<boolean>;
  connection?: pulumi.Input<ScalewayConnectionArgs>;
}

/** The policy with its rules: what outputs are made of. */
export type PolicyWithRules = ApiPolicy & { rules: Rule[] };

const PRINCIPALS = ["userId", "groupId", "applicationId", "noPrincipal"] as const;
const PRINCIPAL_KEYS = ["user_id", "group_id", "application_id", "no_principal"] as const;

async function readPolicy(client: HttpClient, id: string): Promise<PolicyWithRules> {
  const policy = await getPolicy(client, id);
  return { ...policy, rules: await listRules(client, id) };
}

/** A principal is changed by naming the new one: nulls for the others are left out, and no_principal is never false. */
function principalBody(body: Props): Props {
  const out = { ...body };
  for (const key of PRINCIPAL_KEYS) if (out[key] === null || out[key] === false) delete out[key];
  return out;
}

async function update(client: HttpClient, id: string, body: Props, olds: Props): Promise<PolicyWithRules | undefined> {
  const { rules, ...rest } = principalBody(body);
  if (rules !== undefined) await resolvePermissionSets(client, olds.organizationId, rules as PolicyRule[]);
  if (Object.keys(rest).length > 0) await updatePolicy(client, id, rest);
  if (rules === undefined) return undefined;
  try {
    await setRules(client, id, toSpecs(rules as PolicyRule[]));
  } catch (error) {
    // PATCH then PUT is not atomic: record what the server now holds, so the next up sets the rules again.
    const now = await readPolicy(client, id).catch(() => undefined);
    const outs = now ? outputsOf(description, now, { connection: olds.connection, adopted: olds.adopted }) : olds;
    throw new ResourceInitError(
      id,
      outs,
      `policy ${id}: the rules were not replaced (${(error as Error).message}); the other changes were made, and the next up sets the rules again`,
    );
  }
  return undefined;
}

export const description = {
  system: scaleway,
  type: "Policy",
  noun: "policy",
  fields: {
    name: { input: ScalewayName, required: true, api: "name" },
    description: { input: ScalewayDescription, api: "description", default: "" },
    tags: { input: ScalewayTags, api: "tags", default: [], compare: asSet, fromApi: (tags) => tags ?? [] },
    organizationId: {
      input: Uuid,
      required: true,
      api: "organization_id",
      setting: "organizationId",
      replace: true,
    },
    userId: { input: Uuid, api: "user_id", default: null, fromApi: (v) => v ?? null },
    groupId: { input: Uuid, api: "group_id", default: null, fromApi: (v) => v ?? null },
    applicationId: { input: Uuid, api: "application_id", default: null, fromApi: (v) => v ?? null },
    noPrincipal: { input: NoPrincipal, api: "no_principal", default: null, fromApi: (v) => (v === true ? true : null) },
    rules: { input: Rules, api: "rules", default: [], compare: asRuleSet, fromApi: rulesFromApi },
    createdAt: { api: "created_at" },
    updatedAt: { api: "updated_at" },
    editable: { api: "editable" },
    deletable: { api: "deletable", fromApi: (value) => value ?? true },
    managed: { api: "managed", fromApi: (value) => value ?? false },
    nbRules: { api: "nb_rules" },
    nbScopes: { api: "nb_scopes" },
    nbPermissionSets: { api: "nb_permission_sets" },
  },
  id: (policy) => policy.id,
  createdAt: (policy) => policy.created_at,
  endpoints: {
    get: (client, id) => readPolicy(client, id),
    list: async (client, inputs) => {
      const found = await listPolicies(client, { organization_id: inputs.organizationId, policy_name: inputs.name });
      return Promise.all(found.map(async (policy) => ({ ...policy, rules: await listRules(client, policy.id) })));
    },
    async create(client, body, inputs, recover, made) {
      const rules = (inputs.rules ?? []) as PolicyRule[];
      await resolvePermissionSets(client, inputs.organizationId, rules);
      const sent = principalBody({ ...body, ...(inputs.rules !== undefined && { rules: toSpecs(rules) }) });
      // The POST answer counts no rules (nb_rules 0): outputs come from the GET that follows.
      const created = await createPolicy(client, sent, recover as () => Promise<ApiPolicy | undefined>);
      // Its rules unconfirmed until read: recorded without them, the next up sets them again (a PUT of the whole set).
      made({ ...created, rules: [] });
      return readPolicy(client, created.id);
    },
    update,
    delete: (client, id) => deletePolicy(client, id),
  },
  naturalKey: ["organizationId", "name"],
  adopt: true,
  lostCreate: "take",
  checkMore: (news) => exactlyOne(news, PRINCIPALS, "the policy's principal"),
} satisfies EntityDescription<PolicyWithRules>;

export const policyProvider = entityProvider(description);
const args = resourceArguments(description);

/** A Scaleway IAM policy: rules (permission sets over projects or the organization) granted to one principal. */
export class Policy extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/scaleway:Policy";

  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly tags: pulumi.Output<string[]>;
  declare readonly organizationId: pulumi.Output<string>;
  declare readonly userId: pulumi.Output<string | null>;
  declare readonly groupId: pulumi.Output<string | null>;
  declare readonly applicationId: pulumi.Output<string | null>;
  declare readonly noPrincipal: pulumi.Output<true | null>;
  declare readonly rules: pulumi.Output<PolicyRule[]>;
  declare readonly createdAt: pulumi.Output<string | null>;
  declare readonly updatedAt: pulumi.Output<string | null>;
  declare readonly editable: pulumi.Output<boolean>;
  declare readonly deletable: pulumi.Output<boolean>;
  declare readonly managed: pulumi.Output<boolean>;
  declare readonly nbRules: pulumi.Output<number>;
  declare readonly nbScopes: pulumi.Output<number>;
  declare readonly nbPermissionSets: pulumi.Output<number>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, policyArgs: PolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, policyArgs, opts));
  }
}
