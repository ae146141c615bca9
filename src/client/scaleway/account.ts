import { z } from "zod";
import { HttpClient } from "../http";

export const SCALEWAY_ACCOUNT_API_URL = "https://account.scaleway.com";

/**
 * Every legacy token this process has seen. A token's id is the bearer credential: it is masked in every error of
 * every account client (it appears in paths such as /tokens/{id}).
 */
const knownTokens = new Set<string>();

export function rememberToken(token: string): void {
  knownTokens.add(token);
}

export interface AccountConnection {
  readonly apiUrl?: string;
  /** An IAM secret key, sent as X-Auth-Token when set; otherwise calls on a token authenticate with the token. */
  readonly secretKey?: string;
}

const clients = new Map<string, HttpClient>();

export function accountClient(connection: AccountConnection): HttpClient {
  const baseUrl = (connection.apiUrl ?? SCALEWAY_ACCOUNT_API_URL).replace(/\/+$/, "");
  const key = `${baseUrl}\n${connection.secretKey ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    client = new HttpClient({
      system: "account",
      baseUrl,
      authHeaders: (): Record<string, string> => (connection.secretKey ? { "X-Auth-Token": connection.secretKey } : {}),
      secrets: () => [...(connection.secretKey ? [connection.secretKey] : []), ...knownTokens],
    });
    clients.set(key, client);
  }
  return client;
}

/** apib: Token. `id` is the credential. */
export const TokenSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  creation_date: z.string().nullish(),
  expires: z.string().nullable(),
  inherits_user_perms: z.boolean().optional(),
  permissions: z.array(z.unknown()).optional(),
  roles: z.array(z.unknown()).optional(),
});
export type Token = z.infer<typeof TokenSchema>;
const TokenAnswer = z.object({ token: TokenSchema });

const tokenPath = (token: string) => `/tokens/${encodeURIComponent(token)}`;
/** Without an IAM key, a token authenticates calls on itself. */
const asToken = (token: string) => ({ "X-Auth-Token": token });

/** Logs in (no X-Auth-Token). Not idempotent: a lost answer leaves a token nobody knows, which expires by itself. */
export async function createToken(
  client: HttpClient,
  body: { email: string; password: string; expires?: boolean },
): Promise<Token> {
  const { token } = TokenAnswer.parse(await client.request({ method: "POST", path: "/tokens", body }));
  rememberToken(token.id);
  return token;
}

export async function getToken(client: HttpClient, token: string): Promise<Token> {
  rememberToken(token);
  return TokenAnswer.parse(await client.request({ method: "GET", path: tokenPath(token), headers: asToken(token) }))
    .token;
}

export async function deleteToken(client: HttpClient, token: string): Promise<void> {
  rememberToken(token);
  await client.request({ method: "DELETE", path: tokenPath(token), headers: asToken(token) });
}

/** service → resource pattern → the organizations or users it covers. */
export const TokenPermissionsSchema = z.object({
  permissions: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
});

export async function getTokenPermissions(client: HttpClient, token: string) {
  rememberToken(token);
  const body = await client.request({
    method: "GET",
    path: `${tokenPath(token)}/permissions`,
    headers: asToken(token),
  });
  return TokenPermissionsSchema.parse(body).permissions;
}

export const OrganizationSchema = z.object({ id: z.string(), name: z.string() }).passthrough();
export type Organization = z.infer<typeof OrganizationSchema>;

export async function listOrganizations(client: HttpClient, headers?: Record<string, string>): Promise<Organization[]> {
  const body = await client.request({ method: "GET", path: "/organizations", headers });
  return z.object({ organizations: z.array(OrganizationSchema) }).parse(body).organizations;
}

/** apib: Invitation. */
export const InviteSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstname: z.string().nullish(),
  lastname: z.string().nullish(),
  status: z.string().nullish(),
});
export type Invite = z.infer<typeof InviteSchema>;

const invitesPath = (organizationId: string) => `/organizations/${encodeURIComponent(organizationId)}/invites`;

export async function createInvite(
  client: HttpClient,
  organizationId: string,
  body: { email: string; firstname: string; lastname: string },
  recover?: () => Promise<Invite | undefined>,
): Promise<Invite> {
  // After a lost answer, the invitation is looked for before anything is re-sent (a second one is refused); a found
  // one stands in for the answer, which wraps it as `{invite}`.
  const lookUp = async () => {
    const invite = await recover?.();
    return invite && { invite };
  };
  const answer = await client.request({
    method: "POST",
    path: invitesPath(organizationId),
    body,
    ...(recover && { recover: lookUp }),
  });
  return z.object({ invite: InviteSchema }).parse(answer).invite;
}

export async function listInvites(client: HttpClient, organizationId: string): Promise<Invite[]> {
  const answer = await client.request({ method: "GET", path: invitesPath(organizationId) });
  return z.object({ invites: z.array(InviteSchema) }).parse(answer).invites;
}

/** apib: User. */
export const LegacyUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    firstname: z.string().nullish(),
    lastname: z.string().nullish(),
    fullname: z.string().nullish(),
    organizations: z.array(OrganizationSchema).nullish(),
    roles: z.array(z.unknown()).nullish(),
  })
  .passthrough();

export async function getLegacyUser(client: HttpClient, id: string) {
  const answer = await client.request({ method: "GET", path: `/users/${encodeURIComponent(id)}` });
  return z.object({ user: LegacyUserSchema }).parse(answer).user;
}
