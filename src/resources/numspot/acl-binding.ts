import { randomUUID } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { HttpClient } from "../../client/http";
import { type Acl, aclKey, changeAcls, listAcls } from "../../client/numspot/acl-binding";
import { parseReadable, resolvePermissions } from "../../client/numspot/permission";
import type { EntityDescription, Props } from "../description";
import { entityProvider } from "../entity";
import { text } from "../fields";
import { resourceArguments } from "../resource";
import { type NumspotConnectionArgs, numspot } from "./connection";
import { PermissionRef, scopeFields, scopeOutputs } from "./scope";
import {
  checkSubject,
  parseSubjectPath,
  type Subject,
  type SubjectArgs,
  subjectFields,
  subjectOf,
  subjectPath,
} from "./subject";

export interface AclEntry {
  /** e.g. `openshift`. */
  service: string;
  /** e.g. `clusters`. */
  resource: string;
  /** e.g. `nodepools`; absent for the resource itself. */
  subresource?: string;
  /** The id of the object the entry is about (e.g. a cluster id). */
  resourceId: string;
  /** A permission UUID or readable name (`service/resource[/subresource]/action`) of this service and resource. */
  permission: string;
}

export interface AclBindingArgs extends SubjectArgs {
  /** The ACL entries this binding owns (a set). Changes in place: only the difference is added and deleted. */
  entries: pulumi.Input<pulumi.Input<AclEntry>[]>;
  connection?: pulumi.Input<NumspotConnectionArgs>;
}

const Entry = z
  .object(
    {
      service: text({ min: 1, max: 255 }),
      resource: text({ min: 1, max: 255 }),
      subresource: text({ min: 1, max: 255 }).optional(),
      resourceId: text({ min: 1, max: 255 }),
      permission: PermissionRef,
    },
    "must be an object {service, resource, subresource?, resourceId, permission}",
  )
  .strict()
  .superRefine((entry, ctx) => {
    if (!entry.permission.includes("/")) return;
    const named = parseReadable(entry.permission);
    if (named.service !== entry.service || named.resource !== entry.resource) {
      ctx.addIssue({
        code: "custom",
        message: `permission ${entry.permission} is not one of ${entry.service}/${entry.resource}`,
      });
    }
  });

const entryKey = (e: AclEntry) =>
  JSON.stringify([e.service, e.resource, e.subresource ?? "", e.resourceId, e.permission.toLowerCase()]);
const asEntrySet = (value: unknown) =>
  Array.isArray(value) ? [...new Set(value.map((e) => entryKey(e as AclEntry)))].sort() : value;

interface Api {
  id: string;
  organisationId: string | null;
  spaceId: string | null;
  userId: string | null;
  serviceAccountId: string | null;
  entries: AclEntry[];
  permissionIds: string[];
}

const toAcl = (entry: AclEntry, permissionId: string): Acl => ({
  service: entry.service,
  resource: entry.resource,
  ...(entry.subresource ? { subresource: entry.subresource } : {}),
  resourceId: entry.resourceId,
  permissionId,
});

function shape(id: string, subject: Subject, entries: AclEntry[], ids: string[]): Api {
  return {
    id,
    ...scopeOutputs(subject.scope),
    userId: subject.type === "users" ? subject.id : null,
    serviceAccountId: subject.type === "serviceAccounts" ? subject.id : null,
    entries,
    permissionIds: ids,
  };
}

const subjectOfId = (id: string) => parseSubjectPath(id.slice(0, id.lastIndexOf("/acl/")));

/** The declared entries present remotely: one read per distinct (service, resource) pair, every page. */
async function present(client: HttpClient, subject: Subject, entries: AclEntry[], ids: string[]) {
  const pairs = new Map<string, { service: string; resource: string }>();
  for (const e of entries)
    pairs.set(JSON.stringify([e.service, e.resource]), { service: e.service, resource: e.resource });
  const remote = new Set<string>();
  for (const filter of pairs.values()) {
    for (const acl of await listAcls(client, subject.scope, subject.type, subject.id, filter)) remote.add(aclKey(acl));
  }
  const kept = entries.map((_, i) => i).filter((i) => remote.has(aclKey(toAcl(entries[i]!, ids[i]!))));
  return { entries: kept.map((i) => entries[i]!), ids: kept.map((i) => ids[i]!) };
}

export const description = {
  system: numspot,
  type: "AclBinding",
  noun: "ACL binding",
  fields: {
    ...scopeFields,
    ...subjectFields,
    entries: {
      input: z.array(Entry, "must be a list of ACL entries"),
      required: true,
      api: "entries",
      compare: asEntrySet,
    },
    permissionIds: { api: "permissionIds" },
  },
  id: (binding) => binding.id,
  createdAt: () => null,
  endpoints: {
    get: async (client, id, props: Props) => {
      const subject = subjectOfId(id);
      const kept = await present(client, subject, props.entries ?? [], props.permissionIds ?? []);
      return shape(id, subject, kept.entries, kept.ids);
    },
    create: async (client, _body, inputs) => {
      const subject = subjectOf(inputs);
      const entries: AclEntry[] = inputs.entries;
      const ids = await resolvePermissions(
        client,
        subject.scope,
        entries.map((e) => e.permission),
      );
      await changeAcls(
        client,
        subject.scope,
        subject.type,
        subject.id,
        "create",
        entries.map((e, i) => toAcl(e, ids[i]!)),
      );
      // Several bindings may own entries of one subject: each has its own id.
      return shape(`${subjectPath(subject)}/acl/${randomUUID()}`, subject, entries, ids);
    },
    update: async (client, id, body, olds) => {
      const subject = subjectOfId(id);
      const entries: AclEntry[] = body.entries ?? olds.entries;
      const ids = await resolvePermissions(
        client,
        subject.scope,
        entries.map((e) => e.permission),
      );
      const wanted = entries.map((e, i) => toAcl(e, ids[i]!));
      // What the binding holds now: its stored entries still present (refresh drops those deleted behind its back).
      const held = (olds.entries as AclEntry[]).map((e, i) => toAcl(e, olds.permissionIds[i]));
      const heldKeys = new Set(held.map(aclKey));
      const wantedKeys = new Set(wanted.map(aclKey));
      const add = wanted.filter(
        (acl, i) => !heldKeys.has(aclKey(acl)) && wanted.findIndex((w) => aclKey(w) === aclKey(acl)) === i,
      );
      const drop = held.filter((acl) => !wantedKeys.has(aclKey(acl)));
      if (drop.length > 0) await changeAcls(client, subject.scope, subject.type, subject.id, "delete", drop);
      if (add.length > 0) await changeAcls(client, subject.scope, subject.type, subject.id, "create", add);
      return shape(id, subject, entries, ids);
    },
    delete: async (client, id, props) => {
      const subject = subjectOfId(id);
      const held = ((props.entries ?? []) as AclEntry[]).map((e, i) => toAcl(e, props.permissionIds[i]));
      if (held.length > 0) await changeAcls(client, subject.scope, subject.type, subject.id, "delete", held);
    },
  },
  naturalKey: ["organisationId", "spaceId", "userId", "serviceAccountId"],
  adopt: {
    refused:
      "an ACL binding owns only the entries it declares and never removes others, so there is nothing to adopt: declare the entries and run up (creating ACLs that exist already changes nothing)",
  },
  lostCreate: "take",
  checkMore: (news, inputs) => checkSubject(news, inputs),
} satisfies EntityDescription<Api>;

export const aclBindingProvider = entityProvider(description);
const args = resourceArguments(description);

/**
 * ACL entries of one user or service account: permissions on single objects (a cluster, a bucket). It owns only its
 * entries; created and deleted with the bulk endpoints (at most 100 a call), updated by difference; ACLs made by
 * others are never touched nor reported.
 */
export class AclBinding extends pulumi.dynamic.Resource {
  static readonly __pulumiType = "pulumi-nodejs:dynamic/numspot:AclBinding";

  declare readonly organisationId: pulumi.Output<string | null>;
  declare readonly spaceId: pulumi.Output<string | null>;
  declare readonly userId: pulumi.Output<string | null>;
  declare readonly serviceAccountId: pulumi.Output<string | null>;
  declare readonly entries: pulumi.Output<AclEntry[]>;
  declare readonly permissionIds: pulumi.Output<string[]>;

  constructor(name: string, bindingArgs: AclBindingArgs, opts?: pulumi.CustomResourceOptions) {
    super(...args(name, bindingArgs, opts));
  }
}
