/**
 * The engine endpoint a provider plugin is started with (its one argument). The dynamic-provider plugin only checks
 * that the argument is there and never dials it today; `Log` calls, should a plugin make them, are recorded.
 */
import * as grpc from "@grpc/grpc-js";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";

export interface FakeEngine {
  address: string;
  stop(): void;
}

/** The engine endpoint the plugin is given. Only `Log` does anything: it is recorded with the plugin output. */
export async function startFakeEngine(record: (line: string) => void): Promise<FakeEngine> {
  const server = new grpc.Server();
  const severities: Record<number, string> = {
    [engineproto.LogSeverity.DEBUG]: "debug",
    [engineproto.LogSeverity.INFO]: "info",
    [engineproto.LogSeverity.WARNING]: "warning",
    [engineproto.LogSeverity.ERROR]: "error",
  };
  server.addService(enginerpc.EngineService, {
    log(
      call: grpc.ServerUnaryCall<engineproto.LogRequest, emptyproto.Empty>,
      cb: grpc.sendUnaryData<emptyproto.Empty>,
    ) {
      const req = call.request;
      record(`[engine ${severities[req.getSeverity()] ?? "log"}] ${req.getUrn()} ${req.getMessage()}\n`);
      cb(null, new emptyproto.Empty());
    },
    getRootResource(
      _call: grpc.ServerUnaryCall<engineproto.GetRootResourceRequest, engineproto.GetRootResourceResponse>,
      cb: grpc.sendUnaryData<engineproto.GetRootResourceResponse>,
    ) {
      cb(null, new engineproto.GetRootResourceResponse());
    },
    setRootResource(
      _call: grpc.ServerUnaryCall<engineproto.SetRootResourceRequest, engineproto.SetRootResourceResponse>,
      cb: grpc.sendUnaryData<engineproto.SetRootResourceResponse>,
    ) {
      cb(null, new engineproto.SetRootResourceResponse());
    },
    startDebugging(_call: unknown, cb: grpc.sendUnaryData<emptyproto.Empty>) {
      cb({ code: grpc.status.UNIMPLEMENTED, details: "not in the test engine" }, null);
    },
    requirePulumiVersion(_call: unknown, cb: grpc.sendUnaryData<unknown>) {
      cb(null, new engineproto.RequirePulumiVersionResponse());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { address: `127.0.0.1:${port}`, stop: () => server.forceShutdown() };
}
