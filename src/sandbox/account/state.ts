/** A legacy token: `id` is the bearer credential itself (X-Auth-Token), so it is never logged or shown in errors. */
export interface LegacyTokenRecord {
  id: string;
  user_id: string;
  creation_date: string;
  /** Epoch ms; null for a token created with `expires: false`. */
  expiresAt: number | null;
}

export interface InviteRecord {
  id: string;
  organization_id: string;
  email: string;
  firstname: string;
  lastname: string;
  status: "pending";
}

export interface LegacyAccountSettings {
  /** Lifetime of a new expiring token (default 30 minutes; PATCH adds 30 minutes to the expiry). */
  tokenTtlMs: number;
}

/** Kept inside the Scaleway state: the legacy API shares the organization, its users and their passwords. */
export interface LegacyAccountState {
  tokens: Map<string, LegacyTokenRecord>;
  invites: Map<string, InviteRecord>;
  /** Organization id → name, for GET /organizations (ids without a name are shown as "sandbox"). */
  organizationNames: Map<string, string>;
  settings: LegacyAccountSettings;
}

export const TOKEN_EXTENSION_MS = 30 * 60_000;

export function createLegacyAccountState(): LegacyAccountState {
  return {
    tokens: new Map(),
    invites: new Map(),
    organizationNames: new Map(),
    settings: { tokenTtlMs: TOKEN_EXTENSION_MS },
  };
}
