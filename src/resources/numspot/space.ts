import * as pulumi from "@pulumi/pulumi";
import {
  type Space as ApiSpace,
  createSpace,
  deleteSpace,
  getSpace,
  listSpaces,
  updateSpace,
} from "../../client/numspot/space";
import type { EntityDescription } from "../description";
import { entityProvider } from "../entity";
import { type TimeoutValues, text, timeoutsField, Uuid } from "../fields";
import { resourceArguments } from "../resource";
import { untilGone, untilStatus } from "../waits";
import { type NumspotConnectionArgs, numspot } from "./connection";

/** Seconds. */
export interface SpaceTimeouts extends TimeoutValues {
  /** Wait for a new space to become READY. Default 900 (15 minutes). */
  create?: number;
  /** Wait for a space still being prepared to become READY during an update. Default 900. */
  update?: number;
  /** Wait for a deleted space to disappear. Default 600 (10 minutes). */
  delete?: number;
}

export interface SpaceArgs {
  /** Defaults to `numspot:organisationId` / `NUMSPOT_ORGANISATION_ID`. A change replaces the space. */
  organisationId?: pulumi.Input<string>;
  /** 1–50 characters. Changes in place. */
  name: pulumi.Input<string>;
  /** 1–300 characters. Changes in place. */
  description: pulumi.Input<string>;
  /** How long to wait for the asynchronous work (seconds); `customTimeouts` never reach a dynamic provider. */
  timeouts?: pulumi.Input<SpaceTimeouts>;
  /**
   * Manage an existing space with the same name in the organisation instead of creating one (Pulumi cannot import
   * dynamic resources). Adoption is reported in the log and in the `adopted` output.
   */
  adopt?: pulumi.Input<boolean>;
  /** Credentials for this resource only (made secret); otherwise stack config, then environment. */
  connection?: pulumi.Input<NumspotConnectionArgs>;
}

/**
 * Space creation provisions the space's own network and accounts and takes minutes; 15 minutes leaves room for a
 * slow queue without letting a stuck space block a pipeline for long (Numspot's Terraform provider waits forever).
 * Deletion tears the same down: 10 minutes.
 */
export const DEFAULT_SPACE_TIMEOUTS = Object.freeze({ create: 900, update: 900, delete: 600 });

const ready = untilStatus<ApiSpace>({ field: "status", ready: ["READY"], failed: ["FAILED"] });

export const description = {
  system: numspot,
  type: "Space",
  noun: "space",
  fields: {
    // The OpenAPI has organisationId only in ImmutableSpace and in the path; UpdateSpace takes a MutableSpace (name
    // and description): a space cannot move to another organisation, so a new one is made there.
    organisationId: {
      input: Uuid,
      required: true,
      api: "organisationId",
      setting: "organisationId",
      replace: true,
      inPath: true,
    },
    // spec: MutableSpace (name 1–50, description 1–300; both required by CreateSpace).
    name: { input: text({ min: 1, max: 50 }), required: true, api: "name" },
    description: {
      input: text({ min: 1, max: 300, minReason: "must not be empty (Numspot requires a description)" }),
      required: true,
      api: "description",
      fromApi: (value) => value ?? "",
    },
    status: { api: "status" },
    createdOn: { api: "createdOn", fromApi: (value) => value ?? null },
    updatedOn: { api: "updatedOn", fromApi: (value) => value ?? null },
    timeouts: timeoutsField(DEFAULT_SPACE_TIMEOUTS),
  },
  id: (space) => space.id,
  createdAt: (space) => space.createdOn,
  endpoints: {
    get: (client, id, props) => getSpace(client, props.organisationId, id),
    list: (client, inputs) => listSpaces(client, inputs.organisationId),
    create: (client, body, inputs, recover) => createSpace(client, inputs.organisationId, body as never, recover),
    // Answers 204: entity.ts reads the space again.
    update: async (client, id, body, olds) => {
      await updateSpace(client, olds.organisationId, id, body);
      return undefined;
    },
    delete: (client, id, props) => deleteSpace(client, props.organisationId, id),
  },
  naturalKey: ["organisationId", "name"],
  adopt: true,
  lostCreate: "take",
  waits: { create: ready, update: ready, delete: untilGone() },
  timeouts: DEFAULT_SPACE_TIMEOUTS,
  conflictHint: (inputs) =>
    `a space named "${inputs.name}" probably exists in organisation ${inputs.organisationId}: set adopt: true to manage it, or choose another name`,
} satisfies EntityDescription<ApiSpace>;

export const spaceProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * A Numspot space: the unit that holds cloud resources, roles and OpenShift clusters. Creation is asynchronous
 * (QUEUED → RUNNING → READY); the resource is created when the space is READY. Its id is the space id.
 */
export class Space extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/numspot:Space";

  declare readonly organisationId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  /** QUEUED, RUNNING, READY or FAILED; READY once the resource is created. */
  declare readonly status: pulumi.Output<string>;
  declare readonly createdOn: pulumi.Output<string | null>;
  declare readonly updatedOn: pulumi.Output<string | null>;
  declare readonly timeouts: pulumi.Output<SpaceTimeouts | undefined>;
  /** True when `adopt` took over a space that existed before. */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, spaceArgs: SpaceArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, spaceArgs, opts));
  }
}
