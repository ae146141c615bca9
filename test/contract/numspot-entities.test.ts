import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeAllPools } from "../../src/client/http";
import { resetStackConfig } from "../../src/resources/config";
import { aclBindingProvider } from "../../src/resources/numspot/acl-binding";
import { iamPolicyBindingProvider } from "../../src/resources/numspot/iam-policy-binding";
import {
  getOpenShiftVersions,
  getPermission,
  getPermissions,
  getRole,
  getSpace,
} from "../../src/resources/numspot/lookups";
import { nodePoolProvider } from "../../src/resources/numspot/node-pool";
import { openShiftClusterProvider } from "../../src/resources/numspot/openshift-cluster";
import { roleProvider } from "../../src/resources/numspot/role";
import { serviceAccountProvider } from "../../src/resources/numspot/service-account";
import { userProvider } from "../../src/resources/numspot/user";
import type { EntityProvider } from "../../src/resources/provider";
import { type Sandbox, startSandbox } from "../../src/sandbox";
import { uuid } from "../../src/sandbox/ids";
import { coverageOf, type Exchange, problemsOf } from "../sandbox/numspot-openapi-check";
import { describeWithShared } from "../support/shared";

/**
 * Numspot's OpenAPI (and, for the role writes no published spec has, the redoc document) as the judge of every
 * request the Numspot clients build beyond Space: each entity's whole lifecycle and every look-up run through a
 * recording proxy in front of the sandbox, and each exchange must validate.
 */

let sandbox: Sandbox;
let proxy: Server;
let proxyUrl: string;
const exchanges: Exchange[] = [];

function startProxy(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", async () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === "string" && !["host", "connection", "content-length"].includes(key)) headers[key] = value;
      }
      const answer = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers,
        body: text === "" ? undefined : text,
      });
      const responseText = await answer.text();
      const contentType = answer.headers.get("content-type") ?? undefined;
      if (!req.url!.startsWith("/iam/token")) {
        exchanges.push({
          method: req.method!,
          url: req.url!,
          requestBody: text === "" ? undefined : JSON.parse(text),
          status: answer.status,
          contentType,
          body:
            responseText === "" ? undefined : contentType?.includes("json") ? JSON.parse(responseText) : responseText,
        });
      }
      const out: Record<string, string> = {};
      answer.headers.forEach((value, key) => {
        if (!["content-length", "transfer-encoding", "connection", "keep-alive"].includes(key)) out[key] = value;
      });
      res.writeHead(answer.status, out);
      res.end(responseText);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

beforeAll(async () => {
  sandbox = await startSandbox({ numspot: { operationPendingMs: 10, operationRunningMs: 40 } });
  proxy = await startProxy(sandbox.urls.numspot);
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  resetStackConfig();
});

afterAll(async () => {
  await closeAllPools();
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await sandbox?.stop();
});

describeWithShared("Numspot IAM and OpenShift contract (OpenAPI european-20250505 and the redoc document)", () => {
  it("every request the entities and look-ups send, and every answer, validate", async () => {
    const organisationId = sandbox.credentials.numspotOrganisationId;
    const connection = {
      host: proxyUrl,
      clientId: sandbox.credentials.numspotClientId,
      clientSecret: sandbox.credentials.numspotClientSecret,
      organisationId,
    };
    const spaceId = uuid();
    const now = new Date().toISOString();
    sandbox.state.numspot.spaces.set(spaceId, {
      id: spaceId,
      organisationId,
      name: "contract",
      description: "contract",
      createdOn: now,
      updatedOn: now,
      lifecycle: { startedAt: Date.now(), queuedMs: 0, runningMs: 0, outcome: "READY" },
    });

    async function lifecycle(
      provider: EntityProvider,
      inputs: Record<string, unknown>,
      change: Record<string, unknown>,
    ) {
      const checked = await provider.check({}, { ...inputs, connection });
      expect(checked.failures).toEqual([]);
      const created = await provider.create(checked.inputs!);
      const news = (await provider.check({}, { ...inputs, ...change, connection })).inputs!;
      const updated = await provider.update(created.id, created.outs!, news);
      await provider.read(created.id, updated.outs!);
      return { id: created.id, outs: updated.outs! };
    }

    const role = await lifecycle(
      roleProvider,
      { name: "contract-role", description: "c", permissions: ["openshift/clusters/get"] },
      { description: "changed", permissions: ["openshift/clusters/list"] },
    );
    const account = await lifecycle(
      serviceAccountProvider,
      { name: "contract-sa" },
      { tokenDuration: "PT2H", spaceIds: [spaceId] },
    );
    const user = await lifecycle(
      userProvider,
      { email: "contract@example.com", firstname: "C", lastname: "T", spaceIds: [spaceId] },
      { active: false, spaceIds: [] },
    );
    // Names change with a PUT (which needs active), the state alone with a PATCH.
    const renamed = (
      await userProvider.check(
        {},
        { email: "contract@example.com", firstname: "D", lastname: "T", active: false, connection },
      )
    ).inputs!;
    user.outs = (await userProvider.update(user.id, user.outs, renamed)).outs!;
    const binding = await lifecycle(
      iamPolicyBindingProvider,
      { serviceAccountId: account.id, roles: [role.id] },
      { roles: [], permissions: ["openshift/clusters/get"] },
    );
    const entry = {
      service: "openshift",
      resource: "clusters",
      resourceId: "c-1",
      permission: "openshift/clusters/get",
    };
    const acl = await lifecycle(
      aclBindingProvider,
      { userId: user.id, entries: [entry] },
      { entries: [{ ...entry, resourceId: "c-2" }] },
    );
    const cluster = await lifecycle(
      openShiftClusterProvider,
      {
        spaceId,
        name: "contract",
        cidr: "10.0.0.0/16",
        version: "4.16.19",
        nodePools: [{ name: "base", nodeProfile: "SMALL", nodeCount: 1 }],
      },
      { description: "changed" },
    );
    const pool = await lifecycle(
      nodePoolProvider,
      { spaceId, clusterId: cluster.id, name: "extra", nodeProfile: "MEDIUM", nodeCount: 2 },
      { nodeCount: 3 },
    );

    await getPermission({ service: "openshift", resource: "clusters", action: "get", connection });
    await getPermissions({ service: "openshift", connection });
    await getRole({ name: "Viewer", spaceId, connection });
    await getOpenShiftVersions({ spaceId, connection });
    await getSpace({ name: "contract", connection });

    await nodePoolProvider.delete(pool.id, pool.outs);
    await openShiftClusterProvider.delete(cluster.id, cluster.outs);
    await aclBindingProvider.delete(acl.id, acl.outs);
    await iamPolicyBindingProvider.delete(binding.id, binding.outs);
    await userProvider.delete(user.id, user.outs);
    await serviceAccountProvider.delete(account.id, account.outs);
    await roleProvider.delete(role.id, role.outs);

    expect(problemsOf(exchanges)).toEqual([]);
    const seen = coverageOf(exchanges);
    expect([...seen].filter((key) => key.startsWith("?"))).toEqual([]);
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        "CreateRole 201",
        "UpdateRole 200",
        "AddRolePermissions 200",
        "RemoveRolePermissions 200",
        "DeleteRole 204",
        "GetRolePermissionsOrganisation 200",
        "ListPermissionsOrganisation 200",
        "CreateServiceAccountOrganisation 201",
        "UpdateServiceAccountOrganisation 200",
        "AssignServiceAccountToSpace 200",
        "ListSpacesOfServiceAccount 200",
        "DeleteServiceAccountOrganisation 204",
        "CreateUserOrganisation 201",
        "UpdateUserOrganisation 200",
        "PatchUserStateOrganisation 200",
        "AssignUserToSpace 200",
        "UnassignUserSpace 204",
        "DeleteUserOrganisation 204",
        "GetIAMPolicyOrganisation 200",
        "SetIAMPolicyOrganisation 204",
        "CreateACLUserOrganisationBulk 201",
        "DeleteACLUserOrganisationBulk 204",
        "GetACLUserOrganisation 200",
        "CreateCluster 201",
        "GetCluster 200",
        "UpdateCluster 200",
        "DeleteCluster 202",
        "GetOperation 200",
        "CreateNodePool 201",
        "UpdateNodepool 202",
        "DeleteNodePool 202",
        "ListNodepools 200",
        "ListVersions 200",
        "ListRolesSpace 200",
        "ListSpaces 200",
      ]),
    );
  });
});
