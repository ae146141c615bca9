export { AclBinding, type AclBindingArgs, type AclEntry } from "./acl-binding";
export type { NumspotConnectionArgs } from "./connection";
export { IamPolicyBinding, type IamPolicyBindingArgs } from "./iam-policy-binding";
export {
  getOpenShiftCluster,
  getOpenShiftVersions,
  getPermission,
  getPermissions,
  getRole,
  getSpace,
  type LookupScope,
} from "./lookups";
export { NodePool, type NodePoolArgs, type NodePoolTimeouts } from "./node-pool";
export { OpenShiftCluster, type OpenShiftClusterArgs, type OpenShiftClusterTimeouts } from "./openshift-cluster";
export type { NodePoolSpec } from "./openshift-fields";
export { Role, type RoleArgs } from "./role";
export { ServiceAccount, type ServiceAccountArgs } from "./service-account";
export { Space, type SpaceArgs, type SpaceTimeouts } from "./space";
export { User, type UserArgs } from "./user";
