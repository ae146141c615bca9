import { request as httpRequest } from "node:http";
import type { Sandbox } from "../../src/sandbox";
import type { Answer } from "./helpers";

export interface WStoreCall {
  body?: unknown;
  /** Default: the staff token; `"non-staff"` for the second user; null for no Authorization header. */
  token?: string | null | "non-staff";
  /** Default `application/json`; null sends no Accept header at all. */
  accept?: string | null;
  /** Default `application/json` when there is a body; null sends none. */
  contentType?: string | null;
  headers?: Record<string, string>;
}

/**
 * A WStore call under /api/administration, as the provider makes it unless told otherwise. node:http rather than
 * fetch, because fetch always adds an Accept header and the server's answer depends on its absence.
 */
export function wstore(sandbox: Sandbox, method: string, path: string, call: WStoreCall = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...call.headers };
  const token =
    call.token === "non-staff"
      ? sandbox.state.fiware.nonStaffToken
      : call.token === undefined
        ? sandbox.credentials.fiwareToken
        : call.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const accept = call.accept === undefined ? "application/json" : call.accept;
  if (accept !== null) headers.accept = accept;
  const text =
    call.body === undefined ? undefined : typeof call.body === "string" ? call.body : JSON.stringify(call.body);
  const contentType =
    call.contentType === undefined ? (text === undefined ? null : "application/json") : call.contentType;
  if (contentType !== null) headers["content-type"] = contentType;
  const url = new URL(`${sandbox.urls.fiware}/api/administration${path}`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) answerHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
        }
        let parsed: unknown;
        try {
          parsed = body === "" ? undefined : JSON.parse(body);
        } catch {
          parsed = body;
        }
        resolve({ status: res.statusCode ?? 0, headers: answerHeaders, body: parsed, text: body });
      });
    });
    req.on("error", reject);
    req.end(text);
  });
}

export const CREATED = { result: "correct", message: "Created" };
export const OK = { result: "correct", message: "OK" };

export function error(message: string): { result: string; message: string } {
  return { result: "error", message };
}
