// The host's floor: a dynamic resource whose provider does nothing — create echoes its inputs (with the same output
// fields an application has, so the state carries as much per resource), read answers the props it is given, no
// HTTP and no package code. Refreshing it through the same engine and plugin measures what the SDK's plugin costs per
// resource (gRPC, Struct conversion, provider look-up); the difference to a real refresh is our own cost.
const pulumi = require("@pulumi/pulumi");

const floorProvider = {
  async create(inputs) {
    const now = "2026-01-01T00:00:00Z";
    const outs = {
      ...inputs,
      description: "",
      organizationId: "11111111-1111-4111-8111-111111111111",
      createdAt: now,
      updatedAt: now,
      editable: true,
      deletable: true,
      managed: false,
      nbApiKeys: 0,
    };
    return { id: `floor-${inputs.name}`, outs };
  },
  async read(id, props) {
    return { id, props };
  },
};

class FloorResource extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(floorProvider, name, args, opts, "bench", "FloorResource");
  }
}

module.exports = { FloorResource };
