import { bodyFields, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { ADMIN, type FiwareContext, requester, validPathName } from "./context";
import { isEmptyObject, pushActorLimits, readNewPaymentInfo } from "./organization";
import { listing, message, serverError, unsupportedMediaType } from "./respond";
import type { PaymentInfo, UserRecord } from "./state";
import { isTruthy, maskCard, PythonError, readTaxAddress } from "./validate";

const NO_RSS = "No RSS instance registered: An RSS instance is needed for setting up expenditure limits";

/**
 * User profiles (users/views.py) as WStore serves them behind an identity manager (bearer tokens): users come from
 * the IdM, so POST answers 403 and there is no DELETE. A user reads and updates their own profile; staff read and
 * update anyone's and list them all. PUT is absolute for `tax_address` and `payment_info` (omitted: erased), ignores
 * names, password and roles, changes `notification_url` only for providers, and pushes new `limits` to the RSS —
 * saving them (and the notification URL) before the rest of the body is checked.
 */
export function registerUserProfileRoutes(router: Router, context: FiwareContext): void {
  const base = `${ADMIN}/profiles`;
  router.get(base, (request) => {
    if (!requester(context, request).staff) return message(request, 403, "Forbidden");
    return listing([...context.state.users.values()].map((user) => showProfile(context, user, true)));
  });
  router.post(base, (request) => {
    const denied = unsupportedMediaType(request);
    if (denied) return denied;
    return message(request, 403, "It is not possible to create users (use Account enabler instead)");
  });
  router.get(`${base}/:username`, (request) => {
    const denied = selfOrStaff(context, request);
    if (denied) return denied;
    // An unknown username is an uncaught DoesNotExist in this view.
    const user = context.state.users.get(request.params.username!);
    return user ? listing(showProfile(context, user, false)) : serverError();
  });
  router.put(`${base}/:username`, (request) => updateProfile(context, request));
}

function selfOrStaff(context: FiwareContext, request: SandboxRequest): Reply | undefined {
  const username = request.params.username!;
  if (!validPathName(username)) return message(request, 404, "Resource not found");
  const viewer = requester(context, request);
  return viewer.staff || viewer.username === username ? undefined : message(request, 403, "Forbidden");
}

function userRoles(user: UserRecord): string[] {
  const roles = [...(user.organizations[0]?.roles ?? [])];
  if (user.staff) roles.push("admin");
  return roles;
}

/** The list shows the tax address and an (empty) payment info always; the entry only when they are set. */
export function showProfile(context: FiwareContext, user: UserRecord, inList: boolean): Record<string, unknown> {
  const { organizations } = context.state;
  const own = organizations.get(user.username);
  const shown: Record<string, unknown> = {
    username: user.username,
    complete_name: user.complete_name,
    limits: { ...(own?.expenditure_limits ?? {}) },
    current_organization: user.current_organization,
    organizations: user.organizations.map((membership) => {
      const org = organizations.get(membership.organization);
      const info: Record<string, unknown> = { name: membership.organization, roles: [...membership.roles] };
      // The entry adds "manager" only while the user acts for another organization than their own; the list always.
      const acting = inList || user.current_organization !== user.username;
      if (acting && org?.managers.includes(user.username)) (info.roles as string[]).push("manager");
      if (membership.roles.includes("provider")) info.notification_url = org?.notification_url ?? null;
      return info;
    }),
    notification_url: own?.notification_url ?? null,
  };
  if (inList || "street" in user.tax_address) shown.tax_address = { ...user.tax_address };
  // WStore appends "manager" to the stored roles list of the user's own organization above, and get_user_roles
  // returns that same list: the top-level roles then carry "manager" too.
  const ownInfo = (shown.organizations as Array<{ name: string; roles: string[] }>)[0];
  shown.roles =
    ownInfo?.name === user.username ? [...ownInfo.roles, ...(user.staff ? ["admin"] : [])] : userRoles(user);
  if ("number" in user.payment_info) shown.payment_info = maskCard(user.payment_info as PaymentInfo);
  else if (inList) shown.payment_info = {};
  if (!inList && user.provider_requested) shown.provider_request = true;
  return shown;
}

function updateProfile(context: FiwareContext, request: SandboxRequest): Reply {
  const { state } = context;
  const denied = unsupportedMediaType(request) ?? selfOrStaff(context, request);
  if (denied) return denied;
  const data = bodyFields(request);
  try {
    const user = state.users.get(request.params.username!);
    if (!user) throw new PythonError("User matching query does not exist.");
    const own = state.organizations.get(user.username)!;
    if ("notification_url" in data && userRoles(user).includes("provider")) {
      own.notification_url = data.notification_url as string | null;
    }
    if ("limits" in data && isTruthy(data.limits)) {
      // Saved at once: a later failure in this body leaves the new limits in place.
      own.expenditure_limits = pushActorLimits(context, data.limits, user.username, NO_RSS);
    }
    const taxAddress = "tax_address" in data ? readTaxAddress(data.tax_address) : {};
    // Unlike organizations, `{}` is not "erase" here: the view reads its number and fails.
    if ("payment_info" in data && isEmptyObject(data.payment_info)) throw PythonError.keyError("number");
    const paymentInfo = "payment_info" in data ? readNewPaymentInfo(data, user.payment_info, "") : {};
    user.tax_address = taxAddress;
    user.payment_info = paymentInfo;
  } catch (error) {
    if (error instanceof PythonError) return message(request, 400, error.message || "Invalid content");
    throw error;
  }
  return message(request, 200, "OK");
}
