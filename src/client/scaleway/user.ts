import { z } from "zod";
import type { HttpClient, QueryValue } from "../http";
import { IAM_PREFIX } from "./client";
import { scalewayCollection } from "./collection";

/** As the API answers (spec: scaleway.iam.v1alpha1.User). The password is never in an answer. */
export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  username: z.string(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  phone_number: z.string().optional(),
  locale: z.string().optional(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  organization_id: z.string(),
  deletable: z.boolean(),
  last_login_at: z.string().nullable(),
  /** "guest" is answered for a user created with `email` alone, though the spec's enum does not list it. */
  type: z.string(),
  two_factor_enabled: z.boolean().optional(),
  status: z.string(),
  mfa: z.boolean(),
  account_root_user_id: z.string().optional(),
  tags: z.array(z.string()).nullish(),
  locked: z.boolean(),
});
export type User = z.infer<typeof UserSchema>;

export const ListUsersSchema = z.object({ users: z.array(UserSchema), total_count: z.number().int() });

const users = scalewayCollection<User, Record<string, unknown>, Record<string, unknown>, Record<string, QueryValue>>({
  path: "users",
  listKey: "users",
  schema: UserSchema,
});

export const getUser = users.get;
export const listUsers = users.list;
export const createUser = users.create;
export const updateUser = users.update;
export const deleteUser = users.delete;

const action = (id: string, name: string) => `${IAM_PREFIX}/users/${encodeURIComponent(id)}/${name}`;

export async function updateUsername(client: HttpClient, id: string, username: string): Promise<User> {
  return UserSchema.parse(
    await client.request({ method: "POST", path: action(id, "update-username"), body: { username }, idempotent: true }),
  );
}

/** The password is only ever in this request's body (redacted from errors by the caller's client). */
export async function updatePassword(client: HttpClient, id: string, password: string): Promise<User> {
  return UserSchema.parse(
    await client.request({ method: "POST", path: action(id, "update-password"), body: { password }, idempotent: true }),
  );
}
