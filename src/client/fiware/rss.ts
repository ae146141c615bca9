import { z } from "zod";
import { BadRequestError } from "../errors";
import type { HttpClient } from "../http";
import { notFound, path, write } from "./client";

/**
 * As WStore 4.4 answers (rss/views.py): one object per RSS; `host` ends with "/"; `api_version` is a number; revenue
 * models read back under `revenue_class` with the percentage as a two-decimal string ("10.00"). The document's
 * `is_default` is in no answer.
 */
export const RssSchema = z.object({
  name: z.string(),
  host: z.string(),
  api_version: z.coerce.number(),
  limits: z.record(z.string(), z.union([z.number(), z.string()])).nullish(),
  models: z.array(z.object({ revenue_class: z.string(), percentage: z.union([z.string(), z.number()]) })).nullish(),
});
export type Rss = z.infer<typeof RssSchema>;

/** POST takes one object (the document shows a list); models are written with the key `class`. */
export interface RssRequest {
  name?: string;
  host?: string;
  api_version?: number;
  limits?: Record<string, number | string>;
  models?: { class: string; percentage: number }[];
}

export async function listRss(client: HttpClient): Promise<Rss[]> {
  return z.array(RssSchema).parse(await client.request({ method: "GET", path: path("rss") }));
}

/** An unknown RSS answers 400 "Invalid request" (not 404): gone all the same. */
export async function getRss(client: HttpClient, name: string): Promise<Rss> {
  try {
    return RssSchema.parse(await client.request({ method: "GET", path: path("rss", name) }));
  } catch (error) {
    if (error instanceof BadRequestError) throw notFound(`RSS named "${name}"`, path("rss", name));
    throw error;
  }
}

export async function createRss(client: HttpClient, body: RssRequest, recover: () => Promise<unknown>): Promise<Rss> {
  await write(client, "POST", path("rss"), body, recover);
  return getRss(client, body.name!);
}

/** Changes name, limits and models; the server ignores host and api_version here. */
export async function updateRss(client: HttpClient, name: string, body: RssRequest): Promise<void> {
  await write(client, "PUT", path("rss", name), body);
}

export async function deleteRss(client: HttpClient, name: string): Promise<void> {
  await client.request({ method: "DELETE", path: path("rss", name) });
}
