/**
 * The FIWARE Args interfaces, written by hand for users' hover docs, pinned to the fields tables at the type level
 * (as test/unit/args-match-fields.test.ts does for the other systems).
 */
import type * as pulumi from "@pulumi/pulumi";
import { expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { CurrencyArgs, description as currency } from "../../src/resources/fiware/currency";
import type { MarketplaceArgs, description as marketplace } from "../../src/resources/fiware/marketplace";
import type { OrganizationArgs, description as organization } from "../../src/resources/fiware/organization";
import type { RepositoryArgs, description as repository } from "../../src/resources/fiware/repository";
import type { RssArgs, description as rss } from "../../src/resources/fiware/rss";
import type { UnitArgs, description as unit } from "../../src/resources/fiware/unit";
import type { UserProfileArgs, description as userProfile } from "../../src/resources/fiware/user-profile";

type Fields<D> = D extends { fields: infer F } ? F : never;
type InputName<F> = { [K in keyof F]: F[K] extends { input: z.ZodType } ? K : never }[keyof F];
type Checked<D> = {
  [K in InputName<Fields<D>>]: Fields<D>[K] extends { input: infer S extends z.ZodType } ? z.infer<S> : never;
};
type Written<A> = { [K in Exclude<keyof A, "adopt" | "connection">]-?: pulumi.Unwrap<NonNullable<A[K]>> };

it("RssArgs matches the Rss fields", () => {
  expectTypeOf<Written<RssArgs>>().toEqualTypeOf<Checked<typeof rss>>();
});

it("MarketplaceArgs matches the Marketplace fields", () => {
  expectTypeOf<Written<MarketplaceArgs>>().toEqualTypeOf<Checked<typeof marketplace>>();
});

it("RepositoryArgs matches the Repository fields", () => {
  expectTypeOf<Written<RepositoryArgs>>().toEqualTypeOf<Checked<typeof repository>>();
});

it("UnitArgs matches the Unit fields", () => {
  expectTypeOf<Written<UnitArgs>>().toEqualTypeOf<Checked<typeof unit>>();
});

it("CurrencyArgs matches the Currency fields", () => {
  expectTypeOf<Written<CurrencyArgs>>().toEqualTypeOf<Checked<typeof currency>>();
});

it("OrganizationArgs matches the Organization fields", () => {
  expectTypeOf<Written<OrganizationArgs>>().toEqualTypeOf<Checked<typeof organization>>();
});

it("UserProfileArgs matches the UserProfile fields", () => {
  expectTypeOf<Written<UserProfileArgs>>().toEqualTypeOf<Checked<typeof userProfile>>();
});
