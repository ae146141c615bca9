import { z } from "zod";
import type { HttpClient } from "../http";
import { segment } from "./client";

export const MODEL_LEVELS = ["read", "write", "admin"] as const;

/** Documented `{name, access}`; the real server may answer `{access}` alone: both are read alike. */
const ModelAccessSchema = z.object({ name: z.string().nullish(), access: z.string().nullish() });

const path = (user: string, controller: string, model: string) =>
  `/users/${segment(user)}/controllers/${segment(controller)}/models/${segment(model)}`;

/** The user's level on the model, or null when it has none. */
export async function getModelAccess(
  client: HttpClient,
  user: string,
  controller: string,
  model: string,
): Promise<string | null> {
  const body = await client.request({ method: "GET", path: path(user, controller, model) });
  if (body === null || body === undefined) return null;
  return ModelAccessSchema.parse(body).access ?? null;
}

/** 202 (the document says 200); the level lands later, or never (a controller level here never lands). */
export async function setModelAccess(
  client: HttpClient,
  user: string,
  controller: string,
  model: string,
  access: string,
): Promise<void> {
  await client.request({ method: "PUT", path: path(user, controller, model), body: { access } });
}

/** Immediate (200 with the models left on that controller). */
export async function removeModelAccess(
  client: HttpClient,
  user: string,
  controller: string,
  model: string,
): Promise<void> {
  await client.request({ method: "DELETE", path: path(user, controller, model) });
}
