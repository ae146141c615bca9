// The pack: the policies of pulumi-eurostack/policy (src/policy, built to dist/policy) under one PolicyPack.
// Configure them with a policy config file (`--policy-pack-config`); see docs/policy.md.
const { PolicyPack } = require("@pulumi/policy");
const { PACK_NAME, policies } = require("pulumi-eurostack/policy");

new PolicyPack(PACK_NAME, { policies });
