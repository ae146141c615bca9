import { afterAll, beforeAll } from "vitest";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox";

/** A sandbox shared by the tests of one file, stopped after them. */
export function useSandbox(options?: SandboxOptions): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox(options);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  return () => {
    if (!sandbox) throw new Error("sandbox not started");
    return sandbox;
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: any;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** A Scaleway IAM call with the sandbox's secret key unless `token` says otherwise (null: no header). */
export async function scw(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = sandbox.credentials.scalewaySecretKey,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token !== null) headers["x-auth-token"] = token;
  if (body !== undefined) headers["content-type"] = "application/json";
  const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  return answer(await fetch(`${sandbox.urls.scaleway}/iam/v1alpha1${path}`, init));
}

export async function numspotToken(
  sandbox: Sandbox,
  clientId = sandbox.credentials.numspotClientId,
  secret = sandbox.credentials.numspotClientSecret,
): Promise<Answer> {
  const response = await fetch(`${sandbox.urls.numspot}/iam/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  return answer(response);
}

export async function numspot(
  sandbox: Sandbox,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  return answer(await fetch(`${sandbox.urls.numspot}${path}`, init));
}

export async function raw(url: string, init?: RequestInit): Promise<Answer> {
  return answer(await fetch(url, init));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
