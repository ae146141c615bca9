export type { JujuConnectionArgs } from "./connection";
export { ControllerAccess, type ControllerAccessArgs } from "./controller-access";
export { Credential, type CredentialArgs } from "./credential";
export { type ControllerInfo, getControllers, getUser, getUsers, type UserInfo } from "./lookups";
export { ModelAccess, type ModelAccessArgs } from "./model-access";
export { type JujuTimeouts, SshKey, type SshKeyArgs } from "./ssh-key";
export { User, type UserArgs } from "./user";
