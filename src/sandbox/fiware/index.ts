import { header, type Reply } from "../http/request";
import { Router } from "../http/router";
import { type SystemModule, statusText } from "../system";
import type { SandboxCredentials } from "../types";
import type { FiwareSandboxOptions, FiwareState } from "./state";

export interface FiwareContext {
  state: FiwareState;
  credentials: SandboxCredentials;
  options: FiwareSandboxOptions;
}

/** WStore's JSON error shape (sent when the client asks for `Accept: application/json`). */
export function fiwareError(status: number, message: string): Reply {
  return { status, body: { result: "error", message } };
}

/**
 * FIWARE Store (WStore): `Authorization: Bearer <token>`. Entities (RSS, marketplaces, repositories, units,
 * currencies, organizations) register their routes on `router` as they are added.
 */
export function createFiwareSystem(context: FiwareContext): SystemModule {
  const { credentials } = context;
  const router = new Router();
  return {
    name: "fiware",
    router,
    authenticate: (request) => {
      const match = /^Bearer\s+(\S+)$/i.exec(header(request, "authorization") ?? "");
      if (match?.[1] === credentials.fiwareToken) return undefined;
      return fiwareError(401, "You are not logged in or the Authorization token you are providing is not valid");
    },
    error: (status, message) =>
      fiwareError(status, message ?? (status === 404 ? "Resource not found" : statusText(status))),
  };
}
