/**
 * `pulumi-eurostack drift` across the systems, under the real engine against the sandbox: one stack holding a
 * Scaleway policy, a Numspot ACL binding and node pool, a Juju controller access and a FIWARE organization; drift
 * injected in each behind Pulumi's back is reported on the field that drifted, with its recorded and live values,
 * and nothing else in the stack is reported. Sandbox delays are short so the whole file stays well under 2 minutes.
 */
import * as pulumi from "@pulumi/pulumi";
import * as eurostack from "pulumi-eurostack";
import { expect, it } from "vitest";
import { runDrift } from "../../src/drift/check";
import { render } from "../../src/drift/cli";
import type { DriftReport, ResourceDrift } from "../../src/drift/report";
import { settleChanges } from "../../src/sandbox/juju";
import { describeEngine, type EngineStack, useEngineStack } from "../engine/support";

let env: () => EngineStack;

function program() {
  const { credentials } = env().sandbox;
  const app = new eurostack.scaleway.Application("app", { name: "systems-app" });
  new eurostack.scaleway.Policy("policy", {
    name: "systems-policy",
    applicationId: app.id,
    rules: [
      { permissionSetNames: ["IAMReadOnly"], organizationId: credentials.scalewayOrganizationId },
      { permissionSetNames: ["InstancesReadOnly"], projectIds: [credentials.scalewayProjectId] },
    ],
  });

  const space = new eurostack.numspot.Space("space", { name: "systems-space", description: "drift" });
  const account = new eurostack.numspot.ServiceAccount("account", { name: "systems-ci", spaceIds: [space.id] });
  const cluster = new eurostack.numspot.OpenShiftCluster("cluster", {
    spaceId: space.id,
    name: "systems",
    cidr: "172.16.0.0/12",
    version: "4.16.19",
    nodePools: [{ name: "base", nodeProfile: "SMALL", nodeCount: 1 }],
  });
  new eurostack.numspot.AclBinding("acls", {
    spaceId: space.id,
    serviceAccountId: account.id,
    entries: pulumi.output(cluster.id).apply((id) => [
      { service: "openshift", resource: "clusters", resourceId: id, permission: "openshift/clusters/get" },
      { service: "openshift", resource: "clusters", resourceId: id, permission: "openshift/clusters/update" },
    ]),
  });
  new eurostack.numspot.NodePool("pool", {
    spaceId: space.id,
    clusterId: cluster.id,
    name: "workers",
    nodeProfile: "MEDIUM",
    nodeCount: 2,
  });

  const user = new eurostack.juju.User("user", { name: "systems-user", password: "systems-user-password" });
  new eurostack.juju.ControllerAccess("controller", { user: user.name, controller: "eurostack", access: "add-model" });

  new eurostack.fiware.Organization("organization", {
    name: "systems-org",
    notificationUrl: "http://notify.example.com",
  });
  return {};
}

const byName = (report: DriftReport) =>
  Object.fromEntries(report.stacks.flatMap((s) => s.resources).map((r) => [r.name, r])) as Record<
    string,
    ResourceDrift
  >;

/** A rule as the drift report shows it: the state's camelCase outputs. */
const rule = (permissionSetNames: string[], scope: { organizationId?: string; projectIds?: string[] }) =>
  expect.objectContaining({ permissionSetNames, ...scope });

describeEngine("pulumi-eurostack drift in every system under the real engine", () => {
  env = useEngineStack("drift-systems", program, {
    sandbox: {
      numspot: { queuedMs: 20, runningMs: 50, operationPendingMs: 20, operationRunningMs: 100 },
      juju: { changeDelayMs: 50 },
    },
  });
  const state = () => env().sandbox.state;

  it("reports each system's drift on the field that drifted, recorded against live", { timeout: 110_000 }, async () => {
    await env().up();
    // The cluster's recorded `nodePools` are the pools at its create, the live value every pool the server has; the
    // entity compares that field as "initial pools" (never drift), and so does the drift check.
    const clean = await runDrift({ stacks: [env().stack.name], open: async () => env().stack });
    expect(clean.exitCode, render(clean, "text")).toBe(0);
    const checked = clean.stacks[0]!.checked;
    expect(checked).toBe(10);

    const { scalewayOrganizationId: organizationId, scalewayProjectId: projectId } = env().sandbox.credentials;
    const [policy] = [...state().scaleway.policies.values()];
    const kept = policy!.rules.find((r) => r.permission_set_names?.includes("IAMReadOnly"))!;
    policy!.rules = [kept];

    const [space] = [...state().numspot.spaces.values()];
    const [account] = [...state().numspot.serviceAccounts.values()];
    const [cluster] = [...state().numspot.clusters.values()];
    const acls = state().numspot.acls.get(`space:${space!.id}:serviceAccounts:${account!.id}`)!;
    acls.splice(1, 1);
    expect(acls).toHaveLength(1);
    cluster!.nodePools.get("workers")!.nodeCount = 5;

    settleChanges(state().juju);
    state().juju.users.get("systems-user")!.controllers[0]!.access = "superuser";

    state().fiware.organizations.get("systems-org")!.notification_url = "http://hijacked.example.com";

    const report = await runDrift({ stacks: [env().stack.name], open: async () => env().stack });
    expect(report.exitCode).toBe(2);
    expect(report.summary, render(report, "text")).toMatchObject({
      stacks: 1,
      checked,
      changed: 5,
      deleted: 0,
      pending: 0,
      errors: 0,
    });
    const found = byName(report);
    expect(Object.keys(found).sort()).toEqual(["acls", "controller", "organization", "policy", "pool"]);

    expect(found.policy).toMatchObject({ system: "scaleway", entity: "Policy", kind: "changed", planned: "update" });
    expect(found.policy!.fields).toEqual([
      {
        field: "rules",
        recorded: expect.arrayContaining([
          rule(["IAMReadOnly"], { organizationId }),
          rule(["InstancesReadOnly"], { projectIds: [projectId] }),
        ]),
        live: [rule(["IAMReadOnly"], { organizationId })],
        secret: false,
      },
    ]);
    expect(found.policy!.fields[0]!.recorded).toHaveLength(2);

    expect(found.acls).toMatchObject({ system: "numspot", entity: "AclBinding", kind: "changed", planned: "update" });
    expect(found.acls!.fields.map((f) => f.field)).toEqual(["entries"]);
    const entries = found.acls!.fields[0]!;
    expect(entries.recorded).toHaveLength(2);
    expect(entries.live).toHaveLength(1);
    for (const entry of [...(entries.recorded as object[]), ...(entries.live as object[])]) {
      expect(entry).toMatchObject({ service: "openshift", resource: "clusters", resourceId: cluster!.id });
    }

    expect(found.pool).toMatchObject({
      system: "numspot",
      entity: "NodePool",
      kind: "changed",
      planned: "update",
      fields: [{ field: "nodeCount", recorded: 2, live: 5, secret: false }],
    });
    // The hand-scaled pool also shows in the cluster's `nodePools` output, which never counts as drift.
    expect(found.cluster).toBeUndefined();
    expect(found.controller).toMatchObject({
      system: "juju",
      entity: "ControllerAccess",
      kind: "changed",
      planned: "update",
      fields: [{ field: "access", recorded: "add-model", live: "superuser", secret: false }],
    });
    expect(found.organization).toMatchObject({
      system: "fiware",
      entity: "Organization",
      kind: "changed",
      planned: "update",
      fields: [
        {
          field: "notificationUrl",
          recorded: "http://notify.example.com",
          live: "http://hijacked.example.com",
          secret: false,
        },
      ],
    });

    // The terminal report groups the five by system and names each field.
    const text = render(report, "text");
    for (const system of ["fiware", "juju", "numspot", "scaleway"]) expect(text).toContain(`  ${system}`);
    expect(text).toContain('access: "add-model" (recorded) → "superuser" (live)');
    expect(text).toContain("nodeCount: 2 (recorded) → 5 (live)");
    expect(text).toContain(
      'notificationUrl: "http://notify.example.com" (recorded) → "http://hijacked.example.com" (live)',
    );
  });
});
