/**
 * The Numspot Args interfaces are written by hand (users' hover docs live there); this pins them to the fields tables
 * at the type level, as test/unit/args-match-fields.test.ts does for the first entities.
 */
import type * as pulumi from "@pulumi/pulumi";
import { expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { AclBindingArgs, description as aclBinding } from "../../src/resources/numspot/acl-binding";
import type {
  IamPolicyBindingArgs,
  description as iamPolicyBinding,
} from "../../src/resources/numspot/iam-policy-binding";
import type { NodePoolArgs, description as nodePool } from "../../src/resources/numspot/node-pool";
import type {
  OpenShiftClusterArgs,
  description as openShiftCluster,
} from "../../src/resources/numspot/openshift-cluster";
import type { RoleArgs, description as role } from "../../src/resources/numspot/role";
import type { ServiceAccountArgs, description as serviceAccount } from "../../src/resources/numspot/service-account";
import type { UserArgs, description as user } from "../../src/resources/numspot/user";

type Fields<D> = D extends { fields: infer F } ? F : never;
type InputName<F> = { [K in keyof F]: F[K] extends { input: z.ZodType } ? K : never }[keyof F];
type Checked<D> = {
  [K in InputName<Fields<D>>]: Fields<D>[K] extends { input: infer S extends z.ZodType } ? z.infer<S> : never;
};
type Written<A> = { [K in Exclude<keyof A, "adopt" | "connection">]-?: pulumi.Unwrap<NonNullable<A[K]>> };
/** Enum-checked inputs are typed `string` in Args (the docs list the values): compare their names only. */
type Names<T> = keyof T;

it("RoleArgs matches the Role fields", () => {
  expectTypeOf<Written<RoleArgs>>().toEqualTypeOf<Checked<typeof role>>();
});

it("ServiceAccountArgs matches the ServiceAccount fields", () => {
  expectTypeOf<Written<ServiceAccountArgs>>().toEqualTypeOf<Checked<typeof serviceAccount>>();
});

it("UserArgs matches the User fields", () => {
  expectTypeOf<Written<UserArgs>>().toEqualTypeOf<Checked<typeof user>>();
});

it("IamPolicyBindingArgs matches the IamPolicyBinding fields", () => {
  expectTypeOf<Written<IamPolicyBindingArgs>>().toEqualTypeOf<Checked<typeof iamPolicyBinding>>();
});

it("AclBindingArgs matches the AclBinding fields", () => {
  expectTypeOf<Written<AclBindingArgs>>().toEqualTypeOf<Checked<typeof aclBinding>>();
});

it("OpenShiftClusterArgs and NodePoolArgs name the same inputs as their fields", () => {
  expectTypeOf<Names<Written<OpenShiftClusterArgs>>>().toEqualTypeOf<Names<Checked<typeof openShiftCluster>>>();
  expectTypeOf<Names<Written<NodePoolArgs>>>().toEqualTypeOf<Names<Checked<typeof nodePool>>>();
});
