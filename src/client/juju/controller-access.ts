import { z } from "zod";
import type { HttpClient } from "../http";
import { segment } from "./client";

export const CONTROLLER_LEVELS = ["login", "add-model", "superuser"] as const;

/** One entry as documented: `{"<controller>": {access, models: [{"<model>": level}], type}}`. */
const EntrySchema = z.record(
  z.string(),
  z.object({
    access: z.string().nullish(),
    models: z.array(z.record(z.string(), z.string().nullish())).nullish(),
    type: z.string().nullish(),
  }),
);

export interface ControllerAccess {
  controller: string;
  access: string | null;
  type: string | null;
  models: { name: string; access: string | null }[];
}

function flatten(entry: z.infer<typeof EntrySchema>): ControllerAccess[] {
  return Object.entries(entry).map(([controller, value]) => ({
    controller,
    access: value.access ?? null,
    type: value.type ?? null,
    models: (value.models ?? []).flatMap((pair) =>
      Object.entries(pair).map(([name, access]) => ({ name, access: access ?? null })),
    ),
  }));
}

const base = (user: string) => `/users/${segment(user)}/controllers`;

export async function listControllerAccess(client: HttpClient, user: string): Promise<ControllerAccess[]> {
  const body = await client.request({ method: "GET", path: base(user) });
  return z
    .array(EntrySchema)
    .parse(body ?? [])
    .flatMap(flatten);
}

/** Undefined when the user has no access to the controller (the server answers null). */
export async function getControllerAccess(
  client: HttpClient,
  user: string,
  controller: string,
): Promise<ControllerAccess | undefined> {
  const body = await client.request({ method: "GET", path: `${base(user)}/${segment(controller)}` });
  if (body === null || body === undefined) return undefined;
  return flatten(EntrySchema.parse(body)).find((entry) => entry.controller === controller);
}

/** 202; the level lands later, or never (a model level here is accepted and then fails in the background). */
export async function setControllerAccess(
  client: HttpClient,
  user: string,
  controller: string,
  access: string,
): Promise<void> {
  await client.request({ method: "PUT", path: `${base(user)}/${segment(controller)}`, body: { access } });
}
