export { Invitation, type InvitationArgs } from "./invitation";
export { getOrganizations, getTokenPermissions } from "./lookups";
export { Token, type TokenArgs } from "./token";
