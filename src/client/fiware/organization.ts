import { z } from "zod";
import type { HttpClient } from "../http";
import { path, write } from "./client";

export const TaxAddressSchema = z.object({
  street: z.unknown(),
  postal: z.unknown(),
  city: z.unknown(),
  country: z.unknown(),
});

/** The card as shown: the number masked ("xxxxxxxxxxxx" and the last four digits). */
export const PaymentInfoSchema = z.object({
  type: z.unknown(),
  number: z.string(),
  expire_year: z.unknown(),
  expire_month: z.unknown(),
  cvv2: z.unknown(),
});

/** As answered by `GET /organizations/{name}` (organizations/views.py); there is no DELETE. */
export const OrganizationSchema = z.object({
  name: z.string(),
  notification_url: z.string().nullish(),
  tax_address: TaxAddressSchema.nullish(),
  payment_info: PaymentInfoSchema.nullish(),
  limits: z.record(z.string(), z.union([z.number(), z.string()])).nullish(),
  is_manager: z.boolean().optional(),
});
export type Organization = z.infer<typeof OrganizationSchema>;

export async function listOrganizations(client: HttpClient): Promise<Organization[]> {
  return z.array(OrganizationSchema).parse(await client.request({ method: "GET", path: path("organizations") }));
}

export async function getOrganization(client: HttpClient, name: string): Promise<Organization> {
  return OrganizationSchema.parse(await client.request({ method: "GET", path: path("organizations", name) }));
}

export async function createOrganization(
  client: HttpClient,
  body: Record<string, unknown> & { name: string },
  recover: () => Promise<unknown>,
): Promise<Organization> {
  await write(client, "POST", path("organizations"), body, recover);
  return getOrganization(client, body.name);
}

/**
 * Absolute for `tax_address` and `payment_info`: omitted, the server erases them. Callers send every managed field.
 */
export async function updateOrganization(client: HttpClient, name: string, body: Record<string, unknown>) {
  await write(client, "PUT", path("organizations", name), body);
}
