import { z } from "zod";
import type { HttpClient } from "../http";
import { notFound, path, write } from "./client";

/** As listed (admin/views.py CurrencyCollection): names compare case-insensitively. */
export const CurrencySchema = z.object({ currency: z.string(), default: z.boolean() });
export type Currency = z.infer<typeof CurrencySchema>;

export async function listCurrencies(client: HttpClient): Promise<Currency[]> {
  return z.array(CurrencySchema).parse(await client.request({ method: "GET", path: path("currency") }));
}

export async function getCurrency(client: HttpClient, name: string): Promise<Currency> {
  const found = (await listCurrencies(client)).find((entry) => entry.currency.toLowerCase() === name.toLowerCase());
  if (!found) throw notFound(`currency "${name}"`, path("currency"));
  return found;
}

export async function createCurrency(
  client: HttpClient,
  body: { currency: string; default?: boolean },
  recover: () => Promise<unknown>,
): Promise<Currency> {
  await write(client, "POST", path("currency"), body, recover);
  return getCurrency(client, body.currency);
}

/** `PUT /currency/{c}` with no body makes it the default (the only change the API offers). */
export async function makeDefaultCurrency(client: HttpClient, name: string): Promise<void> {
  await client.request({ method: "PUT", path: path("currency", name) });
}

/** 403 for the default currency and for one an offering uses. */
export async function deleteCurrency(client: HttpClient, name: string): Promise<void> {
  await client.request({ method: "DELETE", path: path("currency", name) });
}
