import { z } from "zod";
import { NotFoundError, ServerError } from "../errors";
import type { HttpClient } from "../http";
import { path, write } from "./client";
import { PaymentInfoSchema, TaxAddressSchema } from "./organization";

/** As answered by `GET /profiles/{username}` (users/views.py). Users come from the identity manager: no POST, no DELETE. */
export const UserProfileSchema = z.object({
  username: z.string(),
  complete_name: z.string().nullish(),
  current_organization: z.string().nullish(),
  notification_url: z.string().nullish(),
  organizations: z.array(z.object({ name: z.string(), roles: z.array(z.string()) }).passthrough()).nullish(),
  roles: z.array(z.string()).nullish(),
  limits: z.record(z.string(), z.union([z.number(), z.string()])).nullish(),
  tax_address: TaxAddressSchema.nullish(),
  payment_info: z.union([PaymentInfoSchema, z.object({}).strict()]).nullish(),
});
export type UserProfile = z.infer<typeof UserProfileSchema>;

/**
 * An unknown username makes the view crash (an uncaught DoesNotExist, 500): reported as "no such user". Since that 500
 * is the server's answer, not a passing failure, it is retried once only; every other failure (429, 503, a lost
 * connection) gets the shared retry budget like any read.
 */
export async function getUserProfile(client: HttpClient, username: string): Promise<UserProfile> {
  let internalErrors = 0;
  const classify = (error: unknown) =>
    error instanceof ServerError && error.status === 500 ? (internalErrors++ < 1 ? "retry" : "no") : undefined;
  try {
    return UserProfileSchema.parse(await client.request({ method: "GET", path: path("profiles", username), classify }));
  } catch (error) {
    if (error instanceof ServerError && error.status === 500) {
      throw new NotFoundError({
        status: 404,
        code: "http_404",
        system: "fiware",
        method: "GET",
        path: path("profiles", username),
        message: `fiware: no user "${username}" in the store (it answers 500 for an unknown username)`,
      });
    }
    throw error;
  }
}

/** Absolute for `tax_address` and `payment_info`: callers send every managed field. */
export async function updateUserProfile(client: HttpClient, username: string, body: Record<string, unknown>) {
  await write(client, "PUT", path("profiles", username), body);
}
