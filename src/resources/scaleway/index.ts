export { ApiKey, type ApiKeyArgs } from "./api-key";
export { Application, type ApplicationArgs } from "./application";
export type { ScalewayConnectionArgs } from "./connection";
