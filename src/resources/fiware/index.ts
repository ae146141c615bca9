export type { FiwareConnectionArgs } from "./connection";
export { Currency, type CurrencyArgs } from "./currency";
export { Marketplace, type MarketplaceArgs, type MarketplaceCredentials } from "./marketplace";
export type { Limits, PaymentInfo, RevenueModels, TaxAddress } from "./names";
export { Organization, type OrganizationArgs } from "./organization";
export { Repository, type RepositoryArgs } from "./repository";
export { Rss, type RssArgs } from "./rss";
export { Unit, type UnitArgs } from "./unit";
export { UserProfile, type UserProfileArgs } from "./user-profile";
