import { z } from "zod";
import type { HttpClient } from "../http";
import { notFound, path, write } from "./client";

/** As listed (repositories/views.py). There is no GET of one repository and no PUT. */
export const RepositorySchema = z.object({
  name: z.string(),
  host: z.string(),
  is_default: z.boolean(),
  offering_collection: z.string(),
  resource_collection: z.string(),
  api_version: z.coerce.number(),
});
export type Repository = z.infer<typeof RepositorySchema>;

/** One object (not the documented list); `api_version` a digit string. */
export interface RepositoryRequest {
  name: string;
  host: string;
  api_version: string;
  offering_collection: string;
  resource_collection: string;
  is_default?: boolean;
}

export async function listRepositories(client: HttpClient): Promise<Repository[]> {
  return z.array(RepositorySchema).parse(await client.request({ method: "GET", path: path("repositories") }));
}

export async function getRepository(client: HttpClient, name: string): Promise<Repository> {
  const found = (await listRepositories(client)).find((repository) => repository.name === name);
  if (!found) throw notFound(`repository named "${name}"`, path("repositories"));
  return found;
}

export async function createRepository(
  client: HttpClient,
  body: RepositoryRequest,
  recover: () => Promise<unknown>,
): Promise<Repository> {
  await write(client, "POST", path("repositories"), body, recover);
  return getRepository(client, body.name);
}

/** `POST /repositories/{name}/default` (undocumented): makes it the default; the old default stops being one. */
export async function makeDefaultRepository(client: HttpClient, name: string): Promise<void> {
  await client.request({ method: "POST", path: `${path("repositories", name)}/default`, idempotent: true });
}

export async function deleteRepository(client: HttpClient, name: string): Promise<void> {
  await client.request({ method: "DELETE", path: path("repositories", name) });
}
