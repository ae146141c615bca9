// The pulumi-eurostack IAM policy pack; configure it with policy-config.json (`--policy-pack-config`).
const { PolicyPack } = require("@pulumi/policy");
const { PACK_NAME, policies } = require("pulumi-eurostack/policy");

new PolicyPack(PACK_NAME, { policies });
