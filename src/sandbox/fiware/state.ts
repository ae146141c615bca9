import { randomHex } from "../ids";
import type { SandboxCredentials } from "../types";

/**
 * How the stand-in remote system answers the calls WStore makes while it registers, updates or deletes an entity:
 * `success`, an HTTP 401 or 502 from the remote, or `unreachable` (the connection is refused).
 */
export type RemoteAnswer = "success" | 401 | 502 | "unreachable";

/** One call WStore made to a remote RSS or Marketplace, in order, for tests to check what was sent. */
export interface RemoteCall {
  remote: "rss" | "marketplace";
  operation: string;
  host: string;
  answer: RemoteAnswer;
}

/** Expenditure limits as WStore stores them: the values it accepted as floats, plus the currency. */
export type Limits = Record<string, number | string>;

export interface RssRecord {
  name: string;
  /** Always ends with "/": WStore appends it. */
  host: string;
  api_version: number;
  expenditure_limits: Limits;
  /** `percentage` is shown as a string (a Decimal with two places) by every GET. */
  revenue_models: { revenue_class: string; percentage: number }[];
}

export interface MarketplaceRecord {
  name: string;
  host: string;
  api_version: number;
  /** Never shown by the API. */
  credentials: { username: unknown; passwd: unknown } | null;
}

export interface RepositoryRecord {
  name: string;
  host: string;
  is_default: boolean;
  offering_collection: string;
  resource_collection: string;
  api_version: number;
}

export interface UnitRecord {
  name: string;
  /** Lower-cased by the server. */
  defined_model: string;
  renovation_period?: unknown;
}

export interface CurrencyEntry {
  currency: string;
  /** Set out of band by tests (an offering uses the currency): such a currency cannot be deleted. */
  in_use: boolean;
}

/** WStore keeps currencies in one context document: the allowed list and the default, by name. */
export interface CurrencyState {
  allowed: CurrencyEntry[];
  /** Absent until the first currency is registered; kept with the case it was given in. */
  default?: string;
}

export interface TaxAddress {
  street: unknown;
  postal: unknown;
  city: unknown;
  country: unknown;
}

export interface PaymentInfo {
  type: unknown;
  number: string;
  expire_year: unknown;
  expire_month: unknown;
  cvv2: unknown;
}

export interface OrganizationRecord {
  name: string;
  notification_url: string | null;
  tax_address: TaxAddress | Record<string, never>;
  payment_info: PaymentInfo | Record<string, never>;
  expenditure_limits: Limits;
  /** Usernames. */
  managers: string[];
  /** Every user's own organization is private: listed nowhere, readable by name. */
  private: boolean;
}

export interface UserRecord {
  username: string;
  /** The bearer token that authenticates as this user. */
  token: string;
  staff: boolean;
  complete_name: string;
  tax_address: TaxAddress | Record<string, never>;
  payment_info: PaymentInfo | Record<string, never>;
  /** Membership by organization name; the user's own (private) organization comes first. */
  organizations: { organization: string; roles: string[] }[];
  current_organization: string;
  provider_requested: boolean;
}

/** Everything the emulated WStore holds; tests read and change it out of band. Maps keep insertion order. */
export interface FiwareState {
  users: Map<string, UserRecord>;
  /** The username of the staff (admin) user whose token is `credentials.fiwareToken`. */
  adminUsername: string;
  /** A second, non-staff user's token: staff-only operations answer 403 to it. */
  nonStaffToken: string;
  rss: Map<string, RssRecord>;
  marketplaces: Map<string, MarketplaceRecord>;
  repositories: Map<string, RepositoryRecord>;
  units: Map<string, UnitRecord>;
  currencies: CurrencyState;
  organizations: Map<string, OrganizationRecord>;
  /** What the stand-in remote RSS and Marketplaces answer next; change it at any time. */
  remote: { rss: RemoteAnswer; marketplace: RemoteAnswer };
  remoteCalls: RemoteCall[];
}

/** Settings of the emulated WStore (`startSandbox({ fiware: { ... } })`). */
export interface FiwareSandboxOptions {
  /** Source of randomness for this system's failure rates (default Math.random). */
  random?: () => number;
  /** The non-staff user's bearer token (default: random per start). */
  nonStaffToken?: string;
  /** What the stand-in remote RSS answers (default "success"); also `sandbox.state.fiware.remote.rss`. */
  remoteRss?: RemoteAnswer;
  /** What the stand-in remote Marketplaces answer (default "success"). */
  remoteMarketplace?: RemoteAnswer;
}

export const ADMIN_USERNAME = "sandbox-admin";
export const NON_STAFF_USERNAME = "sandbox-user";

export function createFiwareState(credentials: SandboxCredentials, options: FiwareSandboxOptions = {}): FiwareState {
  const nonStaffToken = options.nonStaffToken ?? randomHex(20);
  const users = new Map<string, UserRecord>();
  const organizations = new Map<string, OrganizationRecord>();
  const people: Array<[string, string, boolean, string[]]> = [
    [ADMIN_USERNAME, credentials.fiwareToken, true, ["provider", "customer"]],
    [NON_STAFF_USERNAME, nonStaffToken, false, ["customer"]],
  ];
  for (const [username, token, staff, roles] of people) {
    users.set(username, {
      username,
      token,
      staff,
      complete_name: username,
      tax_address: {},
      payment_info: {},
      organizations: [{ organization: username, roles }],
      current_organization: username,
      provider_requested: false,
    });
    organizations.set(username, {
      name: username,
      notification_url: null,
      tax_address: {},
      payment_info: {},
      expenditure_limits: {},
      managers: [username],
      private: true,
    });
  }
  return {
    users,
    adminUsername: ADMIN_USERNAME,
    nonStaffToken,
    rss: new Map(),
    marketplaces: new Map(),
    repositories: new Map(),
    units: new Map(),
    currencies: { allowed: [] },
    organizations,
    remote: { rss: options.remoteRss ?? "success", marketplace: options.remoteMarketplace ?? "success" },
    remoteCalls: [],
  };
}
