import { randomHex, scalewayAccessKey, uuid } from "./ids";
import type { SandboxCredentials } from "./types";

/** Fresh credentials for one start, overridden field by field by the caller's. */
export function resolveCredentials(given: Partial<SandboxCredentials> = {}): SandboxCredentials {
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return {
    scalewaySecretKey: uuid(),
    scalewayAccessKey: scalewayAccessKey(),
    scalewayOrganizationId: uuid(),
    scalewayProjectId: uuid(),
    scalewayUserId: uuid(),
    numspotClientId: uuid(),
    numspotClientSecret: randomHex(24),
    numspotOrganisationId: uuid(),
    jujuApiKey: randomHex(16),
    // Sojobo names are lower-case letters, digits and hyphens.
    jujuUsername: `sandbox-${randomHex(3)}`,
    jujuPassword: randomHex(12),
    fiwareToken: randomHex(20),
    ...defined,
  };
}
