import type { SandboxCredentials } from "../types";

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
  type: "owner" | "member";
  two_factor_enabled: boolean;
  status: "activated" | "invitation_pending";
  mfa: boolean;
  account_root_user_id: string;
  tags: string[];
  locked: boolean;
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
  return {
    organizationId: credentials.scalewayOrganizationId,
    organizationIds: new Set([credentials.scalewayOrganizationId]),
    defaultProjectId: credentials.scalewayProjectId,
    applications: new Map(),
    apiKeys: new Map(),
    apiKeySecrets: new Map(),
    users: new Map([[owner.id, owner]]),
  };
}
