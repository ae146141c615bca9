import type { Timeline } from "../clock";
import type { SandboxCredentials } from "../types";

export type ControllerLevel = "login" | "add-model" | "superuser";
export type ModelLevel = "read" | "write" | "admin";
export const CONTROLLER_LEVELS: readonly ControllerLevel[] = ["login", "add-model", "superuser"];
export const MODEL_LEVELS: readonly ModelLevel[] = ["read", "write", "admin"];

export interface ModelAccessRecord {
  name: string;
  access: ModelLevel;
}

/** One controller in a user's record: Sojobo keeps access in the user's record, not in Juju's own tables. */
export interface ControllerAccessRecord {
  name: string;
  access: ControllerLevel;
  models: ModelAccessRecord[];
}

/** The credential as Sojobo stores it; `key` is the cloud-specific content, shown in clear by every read. */
export interface CredentialRecord {
  name: string;
  type: string;
  key: unknown;
}

export interface JujuUserRecord {
  /** Lower-cased on the way in, as the server does. */
  name: string;
  password: string;
  /** false once DELETE /users/{u} disabled the user; the name can then never be created again. */
  active: boolean;
  sshKeys: string[];
  credentials: CredentialRecord[];
  controllers: ControllerAccessRecord[];
}

export interface ControllerRecord {
  name: string;
  /** The cloud type (google, aws, lxd, ...). */
  type: string;
  models: string[];
}

export type ChangeKind =
  | "add-ssh-key"
  | "remove-ssh-key"
  | "add-credential"
  | "remove-credential"
  | "controller-access"
  | "model-access";

/** pending, then landed or failed; a failed change never lands, so the old value stays for ever. */
export type ChangeStatus = "pending" | "landed" | "failed";

/**
 * A change that a 202 answer started. The real server hands it to a background script; here it is applied the
 * first time the sandbox is touched after its timeline settled (see changes.ts), so nothing runs in the background.
 */
export interface PendingChange {
  id: number;
  kind: ChangeKind;
  user: string;
  /** What the change does, for tests and logs; never a secret. */
  description: string;
  timeline: Timeline<ChangeStatus>;
  apply(user: JujuUserRecord): void;
}

export interface JujuState {
  /** By lower-cased name, including disabled users. */
  users: Map<string, JujuUserRecord>;
  controllers: Map<string, ControllerRecord>;
  /** Started by 202 answers and not yet settled. */
  pending: PendingChange[];
  /** Settled changes, oldest first, so a test can see what landed and what failed. */
  history: { change: PendingChange; status: "landed" | "failed" }[];
  /** The user the sandbox's BasicAuth credentials log in as (Sojobo's JUJU_ADMIN_USER). */
  admin: string;
  nextChangeId: number;
  /** Counts GETs of one model access, to alternate the two answer shapes. */
  modelAccessReads: number;
}

export interface SeedController {
  name: string;
  type: string;
  models: readonly string[];
}

export const DEFAULT_CONTROLLERS: readonly SeedController[] = [
  { name: "eurostack", type: "google", models: ["controller", "default"] },
];

/** Cloud types a credential may name when no controller of that type exists yet. */
export const DEFAULT_CLOUD_TYPES: readonly string[] = ["google", "aws", "azure", "openstack", "lxd", "manual"];

/** How long a 202 change takes to land: fixed, drawn uniformly from `[min, max]`, or per change. */
export type ChangeDelay = number | readonly [number, number] | ((kind: ChangeKind, user: string) => number);

/**
 * Which shape `GET /users/{u}/controllers/{c}/models/{m}` answers: `{name, access}` as documented, `{access}` as
 * DESIGN.md §2.4 says the real server may, or the two in turn (first documented, then the other, and so on).
 */
export type ModelAccessShape = "name-and-access" | "access-only" | "alternate";

/** Settings of the emulated Sojobo (`startSandbox({ juju: { ... } })`). */
export interface JujuSandboxOptions {
  /** How long a 202 change (ssh key, credential, access) takes to become visible (default 1000 ms). */
  changeDelayMs?: ChangeDelay;
  /** Probability that a 202 change fails in the background and never lands (default 0). */
  failureRate?: number;
  /** Default "alternate", so every client meets both shapes. */
  modelAccessShape?: ModelAccessShape;
  /** Controllers and their models (default one controller `eurostack` of type google with `controller`, `default`). */
  controllers?: readonly SeedController[];
  /** Cloud types credentials may have, beside those of the controllers (default DEFAULT_CLOUD_TYPES). */
  cloudTypes?: readonly string[];
  /** Source of randomness for failures and delay ranges (default Math.random). */
  random?: () => number;
}

export function createJujuState(credentials: SandboxCredentials): JujuState {
  const state: JujuState = {
    users: new Map(),
    controllers: new Map(),
    pending: [],
    history: [],
    admin: credentials.jujuUsername.toLowerCase(),
    nextChangeId: 1,
    modelAccessReads: 0,
  };
  seedControllers(state, DEFAULT_CONTROLLERS, credentials.jujuPassword);
  return state;
}

/**
 * Replaces the controllers and gives the admin superuser on each and admin on every model, as bootstrapping a
 * controller through Sojobo does (w_juju.create_controller). Other users keep only the access to controllers that
 * still exist.
 */
export function seedControllers(state: JujuState, controllers: readonly SeedController[], adminPassword: string) {
  state.controllers.clear();
  for (const seed of controllers) {
    state.controllers.set(seed.name, { name: seed.name, type: seed.type, models: [...seed.models] });
  }
  for (const user of state.users.values()) {
    user.controllers = user.controllers.filter((access) => state.controllers.has(access.name));
  }
  const admin = state.users.get(state.admin);
  state.users.set(state.admin, {
    name: state.admin,
    password: admin?.password ?? adminPassword,
    active: true,
    sshKeys: admin?.sshKeys ?? [],
    credentials: admin?.credentials ?? [],
    controllers: controllers.map((seed) => ({
      name: seed.name,
      access: "superuser",
      models: seed.models.map((model) => ({ name: model, access: "admin" })),
    })),
  });
}
