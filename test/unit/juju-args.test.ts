/** The juju Args interfaces pinned to their fields tables at the type level (as args-match-fields.test.ts does). */
import type * as pulumi from "@pulumi/pulumi";
import { expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { ControllerAccessArgs, description as controllerAccess } from "../../src/resources/juju/controller-access";
import type { CredentialArgs, description as credential } from "../../src/resources/juju/credential";
import type { ModelAccessArgs, description as modelAccess } from "../../src/resources/juju/model-access";
import type { SshKeyArgs, description as sshKey } from "../../src/resources/juju/ssh-key";
import type { UserArgs, description as user } from "../../src/resources/juju/user";

type Fields<D> = D extends { fields: infer F } ? F : never;
type InputName<F> = { [K in keyof F]: F[K] extends { input: z.ZodType } ? K : never }[keyof F];
type Checked<D> = {
  [K in InputName<Fields<D>>]: Fields<D>[K] extends { input: infer S extends z.ZodType } ? z.infer<S> : never;
};
type Written<A> = { [K in Exclude<keyof A, "adopt" | "connection">]-?: pulumi.Unwrap<NonNullable<A[K]>> };

it("UserArgs matches the User fields", () => {
  expectTypeOf<Written<UserArgs>>().toEqualTypeOf<Checked<typeof user>>();
});

it("SshKeyArgs matches the SshKey fields", () => {
  expectTypeOf<Written<SshKeyArgs>>().toEqualTypeOf<Checked<typeof sshKey>>();
});

it("CredentialArgs matches the Credential fields", () => {
  expectTypeOf<Written<CredentialArgs>>().toEqualTypeOf<Checked<typeof credential>>();
});

it("ControllerAccessArgs matches the ControllerAccess fields", () => {
  expectTypeOf<Written<ControllerAccessArgs>>().toEqualTypeOf<Checked<typeof controllerAccess>>();
});

it("ModelAccessArgs matches the ModelAccess fields", () => {
  expectTypeOf<Written<ModelAccessArgs>>().toEqualTypeOf<Checked<typeof modelAccess>>();
});
