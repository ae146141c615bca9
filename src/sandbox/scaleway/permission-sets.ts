import { queryValue, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { isUuid } from "../ids";
import { IAM, type ScalewayContext } from "./context";
import { ArgumentErrors, permissionsDenied } from "./errors";
import { ordered, paginate } from "./query";

export type ScopeType = "unknown_scope_type" | "projects" | "organization" | "account_root_user";

/** spec: scaleway.iam.v1alpha1.PermissionSet, fields in the server's order. */
export interface PermissionSetRecord {
  id: string;
  name: string;
  scope_type: ScopeType;
  description: string;
  categories: string[] | null;
}

function set(id: string, name: string, scope: ScopeType, description: string, categories: string[]) {
  return { id, name, scope_type: scope, description, categories };
}

/**
 * A part of the real catalogue, with the scope types the cassettes show: IAMManager is an organization-level set,
 * AllProductsFullAccess, AllProductsReadOnly and ContainerRegistryReadOnly are project-level sets, and a rule scoped
 * to `organization_id` may hold project-level sets (it then covers every project).
 */
export const PERMISSION_SETS: readonly PermissionSetRecord[] = [
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a01", "AllProductsFullAccess", "projects", "Full access to all products", [
    "All products",
  ]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a02", "AllProductsReadOnly", "projects", "Read access to all products", [
    "All products",
  ]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a03", "ContainerRegistryFullAccess", "projects", "Full access", ["Containers"]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a04", "ContainerRegistryReadOnly", "projects", "Read access", ["Containers"]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a05", "InstancesFullAccess", "projects", "Full access", ["Compute"]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a06", "InstancesReadOnly", "projects", "Read access", ["Compute"]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a07", "KubernetesFullAccess", "projects", "Full access", ["Containers"]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a08", "ObjectStorageFullAccess", "projects", "Full access", ["Storage"]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a09", "ObjectStorageReadOnly", "projects", "Read access", ["Storage"]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a0a", "SecretManagerFullAccess", "projects", "Full access", ["Security"]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a0b", "IAMManager", "organization", "Manage IAM", ["Identity"]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a0c", "IAMReadOnly", "organization", "Read IAM", ["Identity"]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a0d", "OrganizationManager", "organization", "Manage the organization", [
    "Organization",
  ]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a0e", "ProjectManager", "organization", "Manage projects", ["Organization"]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a0f", "BillingManager", "organization", "Manage billing", ["Billing"]),
  set("0e5a1ac8-2f0c-4b8b-9d6a-3a1f6a8f0a10", "SupportTicketManager", "organization", "Manage tickets", ["Support"]),
];

/** spec: ListPermissionSets; `organization_id` is required there, and the real server enforces it. */
export function registerPermissionSetRoutes(router: Router, context: ScalewayContext): void {
  router.get(`${IAM}/permission-sets`, (request) => listPermissionSets(context, request));
}

function listPermissionSets(context: ScalewayContext, request: SandboxRequest): Reply {
  const { state } = context;
  const errors = new ArgumentErrors();
  const organizationId = queryValue(request, "organization_id");
  if (!organizationId) errors.required("organization_id");
  else if (!isUuid(organizationId)) errors.constraint("organization_id", "must be a valid UUID");
  const sorted = ordered(
    request,
    [...state.permissionSets.values()],
    { name: (item) => item.name, created_at: (item) => item.id },
    errors,
    "name_asc",
  );
  const page = paginate(request, sorted, errors);
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (!state.organizationIds.has(organizationId!)) return permissionsDenied("permission_sets", "read");
  return {
    status: 200,
    body: { permission_sets: page.items.map((item) => ({ ...item })), total_count: page.total },
  };
}
