import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { IamScope } from "../../client/numspot/scope";
import type { Props } from "../description";
import { Uuid } from "../fields";
import { containsUnknown } from "../provider";
import { defaultOrganisationId } from "./connection";

/**
 * The scope of an IAM entity: `organisationId` (default from config) or `spaceId`, exactly one; a change replaces.
 * The default organisation is not filled in by check (a `setting` would fill it beside a spaceId): the endpoints
 * resolve it, and answers carry the scope so that outputs show where the object lives.
 */
export const scopeFields = {
  organisationId: { input: Uuid, api: "organisationId", replace: true, inPath: true },
  spaceId: { input: Uuid, api: "spaceId", replace: true, inPath: true },
} as const;

export interface ScopeArgs {
  /** Defaults to `numspot:organisationId` / `NUMSPOT_ORGANISATION_ID` when no spaceId is given. A change replaces. */
  organisationId?: pulumi.Input<string>;
  /** A space instead of the organisation (exactly one of the two). A change replaces. */
  spaceId?: pulumi.Input<string>;
}

export function scopeOf(props: Props): IamScope {
  if (props.spaceId) return { kind: "spaces", id: props.spaceId };
  const organisationId = props.organisationId ?? defaultOrganisationId(props.connection);
  if (!organisationId) throw new Error("no organisationId or spaceId, and no numspot:organisationId configured");
  return { kind: "organisations", id: organisationId };
}

/** The scope as outputs: `{organisationId, spaceId}`, one of them null. */
export function scopeOutputs(scope: IamScope) {
  return scope.kind === "spaces"
    ? { organisationId: null, spaceId: scope.id }
    : { organisationId: scope.id, spaceId: null };
}

export function checkScope(news: Props, inputs: Props | undefined): pulumi.dynamic.CheckFailure[] {
  if (containsUnknown(news.organisationId) || containsUnknown(news.spaceId)) return [];
  if (news.organisationId !== undefined && news.spaceId !== undefined) {
    return [{ property: "spaceId", reason: "set exactly one of organisationId and spaceId (the scope)" }];
  }
  if (news.spaceId === undefined && news.organisationId === undefined && inputs && !containsUnknown(news.connection)) {
    if (!defaultOrganisationId(inputs.connection)) {
      return [
        {
          property: "organisationId",
          reason: "no scope given; set organisationId or spaceId, or numspot:organisationId / NUMSPOT_ORGANISATION_ID",
        },
      ];
    }
  }
  return [];
}

/** A permission given as a UUID or a readable `service/resource[/subresource]/action` name. */
export const PermissionRef = z
  .string("must be a string")
  .regex(
    /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)?\/[A-Za-z0-9_-]+)$/i,
    "must be a permission UUID or a name such as openshift/clusters/nodepools/create",
  );

export const PermissionRefs = z.array(PermissionRef, "must be a list of permission UUIDs or names");
