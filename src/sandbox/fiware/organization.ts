import { bodyFields, queryValue, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { ADMIN, type FiwareContext, requester, validPathName } from "./context";
import { callRemote } from "./remote";
import { listing, message, serverError, unsupportedMediaType } from "./respond";
import type { Limits, OrganizationRecord, PaymentInfo, TaxAddress, UserRecord } from "./state";
import {
  checkLimits,
  isHiddenCreditCard,
  isValidCreditCard,
  isValidId,
  isValidUrl,
  maskCard,
  PythonError,
  pythonType,
  readPaymentInfo,
  readTaxAddress,
} from "./validate";

/**
 * Organizations (organizations/views.py). Any user may create one (the creator becomes its manager unless staff);
 * duplicates answer 400; names are longer than 4 characters of `[\w -]`; there is no DELETE. PUT (staff or a
 * manager) is absolute for `tax_address` and `payment_info` — omitted, they are erased — while `notification_url`
 * and `limits` change only when given; new limits need a registered RSS and are pushed to it first. The card
 * number is only ever shown masked, and only to staff and managers.
 */
export function registerOrganizationRoutes(router: Router, context: FiwareContext): void {
  const base = `${ADMIN}/organizations`;
  // Registered before `/:org`, as in WStore's URL list: "change" is not an organization name.
  router.put(`${base}/change`, (request) => changeCurrentOrganization(context, request));
  router.get(base, (request) => listOrganizations(context, request));
  router.post(base, (request) => createOrganization(context, request));
  router.get(`${base}/:org`, (request) => {
    const org = findOrganization(context, request);
    return org ? listing(showOrganization(org, requester(context, request))) : message(request, 404, "Not found");
  });
  router.put(`${base}/:org`, (request) => updateOrganization(context, request));
  router.get(`${base}/:org/users`, (request) => {
    const org = findOrganization(context, request);
    if (!org) return message(request, 404, "Organization not found");
    return listMembers(context, org) ?? serverError();
  });
  router.post(`${base}/:org/users`, (request) => {
    const denied = unsupportedMediaType(request);
    if (denied) return denied;
    // Behind an identity manager, memberships are managed there.
    return message(request, 403, "It is not possible to modify organizations (use Account enabler instead)");
  });
}

/** `PUT /organizations/change` `{organization}`: the requester's current organization, among their own. */
function changeCurrentOrganization(context: FiwareContext, request: SandboxRequest): Reply {
  const user = requester(context, request);
  const name = bodyFields(request).organization;
  if (typeof name !== "string" || !context.state.organizations.has(name)) return message(request, 404, "Not found");
  if (!user.organizations.some((membership) => membership.organization === name)) {
    return message(request, 403, "Forbidden");
  }
  user.current_organization = name;
  return message(request, 200, "OK");
}

/**
 * Members with their roles, managers last with ["manager"]. A manager who also holds roles in the organization
 * (every user in their own organization) makes WStore 4.4 crash: it deletes from a list by name. Undefined then.
 */
function listMembers(context: FiwareContext, org: OrganizationRecord): Reply | undefined {
  const managers = [...org.managers];
  const members: Array<{ username: string; roles: string[] }> = [];
  for (const user of context.state.users.values()) {
    const roles = user.organizations.filter((m) => m.organization === org.name).at(-1)?.roles ?? [];
    if (roles.length === 0) continue;
    if (managers.includes(user.username)) return undefined;
    members.push({ username: user.username, roles: [...roles] });
  }
  for (const username of managers) members.push({ username, roles: ["manager"] });
  return listing({ members });
}

export function showOrganization(org: OrganizationRecord, viewer: UserRecord): Record<string, unknown> {
  const shown: Record<string, unknown> = { name: org.name, notification_url: org.notification_url };
  if (Object.keys(org.tax_address).length > 0) shown.tax_address = { ...org.tax_address };
  const manager = org.managers.includes(viewer.username);
  if ("number" in org.payment_info && (viewer.staff || manager)) {
    shown.payment_info = maskCard(org.payment_info as PaymentInfo);
  }
  shown.limits = { ...org.expenditure_limits };
  shown.is_manager = manager;
  return shown;
}

function findOrganization(context: FiwareContext, request: SandboxRequest): OrganizationRecord | undefined {
  const name = request.params.org!;
  return validPathName(name) ? context.state.organizations.get(name) : undefined;
}

function listOrganizations(context: FiwareContext, request: SandboxRequest): Reply {
  const { state } = context;
  const viewer = requester(context, request);
  let organizations = [...state.organizations.values()];
  const username = queryValue(request, "username");
  if (username !== undefined) {
    if (!state.users.has(username)) return message(request, 404, "The user is not registered in WStore.");
    organizations = organizations.filter((org) => org.managers.includes(username));
  }
  return listing(organizations.filter((org) => !org.private).map((org) => showOrganization(org, viewer)));
}

/** Every failure inside the view's try becomes a 400 with the exception's message, or this text when it has none. */
function pythonFailure(request: SandboxRequest, error: unknown, fallback: string): Reply {
  if (error instanceof PythonError) return message(request, 400, error.message || fallback);
  throw error;
}

function createOrganization(context: FiwareContext, request: SandboxRequest): Reply {
  const { state } = context;
  const denied = unsupportedMediaType(request);
  if (denied) return denied;
  const user = requester(context, request);
  const data = bodyFields(request);
  try {
    if (!("name" in data)) throw new PythonError("Invalid JSON content");
    const name = data.name;
    if (typeof name !== "string") throw new PythonError(`object of type '${pythonType(name)}' has no len()`);
    // The duplicate check comes first: a taken name that is also invalid still answers "already registered".
    if (state.organizations.has(name)) throw new PythonError(`The ${name} organization is already registered.`);
    if (!(name.length > 4) || !isValidId(name)) throw new PythonError("Enter a valid name.");
    let notificationUrl: unknown = "";
    if ("notification_url" in data) {
      notificationUrl = data.notification_url;
      if (notificationUrl && !isValidUrl(notificationUrl)) throw new PythonError("Enter a valid URL");
    }
    const taxAddress = "tax_address" in data ? readTaxAddress(data.tax_address) : {};
    let paymentInfo: PaymentInfo | Record<string, never> = {};
    if ("payment_info" in data) {
      const card = data.payment_info as Record<string, unknown> | null;
      if (typeof card !== "object" || card === null || !("number" in card)) throw PythonError.keyError("number");
      if (!isValidCreditCard(card.number)) throw new PythonError("Invalid credit card info");
      paymentInfo = readPaymentInfo(card, card.number as string);
    }
    const org: OrganizationRecord = {
      name,
      notification_url: notificationUrl as string | null,
      tax_address: taxAddress,
      payment_info: paymentInfo,
      expenditure_limits: {},
      managers: [],
      private: false,
    };
    state.organizations.set(name, org);
    // Staff create organizations for others unless they say `is_user: true`.
    if (!user.staff || data.is_user === true) {
      user.organizations.push({ organization: name, roles: [] });
      org.managers.push(user.username);
    }
  } catch (error) {
    return pythonFailure(request, error, "Invalid JSON content");
  }
  return message(request, 201, "Created");
}

function updateOrganization(context: FiwareContext, request: SandboxRequest): Reply {
  const denied = unsupportedMediaType(request);
  if (denied) return denied;
  const org = findOrganization(context, request);
  if (!org) return message(request, 404, "Organization not found");
  const user = requester(context, request);
  if (!user.staff && !org.managers.includes(user.username)) return message(request, 403, "Forbidden");
  const data = bodyFields(request);
  try {
    let notificationUrl = org.notification_url;
    if ("notification_url" in data) {
      if (data.notification_url && !isValidUrl(data.notification_url)) throw new PythonError("Enter a valid URL");
      notificationUrl = data.notification_url as string | null;
    }
    // Absolute: an omitted or empty tax address erases the stored one.
    const given = data.tax_address;
    const taxAddress: TaxAddress | Record<string, never> =
      "tax_address" in data && !isEmptyObject(given) ? readTaxAddress(given) : {};
    const paymentInfo = readNewPaymentInfo(data, org.payment_info);
    let limits: Limits | undefined;
    if ("limits" in data) limits = pushActorLimits(context, data.limits, org.name);
    // Nothing is saved before every step has passed.
    org.notification_url = notificationUrl;
    org.tax_address = taxAddress;
    org.payment_info = paymentInfo;
    if (limits) org.expenditure_limits = limits;
  } catch (error) {
    return pythonFailure(request, error, "Invalid JSON content");
  }
  return message(request, 200, "OK");
}

export function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/**
 * The absolute payment info of a PUT (organization or profile): omitted or `{}` erases it; a masked number equal to
 * the stored card's stands for it; any other invalid number fails with `invalidMessage`.
 */
export function readNewPaymentInfo(
  data: Record<string, unknown>,
  stored: PaymentInfo | Record<string, never>,
  invalidMessage = "Invalid credit card number",
): PaymentInfo | Record<string, never> {
  if (!("payment_info" in data) || isEmptyObject(data.payment_info)) return {};
  const card = data.payment_info as Record<string, unknown> | null;
  if (typeof card !== "object" || card === null || !("number" in card)) throw PythonError.keyError("number");
  let number = card.number;
  if (!isValidCreditCard(number)) {
    const storedNumber = (stored as Partial<PaymentInfo>).number;
    if (typeof number === "string" && storedNumber !== undefined && isHiddenCreditCard(number, storedNumber)) {
      number = storedNumber;
    } else {
      throw new PythonError(invalidMessage);
    }
  }
  return readPaymentInfo(card, number as string);
}

/**
 * Expenditure limits of an organization or user: checked, then sent to the first RSS (`set_actor_limit`); a
 * remote failure surfaces as an HTTPError without a message.
 */
export function pushActorLimits(
  context: FiwareContext,
  raw: unknown,
  actor: string,
  noRss = "list index out of range",
): Limits {
  const { state } = context;
  const limits = checkLimits(state.currencies, raw);
  if (!("currency" in limits)) throw PythonError.keyError("currency");
  const rss = state.rss.values().next().value;
  if (!rss) throw new PythonError(noRss);
  let answer = callRemote(state, "rss", `set_actor_limit ${actor}`, rss.host);
  // A 401 makes WStore refresh the RSS's token and try once more.
  if (answer === 401) answer = callRemote(state, "rss", `set_actor_limit ${actor}`, rss.host);
  if (answer !== "success") throw new PythonError("");
  return limits;
}
