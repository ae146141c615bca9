/**
 * The soak's Scaleway IAM kinds and the legacy account API's two. A kind that needs another object (a key its
 * application, a membership its group and member) declares it in the same program, named after the resource.
 */
import * as eurostack from "pulumi-eurostack";
import { tokenResourceId } from "../../src/resources/scaleway/account/token";
import type { Sandbox } from "../../src/sandbox";
import { inFuture } from "../support/dates";
import { sshPublicKey } from "../unit/scaleway-ssh-keys";
import { compareFields, type DeclareContext, type Logical, mapOf, memo, type SoakKind } from "./kinds";

/** A second organization the sandbox's key may use: moving there replaces an object. */
export const OTHER_ORGANIZATION = "9b2c4f0e-0000-4000-8000-000000000002";

const organizationOf = (ctx: DeclareContext, r: Logical) =>
  r.generation % 2 === 0 ? ctx.sandbox.credentials.scalewayOrganizationId : OTHER_ORGANIZATION;
const remoteName = (ctx: DeclareContext, r: Logical, suffix = "") => `${ctx.prefix}-${r.name}${suffix}`;
const instant = (value: unknown) => (typeof value === "string" ? Date.parse(value) : null);
const state = (sandbox: Sandbox) => sandbox.state.scaleway;

const application: SoakKind = {
  Resource: eurostack.scaleway.Application,
  declare(ctx, r) {
    new eurostack.scaleway.Application(r.name, {
      name: remoteName(ctx, r),
      description: `v${r.version}`,
      tags: r.version % 2 ? ["b", "a"] : ["a"],
      organizationId: organizationOf(ctx, r),
    });
  },
  update: true,
  replace: true,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).applications),
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      name: (a) => a.name,
      description: (a) => a.description,
      tags: (a) => a.tags,
      organizationId: (a) => a.organization_id,
      createdAt: (a) => a.created_at,
    }),
  remove: (sandbox, id) => void state(sandbox).applications.delete(id),
};

const apiKey: SoakKind = {
  Resource: eurostack.scaleway.ApiKey,
  declare(ctx, r) {
    const holder = new eurostack.scaleway.Application(`${r.name}-app`, { name: remoteName(ctx, r, "-app") });
    new eurostack.scaleway.ApiKey(r.name, {
      applicationId: holder.id,
      description: `${r.name} v${r.version}`,
      // Each generation expires at another moment: the API cannot move it, so the key is replaced.
      ...(r.generation > 0 && { expiresAt: memo(r, "expiresAt", () => inFuture(300 + r.generation)) }),
    });
  },
  update: true,
  replace: true,
  deletes: true,
  // With its secret: the one the stack holds must be the key's own (no key replaced behind the stack's back).
  remote: (sandbox) =>
    new Map(
      [...state(sandbox).apiKeys].map(([id, key]): [string, unknown] => [
        id,
        { ...key, secret: state(sandbox).apiKeySecrets.get(id) },
      ]),
    ),
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      accessKey: (k) => k.access_key,
      secretKey: (k) => k.secret,
      applicationId: (k) => k.application_id,
      description: (k) => k.description,
      defaultProjectId: (k) => k.default_project_id,
      createdAt: (k) => k.created_at,
    }).concat(instant(outs.expiresAt) === instant(remote.expires_at) ? [] : ["expiresAt"]),
  remove: (sandbox, id) => void state(sandbox).apiKeys.delete(id),
};

const policy: SoakKind = {
  Resource: eurostack.scaleway.Policy,
  declare(ctx, r) {
    const organizationId = ctx.sandbox.credentials.scalewayOrganizationId;
    new eurostack.scaleway.Policy(r.name, {
      name: remoteName(ctx, r),
      description: `v${r.version}`,
      noPrincipal: true,
      organizationId: organizationOf(ctx, r),
      rules:
        r.version % 2
          ? [{ permissionSetNames: ["InstancesReadOnly", "AllProductsReadOnly"], organizationId }]
          : [{ permissionSetNames: ["IAMReadOnly"], organizationId }],
    });
  },
  update: true,
  replace: true,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).policies),
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      name: (p) => p.name,
      description: (p) => p.description,
      organizationId: (p) => p.organization_id,
      createdAt: (p) => p.created_at,
    }).concat(
      compareFields({ sets: (outs.rules ?? []).flatMap((rule: any) => rule.permissionSetNames) }, remote, {
        sets: (p) => p.rules.flatMap((rule: any) => rule.permission_set_names),
      }),
    ),
  remove: (sandbox, id) => void state(sandbox).policies.delete(id),
};

const group: SoakKind = {
  Resource: eurostack.scaleway.Group,
  declare(ctx, r) {
    new eurostack.scaleway.Group(r.name, {
      name: remoteName(ctx, r),
      description: `v${r.version}`,
      tags: r.version % 2 ? ["x"] : [],
      organizationId: organizationOf(ctx, r),
    });
  },
  update: true,
  replace: true,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).groups),
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      name: (g) => g.name,
      description: (g) => g.description,
      tags: (g) => g.tags,
      organizationId: (g) => g.organization_id,
    }),
  remove: (sandbox, id) => void state(sandbox).groups.delete(id),
};

const groupMembership: SoakKind = {
  Resource: eurostack.scaleway.GroupMembership,
  declare(ctx, r) {
    // Members are left to GroupMembership resources, or the group's own (empty) list would take them out.
    const holder = new eurostack.scaleway.Group(`${r.name}-group`, {
      name: remoteName(ctx, r, "-group"),
      externalMembership: true,
    });
    // A new generation is another member: the membership is replaced.
    const member = new eurostack.scaleway.Application(`${r.name}-app${r.generation}`, {
      name: remoteName(ctx, r, `-app${r.generation}`),
    });
    new eurostack.scaleway.GroupMembership(r.name, { groupId: holder.id, applicationId: member.id });
  },
  update: false,
  replace: true,
  deletes: true,
  remote: (sandbox) =>
    new Map(
      [...state(sandbox).groups.values()].flatMap((g) => [
        ...g.application_ids.map((a): [string, unknown] => [`${g.id}/app/${a}`, { group_id: g.id, application_id: a }]),
        ...g.user_ids.map((u): [string, unknown] => [`${g.id}/user/${u}`, { group_id: g.id, user_id: u }]),
      ]),
    ),
  compare: (outs, remote) =>
    compareFields(outs, remote, { groupId: (m) => m.group_id, applicationId: (m) => m.application_id }),
  remove(sandbox, key) {
    const [groupId, , member] = key.split("/");
    const found = state(sandbox).groups.get(groupId!);
    if (found) found.application_ids = found.application_ids.filter((a) => a !== member);
  },
};

const sshKey: SoakKind = {
  Resource: eurostack.scaleway.SshKey,
  declare(ctx, r) {
    new eurostack.scaleway.SshKey(r.name, {
      name: remoteName(ctx, r, `-v${r.version}`),
      publicKey: memo(r, "publicKey", () => sshPublicKey(`${r.name}@soak`)),
      projectId: ctx.sandbox.credentials.scalewayProjectId,
    });
  },
  update: true,
  replace: true,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).sshKeys),
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      name: (k) => k.name,
      fingerprint: (k) => k.fingerprint,
      projectId: (k) => k.project_id,
      disabled: (k) => k.disabled,
    }),
  remove: (sandbox, id) => void state(sandbox).sshKeys.delete(id),
};

const user: SoakKind = {
  Resource: eurostack.scaleway.User,
  declare(ctx, r) {
    new eurostack.scaleway.User(r.name, {
      email: `${remoteName(ctx, r)}@example.com`,
      username: remoteName(ctx, r),
      password: `soak-password-${r.n}-${r.version}`,
      firstName: "Soak",
      lastName: `v${r.version}`,
      organizationId: organizationOf(ctx, r),
    });
  },
  update: true,
  replace: true,
  deletes: true,
  remote: (sandbox) => mapOf(state(sandbox).users),
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      email: (u) => u.email,
      username: (u) => u.username,
      lastName: (u) => u.last_name,
      organizationId: (u) => u.organization_id,
    }),
  remove: (sandbox, id) => void state(sandbox).users.delete(id),
};

const accountToken: SoakKind = {
  Resource: eurostack.scaleway.account.Token,
  declare(ctx, r) {
    new eurostack.scaleway.account.Token(r.name, {
      email: "owner@sandbox.invalid",
      password: ctx.sandbox.credentials.scalewaySecretKey,
      // Every field replaces a token: a new generation asks for the other kind.
      expires: r.generation % 2 === 0,
    });
  },
  update: false,
  replace: true,
  deletes: true,
  remote: (sandbox) =>
    new Map([...sandbox.state.account.tokens.values()].map((t): [string, unknown] => [tokenResourceId(t.id), t])),
  compare: (outs, remote) =>
    compareFields(outs, remote, { userId: (t) => t.user_id, createdAt: (t) => t.creation_date }).concat(
      tokenResourceId(String(outs.token)) === tokenResourceId(remote.id) ? [] : ["token"],
    ),
  remove(sandbox, key) {
    for (const t of sandbox.state.account.tokens.values())
      if (tokenResourceId(t.id) === key) sandbox.state.account.tokens.delete(t.id);
  },
};

const accountInvitation: SoakKind = {
  Resource: eurostack.scaleway.account.Invitation,
  declare(ctx, r) {
    new eurostack.scaleway.account.Invitation(r.name, {
      email: `${remoteName(ctx, r, `-g${r.generation}`)}@example.com`,
      firstName: "Soak",
      lastName: r.name,
    });
  },
  update: false,
  replace: true,
  deletes: false,
  remote: (sandbox) => mapOf(sandbox.state.account.invites),
  compare: (outs, remote) =>
    compareFields(outs, remote, {
      email: (i) => i.email,
      firstName: (i) => i.firstname,
      lastName: (i) => i.lastname,
      organizationId: (i) => i.organization_id,
    }),
  remove: (sandbox, id) => void sandbox.state.account.invites.delete(id),
};

export const SCALEWAY: SoakKind[] = [application, apiKey, policy, group, groupMembership, sshKey, user];
export const ACCOUNT: SoakKind[] = [accountToken, accountInvitation];
