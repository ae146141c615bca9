import { bodyFields, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { ADMIN, type FiwareContext, staffOnly } from "./context";
import { listing, message, serverError, unsupportedMediaType } from "./respond";
import type { UnitRecord } from "./state";

/**
 * Pricing units (admin/views.py UnitCollection): list and create only — the server has no entry route, so there is
 * no read by name, no update and no delete. A duplicate name answers 400 "The unit already exists" (checked before
 * the model), and the model is stored lower-cased.
 */
export function registerUnitRoutes(router: Router, context: FiwareContext): void {
  const base = `${ADMIN}/units`;
  router.get(base, () => listing([...context.state.units.values()].map(showUnit), "application/json;charset=UTF-8"));
  router.post(base, (request) => createUnit(context, request));
}

const MODELS = ["single payment", "subscription", "pay per use"];

export function showUnit(unit: UnitRecord): Record<string, unknown> {
  const shown: Record<string, unknown> = { name: unit.name, defined_model: unit.defined_model };
  if (unit.defined_model === "subscription") shown.renovation_period = unit.renovation_period ?? null;
  return shown;
}

function createUnit(context: FiwareContext, request: SandboxRequest): Reply {
  const { units } = context.state;
  const denied = unsupportedMediaType(request) ?? staffOnly(context, request);
  if (denied) return denied;
  const data = bodyFields(request);
  if (!("name" in data) || !("defined_model" in data)) return message(request, 400, "Missing required field");
  const name = String(data.name);
  if (units.has(name)) return message(request, 400, "The unit already exists");
  // `.lower()` on anything but a string raises, and the view does not catch it.
  if (typeof data.defined_model !== "string") return serverError();
  const model = data.defined_model.toLowerCase();
  if (!MODELS.includes(model)) return message(request, 400, "Invalid pricing model");
  if (model === "subscription" && !("renovation_period" in data)) {
    return message(request, 400, "Missing renovation period");
  }
  const unit: UnitRecord = { name, defined_model: model };
  if ("renovation_period" in data) {
    // An IntegerField: the save converts with int(), and a value it cannot convert is an unhandled error.
    const period = data.renovation_period;
    if (period === null) unit.renovation_period = null;
    else if (typeof period === "number") unit.renovation_period = Math.trunc(period);
    else if (typeof period === "string" && /^\s*[+-]?\d+\s*$/.test(period)) unit.renovation_period = Number(period);
    else return serverError();
  }
  units.set(name, unit);
  return message(request, 201, "Created");
}
