/**
 * The Args interfaces are written by hand (users' hover docs live there); this pins them to the fields tables at
 * the type level: the same input names, and for each the value type the field's check schema produces.
 */
import type * as pulumi from "@pulumi/pulumi";
import { expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { SpaceArgs, description as space } from "../../src/resources/numspot/space";
import type { ApiKeyArgs, description as apiKey } from "../../src/resources/scaleway/api-key";
import type { ApplicationArgs, description as application } from "../../src/resources/scaleway/application";

type Fields<D> = D extends { fields: infer F } ? F : never;
type InputName<F> = { [K in keyof F]: F[K] extends { input: z.ZodType } ? K : never }[keyof F];
/** What check accepts per input field. */
type Checked<D> = {
  [K in InputName<Fields<D>>]: Fields<D>[K] extends { input: infer S extends z.ZodType } ? z.infer<S> : never;
};
/** What the user writes per input, outputs unwrapped, without the inputs every entity shares. */
type Written<A> = { [K in Exclude<keyof A, "adopt" | "connection">]-?: pulumi.Unwrap<NonNullable<A[K]>> };

it("ApplicationArgs matches the Application fields", () => {
  expectTypeOf<Written<ApplicationArgs>>().toEqualTypeOf<Checked<typeof application>>();
});

it("ApiKeyArgs matches the ApiKey fields", () => {
  expectTypeOf<Written<ApiKeyArgs>>().toEqualTypeOf<Checked<typeof apiKey>>();
});

it("SpaceArgs matches the Space fields", () => {
  expectTypeOf<Written<SpaceArgs>>().toEqualTypeOf<Checked<typeof space>>();
});
