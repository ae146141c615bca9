export type { NumspotConnectionArgs } from "./connection";
export { Space, type SpaceArgs, type SpaceTimeouts } from "./space";
