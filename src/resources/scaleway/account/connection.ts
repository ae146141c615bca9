import { accountClient } from "../../../client/scaleway/account";
import { setting } from "../../config";
import type { SystemAdapter } from "../../description";
import { ScalewayConnectionInput, scalewayConnectionFailures } from "../connection";

/** The legacy account API shares Scaleway's settings; its URL is `scaleway:accountApiUrl` / `SCW_ACCOUNT_API_URL`. */
function client(connection?: Record<string, string>) {
  return accountClient({
    apiUrl: setting("scaleway", "accountApiUrl", connection),
    secretKey: setting("scaleway", "secretKey", connection),
  });
}

/** Tokens: made from an email and password, read and deleted with themselves; no IAM key is needed. */
export const accountTokens: SystemAdapter = {
  name: "scaleway",
  connection: ScalewayConnectionInput,
  client,
  failures: () => [],
};

/** Organizations and invitations: authenticated with the IAM secret key. */
export const account: SystemAdapter = {
  name: "scaleway",
  connection: ScalewayConnectionInput,
  client,
  failures: (connection) => scalewayConnectionFailures(connection),
};
