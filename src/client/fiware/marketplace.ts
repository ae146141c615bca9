import { z } from "zod";
import type { HttpClient } from "../http";
import { notFound, path, write } from "./client";

/** As listed (markets/views.py); credentials are never shown. There is no GET of one marketplace and no PUT. */
export const MarketplaceSchema = z.object({ name: z.string(), host: z.string(), api_version: z.coerce.number() });
export type Marketplace = z.infer<typeof MarketplaceSchema>;

/** `api_version` must be a digit string: the documented number makes the server crash (500). */
export interface MarketplaceRequest {
  name: string;
  host: string;
  api_version: string;
  credentials?: { username: string; passwd: string };
}

export async function listMarketplaces(client: HttpClient): Promise<Marketplace[]> {
  return z.array(MarketplaceSchema).parse(await client.request({ method: "GET", path: path("marketplaces") }));
}

export async function getMarketplace(client: HttpClient, name: string): Promise<Marketplace> {
  const found = (await listMarketplaces(client)).find((market) => market.name === name);
  if (!found) throw notFound(`marketplace named "${name}"`, path("marketplaces"));
  return found;
}

export async function createMarketplace(
  client: HttpClient,
  body: MarketplaceRequest,
  recover: () => Promise<unknown>,
): Promise<Marketplace> {
  await write(client, "POST", path("marketplaces"), body, recover);
  return getMarketplace(client, body.name);
}

export async function deleteMarketplace(client: HttpClient, name: string): Promise<void> {
  await client.request({ method: "DELETE", path: path("marketplaces", name) });
}
