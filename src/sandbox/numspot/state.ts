import type { Timeline } from "../clock";
import type { DurationSpec, SandboxCredentials } from "../types";
import { type PermissionRecord, permissionCatalogue } from "./catalogue";

export type SpaceStatus = "QUEUED" | "RUNNING" | "READY" | "FAILED";

/**
 * When a space moves on, fixed at creation: QUEUED for `queuedMs`, RUNNING for `runningMs`, then `outcome`. The
 * status is read from the generic clock (`spaceTimeline` in space.ts); the record keeps these plain numbers so tests
 * can build and pin spaces out of band.
 */
export interface SpaceLifecycle {
  /** Epoch ms of creation. */
  startedAt: number;
  queuedMs: number;
  runningMs: number;
  outcome: "READY" | "FAILED";
  /** Set by a test to hold the space in a status regardless of the clock. */
  pinned?: SpaceStatus;
}

/** The API fields of a space (spec: Space) except `status`, which is computed from `lifecycle`. */
export interface SpaceRecord {
  id: string;
  organisationId: string;
  name: string;
  description: string;
  createdOn: string;
  updatedOn: string;
  lifecycle: SpaceLifecycle;
}

export interface TokenRecord {
  clientId: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Where a role, a policy or an ACL lives: an organisation or a space. */
export interface Scope {
  kind: "organisation" | "space";
  id: string;
  /** The organisation of the scope (the space's own for a space). */
  organisationId: string;
}

export type TenantType = "organisation" | "space";

/** spec: RegisteredRole, plus where it lives and its permissions (GetRolePermissions). */
export interface RoleRecord {
  uuid: string;
  name: string;
  description: string;
  tenantType: TenantType[];
  /** false for the built-in roles, visible in every scope of their tenant types and never changed or deleted. */
  custom: boolean;
  /** undefined for the built-in roles. */
  scope?: Scope;
  /** In insertion order, no duplicates. */
  permissionIds: string[];
  createdOn: string;
  updatedOn: string;
}

/** spec: ServiceAccountEdited; the secret is never kept (the API shows it once, in the create answer). */
export interface ServiceAccountRecord {
  id: string;
  organisationId: string;
  name: string;
  tokenDuration: string;
  spaceIds: Set<string>;
  /** The space the account was created in (space-scoped create), undefined for an organisation account. */
  homeSpaceId?: string;
  createdOn: string;
}

/** spec: UserModified, plus the spaces the user is assigned to. */
export interface UserRecord {
  id: string;
  organisationId: string;
  email: string;
  firstname: string;
  lastname: string;
  active: boolean;
  spaceIds: Set<string>;
  createdOn: string;
  updatedOn: string;
}

export type SubjectType = "users" | "serviceAccounts";

/** spec: IAMPolicy of one subject in one scope. */
export interface PolicyRecord {
  roles: Set<string>;
  permissions: Set<string>;
}

/** spec: ACL. */
export interface AclRecord {
  service: string;
  resource: string;
  subresource?: string;
  resourceId: string;
  permissionId: string;
}

export type OperationType =
  | "CREATE_CLUSTER"
  | "DELETE_CLUSTER"
  | "CREATE_NODE_POOL"
  | "DELETE_NODE_POOL"
  | "UPDATE_NODE_POOL";
export type OperationStatus = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED";

/** An OpenShift operation; its status comes from `timeline`, its effect is applied once when it ends. */
export interface OperationRecord {
  id: string;
  spaceId: string;
  clusterId: string;
  nodePoolName?: string;
  type: OperationType;
  /** For UPDATE_NODE_POOL: the node count the pool gets when the operation succeeds. */
  targetCount?: number;
  /** For CREATE_NODE_POOL: the pool that appears when the operation succeeds. */
  nodePool?: NodePoolRecord;
  createTime: string;
  timeline: Timeline<OperationStatus>;
  /** Set once the ending has been applied to the cluster or node pool. */
  applied?: boolean;
}

export type NodeProfile = "SMALL" | "MEDIUM" | "LARGE" | "VERY_LARGE";

/** spec: OpenShiftNodepool. */
export interface NodePoolRecord {
  name: string;
  nodeProfile: NodeProfile;
  nodeCount: number;
  availabilityZoneName?: string;
  gpu?: string;
  tina?: string;
}

/** spec: OpenShiftCluster (and `description`, which only the redoc document has). */
export interface ClusterRecord {
  id: string;
  spaceId: string;
  name: string;
  description?: string;
  cidr: string;
  version: string;
  availabilityZoneName: string;
  /** CREATING, ACTIVE, DELETING or FAILED: set when the operations that change it end. */
  state: "CREATING" | "ACTIVE" | "DELETING" | "FAILED";
  nodePools: Map<string, NodePoolRecord>;
  createdOn: string;
}

export interface NumspotState {
  /** Organisations the sandbox's client may act in, with their names (ListOrganisationsIdentity). */
  organisations: Set<string>;
  spaces: Map<string, SpaceRecord>;
  /** Access tokens handed out by POST /iam/token. */
  tokens: Map<string, TokenRecord>;
  /** The permission catalogue: fixed, the same in every scope. */
  permissions: Map<string, PermissionRecord>;
  roles: Map<string, RoleRecord>;
  serviceAccounts: Map<string, ServiceAccountRecord>;
  users: Map<string, UserRecord>;
  /** Keyed by `policyKey(scope, subjectType, subjectId)`. */
  policies: Map<string, PolicyRecord>;
  /** Keyed like policies; entries in insertion order. */
  acls: Map<string, AclRecord[]>;
  clusters: Map<string, ClusterRecord>;
  operations: Map<string, OperationRecord>;
  /** OpenShift versions offered (ListVersions). */
  openshiftVersions: string[];
}

/** How long an OpenShift operation stays RUNNING: fixed, per operation, or drawn uniformly from `[min, max]`. */
export type OperationDurationSpec = number | ((operation: OperationInfo) => number) | readonly [number, number];

export interface OperationInfo {
  type: OperationType;
  clusterName: string;
  nodePoolName?: string;
}

/** Settings of the emulated Numspot (`startSandbox({ numspot: { ... } })`). */
export interface NumspotSandboxOptions {
  /** How long a new space stays QUEUED (default 500 ms). */
  queuedMs?: number;
  /** How long a space stays RUNNING after QUEUED (default 2000 ms). */
  runningMs?: DurationSpec;
  /** Probability that a space ends FAILED instead of READY (default 0). */
  failureRate?: number;
  /** Lifetime of access tokens (default 3600 s); fractions are allowed so tests can watch tokens expire. */
  tokenTtlSeconds?: number;
  /** How long an OpenShift operation stays PENDING (default 200 ms). */
  operationPendingMs?: number;
  /** How long an OpenShift operation stays RUNNING after PENDING (default 1500 ms). */
  operationRunningMs?: OperationDurationSpec;
  /** Probability that an OpenShift operation ends FAILED (default 0); a function decides per operation. */
  operationFailureRate?: number | ((operation: OperationInfo) => number);
  /** Source of randomness for failures and duration ranges (default Math.random). */
  random?: () => number;
}

export interface NumspotSettings {
  queuedMs: number;
  runningMs: DurationSpec;
  failureRate: number;
  tokenTtlSeconds: number;
  operationPendingMs: number;
  operationRunningMs: OperationDurationSpec;
  operationFailureRate: number | ((operation: OperationInfo) => number);
  random: () => number;
}

export function resolveNumspotSettings(options: NumspotSandboxOptions = {}): NumspotSettings {
  return {
    queuedMs: options.queuedMs ?? 500,
    runningMs: options.runningMs ?? 2000,
    failureRate: options.failureRate ?? 0,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    operationPendingMs: options.operationPendingMs ?? 200,
    operationRunningMs: options.operationRunningMs ?? 1500,
    operationFailureRate: options.operationFailureRate ?? 0,
    random: options.random ?? Math.random,
  };
}

export function createNumspotState(credentials: SandboxCredentials): NumspotState {
  const permissions = permissionCatalogue();
  return {
    organisations: new Set([credentials.numspotOrganisationId]),
    spaces: new Map(),
    tokens: new Map(),
    permissions: new Map(permissions.map((permission) => [permission.uuid, permission])),
    roles: new Map(builtInRoles(permissions).map((role) => [role.uuid, role])),
    serviceAccounts: new Map(),
    users: new Map(),
    policies: new Map(),
    acls: new Map(),
    clusters: new Map(),
    operations: new Map(),
    openshiftVersions: ["4.14.38", "4.15.35", "4.16.19", "4.17.3"],
  };
}

/** The predefined (non-custom) roles every tenant sees. */
function builtInRoles(permissions: PermissionRecord[]): RoleRecord[] {
  const created = "2024-09-01T08:00:00.000Z";
  const pick = (predicate: (permission: PermissionRecord) => boolean) =>
    permissions.filter(predicate).map((permission) => permission.uuid);
  const role = (uuid: string, name: string, description: string, tenantType: TenantType[], ids: string[]) => ({
    uuid,
    name,
    description,
    tenantType,
    custom: false,
    permissionIds: ids,
    createdOn: created,
    updatedOn: created,
  });
  return [
    role(
      "6f1a0c1e-5b1f-4d0e-9a51-0d6b1c000001",
      "Organisation Administrator",
      "Full control of the organisation",
      ["organisation"],
      pick((permission) => permission.service === "iam" || permission.service === "organisation"),
    ),
    role(
      "6f1a0c1e-5b1f-4d0e-9a51-0d6b1c000002",
      "Space Administrator",
      "Full control of a space",
      ["space"],
      pick((permission) => permission.service !== "organisation"),
    ),
    role(
      "6f1a0c1e-5b1f-4d0e-9a51-0d6b1c000003",
      "Viewer",
      "Read-only access",
      ["organisation", "space"],
      pick((permission) => ["get", "list"].includes(permission.action)),
    ),
    role(
      "6f1a0c1e-5b1f-4d0e-9a51-0d6b1c000004",
      "OpenShift Operator",
      "Operate OpenShift clusters and node pools",
      ["space"],
      pick((permission) => permission.service === "openshift"),
    ),
  ];
}

export function policyKey(scope: Scope, subjectType: SubjectType, subjectId: string): string {
  return `${scope.kind}:${scope.id}:${subjectType}:${subjectId}`;
}

export interface NumspotContext {
  state: NumspotState;
  credentials: SandboxCredentials;
  settings: NumspotSettings;
}
