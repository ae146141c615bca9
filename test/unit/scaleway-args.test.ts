/**
 * The hand-written Args interfaces of the issue 9 entities pinned to their fields tables at the type level (the same
 * check as args-match-fields.test.ts): the same input names, and for each the value type its check schema produces.
 */
import type * as pulumi from "@pulumi/pulumi";
import { expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { InvitationArgs, description as invitation } from "../../src/resources/scaleway/account/invitation";
import type { TokenArgs, description as token } from "../../src/resources/scaleway/account/token";
import type { GroupArgs, description as group } from "../../src/resources/scaleway/group";
import type { GroupMembershipArgs, description as membership } from "../../src/resources/scaleway/group-membership";
import type { PolicyArgs, description as policy } from "../../src/resources/scaleway/policy";
import type { SshKeyArgs, description as sshKey } from "../../src/resources/scaleway/ssh-key";
import type { UserArgs, description as user } from "../../src/resources/scaleway/user";

type Fields<D> = D extends { fields: infer F } ? F : never;
type InputName<F> = { [K in keyof F]: F[K] extends { input: z.ZodType } ? K : never }[keyof F];
type Checked<D> = {
  [K in InputName<Fields<D>>]: Fields<D>[K] extends { input: infer S extends z.ZodType } ? z.infer<S> : never;
};
type Written<A> = { [K in Exclude<keyof A, "adopt" | "connection">]-?: pulumi.Unwrap<NonNullable<A[K]>> };

it("PolicyArgs matches the Policy fields", () => {
  expectTypeOf<Written<PolicyArgs>>().toEqualTypeOf<Checked<typeof policy>>();
});

it("GroupArgs matches the Group fields", () => {
  expectTypeOf<Written<GroupArgs>>().toEqualTypeOf<Checked<typeof group>>();
});

it("GroupMembershipArgs matches the GroupMembership fields", () => {
  expectTypeOf<Written<GroupMembershipArgs>>().toEqualTypeOf<Checked<typeof membership>>();
});

it("SshKeyArgs matches the SshKey fields", () => {
  expectTypeOf<Written<SshKeyArgs>>().toEqualTypeOf<Checked<typeof sshKey>>();
});

it("UserArgs matches the User fields", () => {
  expectTypeOf<Written<UserArgs>>().toEqualTypeOf<Checked<typeof user>>();
});

it("TokenArgs matches the AccountToken fields", () => {
  expectTypeOf<Written<TokenArgs>>().toEqualTypeOf<Checked<typeof token>>();
});

it("InvitationArgs matches the AccountInvitation fields", () => {
  expectTypeOf<Written<InvitationArgs>>().toEqualTypeOf<Checked<typeof invitation>>();
});
