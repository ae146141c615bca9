import { z } from "zod";
import type { HttpClient } from "../http";
import { segment } from "./client";

const path = (user: string) => `/users/${segment(user)}/ssh`;

/** The document answers 202 here too (the v1.0.0 code 200): any 2xx with a list of key strings. */
export async function listSshKeys(client: HttpClient, user: string): Promise<string[]> {
  return z.array(z.string()).parse((await client.request({ method: "GET", path: path(user) })) ?? []);
}

/** 202 "Process being handeled": the key appears later, or never; the server de-duplicates exact strings only. */
export async function addSshKey(client: HttpClient, user: string, key: string): Promise<void> {
  await client.request({ method: "POST", path: path(user), body: { "ssh-key": key }, idempotent: true });
}

/** 202: the exact string is removed later, or never. */
export async function removeSshKey(client: HttpClient, user: string, key: string): Promise<void> {
  await client.request({ method: "DELETE", path: path(user), body: { "ssh-key": key } });
}
