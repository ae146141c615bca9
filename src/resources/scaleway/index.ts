export * as account from "./account";
export { ApiKey, type ApiKeyArgs } from "./api-key";
export { Application, type ApplicationArgs } from "./application";
export type { ScalewayConnectionArgs } from "./connection";
export { Group, type GroupArgs } from "./group";
export { GroupMembership, type GroupMembershipArgs } from "./group-membership";
export {
  getApiKey,
  getApplication,
  getGroup,
  getPermissionSets,
  getPolicy,
  getSshKey,
  getUser,
  type LookupOptions,
} from "./lookups";
export { Policy, type PolicyArgs } from "./policy";
export type { PolicyRule } from "./rules";
export { SshKey, type SshKeyArgs } from "./ssh-key";
export { User, type UserArgs } from "./user";
