import { z } from "zod";
import type { HttpClient } from "../http";
import { notFound, path, write } from "./client";

/** As listed (admin/views.py UnitCollection): the only routes are GET and POST on the collection. */
export const UnitSchema = z.object({
  name: z.string(),
  defined_model: z.string(),
  renovation_period: z.union([z.number(), z.string()]).nullish(),
});
export type Unit = z.infer<typeof UnitSchema>;

export interface UnitRequest {
  name: string;
  defined_model: string;
  renovation_period?: number;
}

export async function listUnits(client: HttpClient): Promise<Unit[]> {
  return z.array(UnitSchema).parse(await client.request({ method: "GET", path: path("units") }));
}

export async function getUnit(client: HttpClient, name: string): Promise<Unit> {
  const found = (await listUnits(client)).find((unit) => unit.name === name);
  if (!found) throw notFound(`unit named "${name}"`, path("units"));
  return found;
}

/** A duplicate answers 400 "The unit already exists", surfaced as a ConflictError (client.ts). */
export async function createUnit(
  client: HttpClient,
  body: UnitRequest,
  recover: () => Promise<unknown>,
): Promise<Unit> {
  await write(client, "POST", path("units"), body, recover);
  return getUnit(client, body.name);
}
