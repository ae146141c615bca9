import * as pulumi from "@pulumi/pulumi";
import {
  createNodePool,
  deleteNodePool,
  getNodePool,
  listNodePools,
  scaleNodePool,
} from "../../client/numspot/node-pool";
import type { ApiNodePool } from "../../client/numspot/openshift-cluster";
import { listRunningOperations, type Operation, operationPool } from "../../client/numspot/operation";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { effectiveTimeouts, type TimeoutValues, timeoutsField, Uuid } from "../fields";
import { UnprovenCreateError } from "../recovery";
import { resourceArguments } from "../resource";
import { type NumspotConnectionArgs, numspot } from "./connection";
import { AvailabilityZone, Gpu, NodeCount, NodePoolName, NodeProfile } from "./openshift-fields";
import { deleteAwaited, untilOperation } from "./operation";

export interface NodePoolTimeouts extends TimeoutValues {
  /** Wait for the create operation. Default 1800. */
  create?: number;
  /** Wait for a scale operation. Default 1800. */
  update?: number;
  /** Wait for the delete operation. Default 1800. */
  delete?: number;
}

export interface NodePoolArgs {
  /** A change replaces the pool. */
  spaceId: pulumi.Input<string>;
  /** A change replaces the pool. */
  clusterId: pulumi.Input<string>;
  /** 3–63 lower-case letters, digits, single `-` or `_` between them; the id's last part. A change replaces. */
  name: pulumi.Input<string>;
  /** SMALL, MEDIUM, LARGE or VERY_LARGE. A change replaces the pool. */
  nodeProfile: pulumi.Input<string>;
  /** At least 1. Scaled in place, the scale operation awaited. */
  nodeCount: pulumi.Input<number>;
  /** A change replaces the pool. */
  availabilityZoneName?: pulumi.Input<string>;
  /** P6, P100, V100 or A100-80. A change replaces the pool. */
  gpu?: pulumi.Input<string>;
  timeouts?: pulumi.Input<NodePoolTimeouts>;
  /** Manage an existing pool of that name in the cluster instead of creating one. */
  adopt?: pulumi.Input<boolean>;
  connection?: pulumi.Input<NumspotConnectionArgs>;
}

export const DEFAULT_NODE_POOL_TIMEOUTS = Object.freeze({ create: 1800, update: 1800, delete: 1800 });

type Api = ApiNodePool & { spaceId: string; clusterId: string; operation?: Operation };

const poolId = (p: { spaceId: string; clusterId: string; name: string }) => `${p.spaceId}/${p.clusterId}/${p.name}`;

function parseId(id: string) {
  const [spaceId, clusterId, name] = id.split("/");
  if (!spaceId || !clusterId || !name) throw new Error(`node pool id ${id} is not spaceId/clusterId/name`);
  return { spaceId, clusterId, name };
}

/** The pool as last known (for an operation's wait), from stored outputs or inputs. */
const known = (props: Props, operation?: Operation): Api => ({
  name: props.name,
  nodeProfile: props.nodeProfile,
  nodeCount: props.nodeCount,
  availabilityZoneName: props.availabilityZoneName,
  gpu: props.gpu,
  spaceId: props.spaceId,
  clusterId: props.clusterId,
  operation,
});

export const description = {
  system: numspot,
  type: "NodePool",
  noun: "node pool",
  fields: {
    spaceId: { input: Uuid, required: true, api: "spaceId", replace: true, inPath: true },
    clusterId: { input: Uuid, required: true, api: "clusterId", replace: true, inPath: true },
    name: { input: NodePoolName, required: true, api: "name", replace: true },
    nodeProfile: { input: NodeProfile, required: true, api: "nodeProfile", replace: true },
    nodeCount: { input: NodeCount, required: true, api: "nodeCount" },
    availabilityZoneName: { input: AvailabilityZone, api: "availabilityZoneName", replace: true },
    gpu: { input: Gpu, api: "gpu", replace: true, default: null },
    timeouts: timeoutsField(DEFAULT_NODE_POOL_TIMEOUTS),
  },
  id: poolId,
  createdAt: () => null,
  endpoints: {
    get: async (client, id) => {
      const { spaceId, clusterId, name } = parseId(id);
      return { ...(await getNodePool(client, spaceId, clusterId, name)), spaceId, clusterId };
    },
    list: async (client, inputs) =>
      (await listNodePools(client, inputs.spaceId, inputs.clusterId)).map((pool) => ({
        ...pool,
        spaceId: inputs.spaceId as string,
        clusterId: inputs.clusterId as string,
      })),
    create: async (client, body, inputs, recover) => {
      // A pool found after a lost answer exists already: its operation has ended.
      const found = async () => {
        // A pool is listed only once its create succeeds: until then, only its running operation shows that the
        // request whose answer was lost did create it (sending it again would only meet "already exists"). The
        // operations are read first, so one that ends between the two reads shows as a listed pool.
        const running = (await listRunningOperations(client, inputs.spaceId, inputs.clusterId)).filter(
          (op) => op.type === "CREATE_NODE_POOL" && operationPool(op) === inputs.name,
        );
        if (running.length > 0)
          throw new UnprovenCreateError(description, [
            poolId(inputs as { spaceId: string; clusterId: string; name: string }),
          ]);
        const pool = await recover();
        return pool && { operation: { id: "", status: "SUCCEEDED" } };
      };
      const created = await createNodePool(client, inputs.spaceId, inputs.clusterId, body, found);
      const operation = created.id ? created : undefined;
      // The pool appears only when its operation succeeds.
      return known(inputs, operation);
    },
    update: async (client, id, body, olds) => {
      const { spaceId, clusterId, name } = parseId(id);
      const operation = await scaleNodePool(client, spaceId, clusterId, name, body.nodeCount);
      return known(olds, operation);
    },
    delete: (client, id, props) => {
      const { spaceId, clusterId, name } = parseId(id);
      return deleteAwaited({
        client,
        spaceId,
        clusterId,
        pool: name,
        deleteType: "DELETE_NODE_POOL",
        what: `node pool ${id} to be deleted`,
        timeoutS: effectiveTimeouts(props.timeouts, DEFAULT_NODE_POOL_TIMEOUTS).delete,
        send: () => deleteNodePool(client, spaceId, clusterId, name),
      });
    },
  },
  naturalKey: ["spaceId", "clusterId", "name"],
  adopt: true,
  lostCreate: "take",
  waits: { create: untilOperation<Api>({}), update: untilOperation<Api>({}) },
  timeouts: DEFAULT_NODE_POOL_TIMEOUTS,
  deleteBeforeReplace: true,
} satisfies EntityDescription<Api>;

export const nodePoolProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * A node pool of an OpenShift cluster. Its id is `spaceId/clusterId/name`. `nodeCount` scales in place: the scale
 * operation is awaited, and the count changes when it ends.
 */
export class NodePool extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/numspot:NodePool";

  declare readonly spaceId: pulumi.Output<string>;
  declare readonly clusterId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly nodeProfile: pulumi.Output<string>;
  declare readonly nodeCount: pulumi.Output<number>;
  declare readonly availabilityZoneName: pulumi.Output<string | undefined>;
  declare readonly gpu: pulumi.Output<string | null>;
  declare readonly timeouts: pulumi.Output<NodePoolTimeouts | undefined>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, poolArgs: NodePoolArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, poolArgs, opts));
  }
}
