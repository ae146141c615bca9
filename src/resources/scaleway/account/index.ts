export { Invitation, type InvitationArgs } from "./invitation";
export { getOrganizations, getTokenPermissions, getUser } from "./lookups";
export { Token, type TokenArgs } from "./token";
