import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { HttpClient } from "../../client/http";
import type { IamScope } from "../../client/numspot/scope";
import {
  type ServiceAccount as ApiServiceAccount,
  assignServiceAccount,
  createServiceAccount,
  deleteServiceAccount,
  getServiceAccount,
  listServiceAccountSpaces,
  matchServiceAccounts,
  putServiceAccount,
  unassignServiceAccount,
} from "../../client/numspot/service-account";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { asSet, type Comparison, text, Uuid } from "../fields";
import { resourceArguments } from "../resource";
import { defaultOrganisationId, type NumspotConnectionArgs, numspot } from "./connection";
import { checkScope, type ScopeArgs, scopeFields, scopeOf, scopeOutputs } from "./scope";

export interface ServiceAccountArgs extends ScopeArgs {
  /** 1–255 characters, unique in the organisation. Changes in place. */
  name: pulumi.Input<string>;
  /** Lifetime of the account's access tokens, an ISO 8601 duration from PT1S to PT48H; default PT24H. */
  tokenDuration?: pulumi.Input<string>;
  /** Spaces to assign the account to (a set); assigned and unassigned in place. */
  spaceIds?: pulumi.Input<pulumi.Input<string>[]>;
  connection?: pulumi.Input<NumspotConnectionArgs>;
}

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Seconds of an ISO 8601 duration in weeks, days, hours, minutes and seconds; undefined otherwise. */
export function durationSeconds(value: string): number | undefined {
  const match = DURATION.exec(value);
  if (!match || value === "P" || value.endsWith("T")) return undefined;
  const [w, d, h, m, s] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  return (((w! * 7 + d!) * 24 + h!) * 60 + m!) * 60 + s!;
}

/** spec: ServiceAccount.tokenDuration, "between 1 second (PT1S) and 48 hours (PT48H)". */
export const TokenDuration = z.string("must be a string").superRefine((value, ctx) => {
  const seconds = durationSeconds(value);
  if (seconds === undefined) {
    ctx.addIssue({ code: "custom", message: "must be an ISO 8601 duration such as PT24H (weeks to seconds)" });
  } else if (seconds < 1 || seconds > 48 * 3600) {
    ctx.addIssue({ code: "custom", message: "must be between PT1S and PT48H" });
  }
});

/** PT24H, P1D and PT1440M are the same duration. */
export const asDuration: Comparison = (value) =>
  typeof value === "string" ? (durationSeconds(value) ?? value) : value;

type Api = ApiServiceAccount & { organisationId: string | null; spaceId: string | null; spaceIds: string[] };

/** The spaces the account is assigned to, besides the space it lives in. */
async function assignedSpaces(client: HttpClient, scope: IamScope, id: string, props: Props): Promise<string[]> {
  const organisationId = scope.kind === "organisations" ? scope.id : defaultOrganisationId(props.connection);
  if (!organisationId) return props.spaceIds ?? [];
  const spaces = await listServiceAccountSpaces(client, organisationId, id);
  return spaces.filter((space) => !(scope.kind === "spaces" && space === scope.id));
}

async function read(client: HttpClient, scope: IamScope, id: string, props: Props): Promise<Api> {
  const account = await getServiceAccount(client, scope, id);
  return { ...account, ...scopeOutputs(scope), spaceIds: await assignedSpaces(client, scope, id, props) };
}

async function assignSpaces(client: HttpClient, scope: IamScope, id: string, wanted: string[], current: string[]) {
  for (const space of wanted.filter((s) => !current.includes(s))) await assignServiceAccount(client, space, id);
  // A space-scoped DELETE of the account's own space would delete the account itself.
  for (const space of current.filter((s) => !wanted.includes(s) && s !== scope.id)) {
    await unassignServiceAccount(client, space, id);
  }
}

export const description = {
  system: numspot,
  type: "ServiceAccount",
  noun: "service account",
  fields: {
    ...scopeFields,
    name: { input: text({ min: 1, max: 255 }), required: true, api: "name" },
    tokenDuration: { input: TokenDuration, api: "tokenDuration", default: "PT24H", compare: asDuration },
    spaceIds: { input: z.array(Uuid, "must be a list of space ids"), api: "spaceIds", default: [], compare: asSet },
    secret: { api: "secret", secret: true },
  },
  id: (account) => account.id,
  createdAt: () => null,
  endpoints: {
    get: (client, id, props) => read(client, scopeOf(props), id, props),
    list: async (client, inputs) => {
      const scope = scopeOf(inputs);
      // The match shows no spaces: left out, so a look-up does not compare them (see Role's list).
      return (await matchServiceAccounts(client, scope, inputs.name)).map(
        (a) => ({ ...a, ...scopeOutputs(scope) }) as Api,
      );
    },
    create: async (client, body, inputs, recover, made) => {
      const scope = scopeOf(inputs);
      const created = await createServiceAccount(
        client,
        scope,
        { name: body.name, ...(body.tokenDuration ? { tokenDuration: body.tokenDuration } : {}) },
        recover as () => Promise<ApiServiceAccount | undefined>,
      );
      // Recorded with its secret, which only this answer holds.
      made({ ...created, ...scopeOutputs(scope), spaceIds: [] });
      const wanted: string[] = [...new Set<string>(inputs.spaceIds ?? [])];
      await assignSpaces(client, scope, created.id, wanted, []);
      return { ...created, ...scopeOutputs(scope), spaceIds: wanted };
    },
    update: async (client, id, body, olds) => {
      const scope = scopeOf(olds);
      if (body.name !== undefined || body.tokenDuration !== undefined) {
        await putServiceAccount(client, scope, id, {
          name: body.name ?? olds.name,
          tokenDuration: body.tokenDuration ?? olds.tokenDuration ?? "PT24H",
        });
      }
      if (body.spaceIds !== undefined) {
        const current = await assignedSpaces(client, scope, id, olds);
        await assignSpaces(client, scope, id, [...new Set<string>(body.spaceIds)], current);
      }
      return undefined;
    },
    delete: (client, id, props) => deleteServiceAccount(client, scopeOf(props), id),
  },
  naturalKey: ["organisationId", "spaceId", "name"],
  adopt: {
    refused:
      "service accounts cannot be adopted: Numspot shows an account's secret only in the create answer, so an existing account's secret cannot be recovered; let Pulumi create a new account",
  },
  // An account whose create answer was lost has no known secret: useless to us, but possibly someone else's.
  lostCreate: "delete-and-resend",
  // Names are unique in the organisation: a replacement (e.g. moved to a space) needs the old one gone first.
  deleteBeforeReplace: true,
  checkMore: (news, inputs) => checkScope(news, inputs),
  conflictHint: (inputs) =>
    `a service account named "${inputs.name}" probably exists in the organisation: choose another name`,
} satisfies EntityDescription<Api>;

export const serviceAccountProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * A Numspot service account. `secret` exists only in the create answer: it is kept from then on as a Pulumi secret,
 * which is why an existing account cannot be adopted.
 */
export class ServiceAccount extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/numspot:ServiceAccount";

  declare readonly organisationId: pulumi.Output<string | null>;
  declare readonly spaceId: pulumi.Output<string | null>;
  declare readonly name: pulumi.Output<string>;
  declare readonly tokenDuration: pulumi.Output<string>;
  declare readonly spaceIds: pulumi.Output<string[]>;
  declare readonly secret: pulumi.Output<string>;

  constructor(name: string, accountArgs: ServiceAccountArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, accountArgs, opts));
  }
}
