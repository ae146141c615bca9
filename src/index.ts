/**
 * pulumi-eurostack: Pulumi dynamic resource providers for Scaleway IAM (and its legacy account API), Numspot,
 * Juju user management (Sojobo User-API) and the FIWARE Store.
 */

export * as fiware from "./resources/fiware";
export * as juju from "./resources/juju";
export * as numspot from "./resources/numspot";
export * as scaleway from "./resources/scaleway";
