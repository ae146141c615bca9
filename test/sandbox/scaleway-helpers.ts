import type { Sandbox } from "../../src/sandbox";

export interface LegacyAnswer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** A call to the legacy account API with `token` as X-Auth-Token (default: the sandbox's secret key; null: none). */
export async function account(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = sandbox.credentials.scalewaySecretKey,
): Promise<LegacyAnswer> {
  const headers: Record<string, string> = {};
  if (token !== null) headers["x-auth-token"] = token;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${sandbox.urls.account}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: any;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** A call to any path of the Scaleway origin (e.g. /account/v3/projects), with the sandbox's secret key. */
export async function scwPath(sandbox: Sandbox, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { "x-auth-token": sandbox.credentials.scalewaySecretKey };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${sandbox.urls.scaleway}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as any), text };
}

/** A real ed25519 public key (from the recorded traffic) and the fingerprint the real server gave it. */
export const ED25519_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO";
export const ED25519_FINGERPRINT = "256 MD5:6b:cd:72:8a:ae:45:24:4b:2b:72:f6:d0:6a:8d:16:06 (ssh-ed25519)";
