import { z } from "zod";
import type { HttpClient } from "../http";
import { segment } from "./client";

/** As GET /users/{u} answers (spec: /users/[user]); `key` of a credential is cloud-specific content, in clear. */
export const UserSchema = z.object({
  name: z.string(),
  active: z.boolean().optional().default(true),
  credentials: z
    .array(z.object({ name: z.string(), type: z.string().nullish(), key: z.unknown() }))
    .nullish()
    .transform((value) => value ?? []),
  ssh_keys: z
    .array(z.string())
    .nullish()
    .transform((value) => value ?? []),
  controllers: z
    .array(
      z.object({
        name: z.string(),
        access: z.string().nullish(),
        models: z
          .array(z.object({ name: z.string(), access: z.string().nullish() }))
          .nullish()
          .transform((value) => value ?? []),
      }),
    )
    .nullish()
    .transform((value) => value ?? []),
});
export type User = z.infer<typeof UserSchema>;

const one = (name: string) => `/users/${segment(name)}`;

export async function getUser(client: HttpClient, name: string): Promise<User> {
  return UserSchema.parse(await client.request({ method: "GET", path: one(name) }));
}

/** Active users only (disabled ones are left out by the server). A non-admin login gets its own record, not a list. */
export async function listUsers(client: HttpClient): Promise<User[]> {
  const body = await client.request({ method: "GET", path: "/users" });
  return Array.isArray(body) ? body.map((user) => UserSchema.parse(user)) : [UserSchema.parse(body)];
}

/**
 * 200 with a sentence; 409 for an existing name, disabled ones included (for ever). POST is not idempotent: after a
 * lost answer, `recover` looks for the user before anything is re-sent.
 */
export async function createUser(
  client: HttpClient,
  name: string,
  password: string,
  recover?: () => Promise<unknown>,
): Promise<void> {
  await client.request({ method: "POST", path: "/users", body: { username: name, password }, recover });
}

/** The server's reactivate_user (not in the document): the only way back for a disabled name. */
export async function enableUser(client: HttpClient, name: string): Promise<void> {
  await client.request({ method: "PUT", path: "/users", body: { username: name } });
}

export async function setPassword(client: HttpClient, name: string, password: string): Promise<void> {
  await client.request({ method: "PUT", path: one(name), body: { password } });
}

/** Only disables: the record stays, with no access, and the name answers 409 to every later create. */
export async function disableUser(client: HttpClient, name: string): Promise<void> {
  await client.request({ method: "DELETE", path: one(name) });
}
