import { header, type Reply, type SandboxRequest } from "../http/request";
import type { SandboxCredentials } from "../types";
import { deniedAuthentication } from "./errors";
import type { ScalewayState } from "./state";

/**
 * `X-Auth-Token: <secret key>`: the sandbox's own secret key, or the secret of an API key created in the sandbox
 * (as on the real server, a key you create can be used at once, until it expires or is deleted).
 */
export function authenticateScaleway(
  request: SandboxRequest,
  credentials: SandboxCredentials,
  state: ScalewayState,
): Reply | undefined {
  const token = header(request, "x-auth-token");
  if (!token) return deniedAuthentication("invalid_argument");
  if (token === credentials.scalewaySecretKey) return undefined;
  for (const [accessKey, secret] of state.apiKeySecrets) {
    if (secret !== token) continue;
    const key = state.apiKeys.get(accessKey);
    if (!key) break;
    if (key.expires_at !== null && Date.parse(key.expires_at) <= Date.now()) return deniedAuthentication("expired");
    return undefined;
  }
  return deniedAuthentication("not_found");
}
