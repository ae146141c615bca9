import { z } from "zod";
import type { HttpClient } from "../http";
import { segment } from "./client";

/** As GET /users/{u}/credentials answers: the content (`key`) is shown in clear. */
export const CredentialSchema = z.object({ name: z.string(), type: z.string().nullish(), key: z.unknown() });
export type Credential = z.infer<typeof CredentialSchema>;

const path = (user: string) => `/users/${segment(user)}/credentials`;

/** The document answers 202 for this GET (the v1.0.0 code 200): any 2xx. */
export async function listCredentials(client: HttpClient, user: string): Promise<Credential[]> {
  return z.array(CredentialSchema).parse((await client.request({ method: "GET", path: path(user) })) ?? []);
}

/**
 * 202; lands later or never. The server de-duplicates by exact content only: the same name with another content is
 * a second credential of that name, so callers look before they add.
 */
export async function addCredential(
  client: HttpClient,
  user: string,
  credential: { name: string; type: string; key: unknown },
): Promise<void> {
  await client.request({
    method: "POST",
    path: path(user),
    body: { name: credential.name, c_type: credential.type, credentials: credential.key },
    // Exact content is de-duplicated: sending it again after a lost answer adds nothing.
    idempotent: true,
  });
}

/**
 * 202; removes the first credential of that name, later or never. Not re-sent after a lost answer: a second removal
 * landing after a new credential of the name was added would remove that one (the caller's wait decides).
 */
export async function removeCredential(client: HttpClient, user: string, name: string): Promise<void> {
  await client.request({ method: "DELETE", path: path(user), body: { name }, idempotent: false });
}
