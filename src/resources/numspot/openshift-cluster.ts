import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  type Cluster as ApiCluster,
  createCluster,
  deleteCluster,
  getCluster,
  listClusters,
  updateCluster,
} from "../../client/numspot/openshift-cluster";
import type { Operation } from "../../client/numspot/operation";
import type { EntityDescription } from "../description";
import { entityProvider } from "../entity";
import { effectiveTimeouts, type TimeoutValues, text, timeoutsField, Uuid } from "../fields";
import { resourceArguments } from "../resource";
import { type NumspotConnectionArgs, numspot } from "./connection";
import { AvailabilityZone, ClusterName, type NodePoolSpec, NodePoolSpecInput } from "./openshift-fields";
import { deleteAwaited, untilOperation } from "./operation";

export interface OpenShiftClusterTimeouts extends TimeoutValues {
  /** Wait for the create operation. Default 5400 (90 minutes). */
  create?: number;
  /** Wait for a cluster still being created during an update. Default 1800. */
  update?: number;
  /** Wait for the delete operation. Default 3600. */
  delete?: number;
}

export interface OpenShiftClusterArgs {
  /** The space of the cluster. A change replaces it. */
  spaceId: pulumi.Input<string>;
  /** 3–63 letters, digits, single `-` or `_` between them (spec: StrictSlugMax63). Changes in place. */
  name: pulumi.Input<string>;
  /** The cluster network, an IPv4 CIDR block such as 172.16.0.0/12. A change replaces the cluster. */
  cidr: pulumi.Input<string>;
  /** An offered OpenShift version (numspot.getOpenShiftVersions). A change replaces the cluster. */
  version: pulumi.Input<string>;
  /** Up to 255 characters. Changes in place. */
  description?: pulumi.Input<string>;
  /** Deprecated by Numspot; the server's default is cloudgouv-eu-west-1b. A change replaces the cluster. */
  availabilityZoneName?: pulumi.Input<string>;
  /**
   * The pools the API requires at create. Later changes are NodePool resources' business: this input never drifts
   * and a change to it does nothing (the `nodePools` output shows the pools as the server reports them).
   */
  nodePools: pulumi.Input<pulumi.Input<NodePoolSpec>[]>;
  timeouts?: pulumi.Input<OpenShiftClusterTimeouts>;
  connection?: pulumi.Input<NumspotConnectionArgs>;
}

/** Creating a managed OpenShift cluster takes most of an hour; deleting one, a fair part of it. */
export const DEFAULT_CLUSTER_TIMEOUTS = Object.freeze({ create: 5400, update: 1800, delete: 3600 });

type Api = ApiCluster & { spaceId: string; operation?: Operation };

const IPV4_CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/([0-9]|[12]\d|3[0-2])$/;

export const description = {
  system: numspot,
  type: "OpenShiftCluster",
  noun: "OpenShift cluster",
  fields: {
    spaceId: { input: Uuid, required: true, api: "spaceId", replace: true, inPath: true },
    name: { input: ClusterName, required: true, api: "name" },
    cidr: {
      input: z.string("must be a string").regex(IPV4_CIDR, "must be an IPv4 CIDR block such as 172.16.0.0/12"),
      required: true,
      api: "cidr",
      replace: true,
    },
    version: {
      input: z.string("must be a string").regex(/^\d+\.\d+\.\d+$/, "must be a version such as 4.16.19"),
      required: true,
      api: "version",
      replace: true,
    },
    description: { input: text({ max: 255 }), api: "description", default: "", fromApi: (value) => value ?? "" },
    availabilityZoneName: { input: AvailabilityZone, api: "availabilityZoneName", replace: true },
    // The pools at create only: never compared (NodePool resources change them), never sent again.
    nodePools: {
      input: z.array(NodePoolSpecInput, "must be a list of node pools").min(1, "must hold at least one node pool"),
      required: true,
      api: "nodePools",
      createOnly: true,
      compare: () => "initial pools",
    },
    state: { api: "state" },
    urls: { api: "urls", fromApi: (value) => value ?? null },
    timeouts: timeoutsField(DEFAULT_CLUSTER_TIMEOUTS),
  },
  id: (cluster) => cluster.id,
  createdAt: () => null,
  endpoints: {
    get: async (client, id, props) => ({ ...(await getCluster(client, props.spaceId, id)), spaceId: props.spaceId }),
    list: async (client, inputs) =>
      (await listClusters(client, inputs.spaceId)).map((c) => ({ ...c, spaceId: inputs.spaceId as string })),
    create: async (client, body, inputs, recover, made) => {
      // A found cluster stands for the create answer; its operation is unknown, so the wait reads its state.
      const found = async () => {
        const cluster = await recover();
        return cluster && { id: cluster.id, name: cluster.name, operation: { id: "", status: "SUCCEEDED" } };
      };
      const created = await createCluster(client, inputs.spaceId, body, found);
      // As asked, until read: the next up then waits for it like any cluster still being created.
      made({ ...(body as ApiCluster), id: created.id, spaceId: inputs.spaceId });
      const cluster = await getCluster(client, inputs.spaceId, created.id);
      const operation = created.operation.id ? created.operation : undefined;
      return { ...cluster, spaceId: inputs.spaceId, operation };
    },
    update: async (client, id, body, olds) => ({
      ...(await updateCluster(client, olds.spaceId, id, { name: body.name, description: body.description })),
      spaceId: olds.spaceId,
    }),
    delete: (client, id, props) =>
      deleteAwaited({
        client,
        spaceId: props.spaceId,
        clusterId: id,
        deleteType: "DELETE_CLUSTER",
        what: `OpenShift cluster ${id} to be deleted`,
        timeoutS: effectiveTimeouts(props.timeouts, DEFAULT_CLUSTER_TIMEOUTS).delete,
        send: () => deleteCluster(client, props.spaceId, id),
      }),
  },
  naturalKey: ["spaceId", "name"],
  adopt: true,
  lostCreate: "take",
  waits: {
    create: untilOperation<Api>({ ready: ["ACTIVE"], failed: ["FAILED"] }),
    update: untilOperation<Api>({ ready: ["ACTIVE"], failed: ["FAILED"] }),
  },
  timeouts: DEFAULT_CLUSTER_TIMEOUTS,
  deleteBeforeReplace: true,
} satisfies EntityDescription<Api>;

export const openShiftClusterProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * A managed OpenShift cluster in a space. Create and delete run as operations, awaited until they end; a create
 * whose operation fails or outlasts `timeouts.create` is kept in the stack with its id (the next up repairs it).
 */
export class OpenShiftCluster extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/numspot:OpenShiftCluster";

  declare readonly spaceId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly cidr: pulumi.Output<string>;
  declare readonly version: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly availabilityZoneName: pulumi.Output<string>;
  /** The pools as the server reports them now. */
  declare readonly nodePools: pulumi.Output<NodePoolSpec[]>;
  /** CREATING, ACTIVE, DELETING or FAILED. */
  declare readonly state: pulumi.Output<string>;
  /** console and api, once ACTIVE. */
  declare readonly urls: pulumi.Output<{ console?: string; api?: string } | null>;
  declare readonly timeouts: pulumi.Output<OpenShiftClusterTimeouts | undefined>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, clusterArgs: OpenShiftClusterArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, clusterArgs, opts));
  }
}
