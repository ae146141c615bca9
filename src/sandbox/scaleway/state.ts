import { createLegacyAccountState, type LegacyAccountState } from "../account/state";
import type { SandboxCredentials } from "../types";
import { PERMISSION_SETS, type PermissionSetRecord } from "./permission-sets";

/** Stored exactly as the API shows it (snake_case); nb_api_keys is recomputed whenever it is shown. */
export interface ApplicationRecord {
  id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
  organization_id: string;
  editable: boolean;
  deletable: boolean;
  managed: boolean;
  nb_api_keys: number;
  tags: string[];
}

/** As GET shows it: `secret_key` is always null here; the secret lives in `ScalewayState.apiKeySecrets`. */
export interface ApiKeyRecord {
  access_key: string;
  secret_key: null;
  description: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  default_project_id: string;
  editable: boolean;
  deletable: boolean;
  managed: boolean;
  creation_ip: string;
  application_id?: string;
  user_id?: string;
}

/** The organisation's users (spec: scaleway.iam.v1alpha1.User); the sandbox starts with its owner. */
export interface UserRecord {
  id: string;
  email: string;
  username: string;
  first_name: string;
  last_name: string;
  phone_number: string;
  locale: string;
  created_at: string;
  updated_at: string;
  organization_id: string;
  deletable: boolean;
  last_login_at: string | null;
  /** "guest" is what the real server answers for a user created with `email` alone (the spec's enum omits it). */
  type: "owner" | "member" | "guest";
  two_factor_enabled: boolean;
  status: "activated" | "invitation_pending";
  mfa: boolean;
  account_root_user_id: string;
  tags: string[];
  locked: boolean;
}

/** Members are kept in insertion order; GET shows them sorted by id (the real server's order differs from the PUT). */
export interface GroupRecord {
  id: string;
  created_at: string;
  updated_at: string;
  organization_id: string;
  name: string;
  description: string;
  user_ids: string[];
  application_ids: string[];
  tags: string[];
  editable: boolean;
  deletable: boolean;
  managed: boolean;
}

export type Principal =
  | { user_id: string }
  | { group_id: string }
  | { application_id: string }
  | { no_principal: true };

/** The nb_* counters are computed from the policy's rules whenever it is shown. */
export interface PolicyRecord {
  id: string;
  name: string;
  description: string;
  organization_id: string;
  created_at: string;
  updated_at: string;
  editable: boolean;
  deletable: boolean;
  managed: boolean;
  tags: string[];
  principal: Principal;
  /** In the order of the last PUT /rules (or the create). */
  rules: RuleRecord[];
}

export interface RuleRecord {
  id: string;
  permission_set_names: string[];
  permission_sets_scope_type: PermissionSetRecord["scope_type"];
  condition: string;
  project_ids?: string[];
  organization_id?: string;
}

export interface SshKeyRecord {
  id: string;
  name: string;
  /** Type and base64 only: the server drops the comment and surrounding whitespace. */
  public_key: string;
  fingerprint: string;
  created_at: string;
  updated_at: string;
  organization_id: string;
  project_id: string;
  disabled: boolean;
}

/** Resource Manager projects (`/account/v3/projects`), emulated only as far as IAM needs them. */
export interface ProjectRecord {
  id: string;
  name: string;
  organization_id: string;
  created_at: string;
  updated_at: string;
  description: string;
  qualification: null;
}

export interface ScalewayState {
  /** The credentials' default organization. */
  organizationId: string;
  /** Every organization the credentials may act in (the default one first); tests add more to move entities. */
  organizationIds: Set<string>;
  /** The organisation's default project: API keys created without default_project_id get it. */
  defaultProjectId: string;
  applications: Map<string, ApplicationRecord>;
  /** Keyed by access key. */
  apiKeys: Map<string, ApiKeyRecord>;
  /** Access key → secret key: the secrets of created keys also authenticate against the sandbox. */
  apiKeySecrets: Map<string, string>;
  users: Map<string, UserRecord>;
  /** User id → password (write-only on the API; also the legacy account API's login). */
  userPasswords: Map<string, string>;
  groups: Map<string, GroupRecord>;
  policies: Map<string, PolicyRecord>;
  sshKeys: Map<string, SshKeyRecord>;
  projects: Map<string, ProjectRecord>;
  /** The catalogue of permission sets, by name (tests may add more). */
  permissionSets: Map<string, PermissionSetRecord>;
  /**
   * Group id → how many of the next membership changes (add-member, add-members, remove-member, PUT members) answer
   * 409 transient_state, as the real server sometimes does. Set by a test; each refused change decrements it.
   */
  membershipConflicts: Map<string, number>;
  /** The legacy account API (tokens, invitations, organizations): it shares the organization and its users. */
  legacy: LegacyAccountState;
}

export function createScalewayState(credentials: SandboxCredentials, now: string): ScalewayState {
  const owner: UserRecord = {
    id: credentials.scalewayUserId,
    email: "owner@sandbox.invalid",
    username: "owner",
    first_name: "",
    last_name: "",
    phone_number: "",
    locale: "en_US",
    created_at: now,
    updated_at: now,
    organization_id: credentials.scalewayOrganizationId,
    deletable: false,
    last_login_at: null,
    type: "owner",
    two_factor_enabled: false,
    status: "activated",
    mfa: false,
    account_root_user_id: credentials.scalewayUserId,
    tags: [],
    locked: false,
  };
  const project = (id: string, name: string): ProjectRecord => ({
    id,
    name,
    organization_id: credentials.scalewayOrganizationId,
    created_at: now,
    updated_at: now,
    description: "",
    qualification: null,
  });
  // On the real server the organization's first project has the organization's id (the cassettes scope rules and SSH
  // keys to it); the credentials' default project is a second one.
  const projects = [
    project(credentials.scalewayOrganizationId, "default"),
    project(credentials.scalewayProjectId, "sandbox"),
  ];
  return {
    organizationId: credentials.scalewayOrganizationId,
    organizationIds: new Set([credentials.scalewayOrganizationId]),
    defaultProjectId: credentials.scalewayProjectId,
    applications: new Map(),
    apiKeys: new Map(),
    apiKeySecrets: new Map(),
    users: new Map([[owner.id, owner]]),
    // The owner's password is the sandbox's secret key: it is what a demo logs in to the legacy API with.
    userPasswords: new Map([[owner.id, credentials.scalewaySecretKey]]),
    groups: new Map(),
    policies: new Map(),
    sshKeys: new Map(),
    projects: new Map(projects.map((p) => [p.id, p])),
    permissionSets: new Map(PERMISSION_SETS.map((set) => [set.name, { ...set }])),
    membershipConflicts: new Map(),
    legacy: createLegacyAccountState(),
  };
}
