/**
 * `pulumi up` of a 300-resource stack mixing all five systems, under the real engine, then its no-change preview.
 * No waits: the sandbox makes spaces READY and lands Sojobo's 202 changes at once, so what is measured is the
 * engine, the plugin and the requests. Latency 20 ms, `--parallel 16`. Bound: requests × latency / parallelism (the
 * requests counted in the sandbox during the run). Dependencies (an API key on its application, a policy on its
 * group, a binding on its space and account, an access level on its user) make chains the bound ignores, so it is a
 * floor rather than a target; the no-change preview makes no request at all, so its figure is time per resource.
 */
import { generateKeyPairSync } from "node:crypto";
import { engineAvailable, openBenchStack, timed } from "./engine.mjs";
import { eurostack, ms, row, seconds, startSandbox } from "./support.mjs";

const LATENCY_MS = 20;
const PARALLEL = 16;

/** An OpenSSH ed25519 public key line (Scaleway keeps keys unique, so each SshKey needs its own). */
function sshKey(i) {
  const der = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" });
  const raw = der.subarray(der.length - 32);
  const part = (buffer) => Buffer.concat([Buffer.from([0, 0, 0, buffer.length]), buffer]);
  return `ssh-ed25519 ${Buffer.concat([part(Buffer.from("ssh-ed25519")), part(raw)]).toString("base64")} bench-${i}@host`;
}

const pad = (i) => String(i).padStart(3, "0");

/** The declared resources, by system; 300 in all. */
export function mixedProgram(keys, organizationId) {
  const counts = { scaleway: 0, numspot: 0, juju: 0, fiware: 0 };
  const add = (system, resource) => {
    counts[system]++;
    return resource;
  };
  return {
    counts,
    program: () => {
      for (const key of Object.keys(counts)) counts[key] = 0;
      // Scaleway: 40 applications (20 with a key), 10 groups of 2 applications each with a one-rule policy, 20 SSH keys.
      const apps = [];
      for (let i = 0; i < 40; i++) {
        const app = add(
          "scaleway",
          new eurostack.scaleway.Application(`app-${pad(i)}`, { name: `mixed-app-${pad(i)}`, tags: ["bench"] }),
        );
        apps.push(app);
        if (i < 20)
          add(
            "scaleway",
            new eurostack.scaleway.ApiKey(`key-${pad(i)}`, { applicationId: app.id, description: "bench" }),
          );
      }
      for (let i = 0; i < 10; i++) {
        const group = add(
          "scaleway",
          new eurostack.scaleway.Group(`group-${pad(i)}`, {
            name: `mixed-group-${pad(i)}`,
            applicationIds: [apps[2 * i].id, apps[2 * i + 1].id],
          }),
        );
        add(
          "scaleway",
          new eurostack.scaleway.Policy(`policy-${pad(i)}`, {
            name: `mixed-policy-${pad(i)}`,
            groupId: group.id,
            rules: [{ permissionSetNames: ["IAMReadOnly"], organizationId }],
          }),
        );
      }
      for (let i = 0; i < 20; i++)
        add(
          "scaleway",
          new eurostack.scaleway.SshKey(`ssh-${pad(i)}`, { name: `mixed-ssh-${pad(i)}`, publicKey: keys[i] }),
        );
      // Numspot: 4 spaces, each with 5 roles, 5 service accounts, 5 users and 5 bindings (one per account).
      for (let s = 0; s < 4; s++) {
        const space = add(
          "numspot",
          new eurostack.numspot.Space(`space-${s}`, { name: `mixed-space-${s}`, description: "bench" }),
        );
        for (let i = 0; i < 5; i++) {
          const n = `${s}-${i}`;
          const role = add(
            "numspot",
            new eurostack.numspot.Role(`role-${n}`, {
              spaceId: space.id,
              name: `mixed-role-${n}`,
              description: "bench",
              permissions: ["openshift/clusters/get"],
            }),
          );
          const account = add(
            "numspot",
            new eurostack.numspot.ServiceAccount(`account-${n}`, { name: `mixed-account-${n}`, spaceIds: [space.id] }),
          );
          add(
            "numspot",
            new eurostack.numspot.User(`user-${n}`, {
              email: `mixed-${n}@example.com`,
              firstname: "Mixed",
              lastname: `User ${n}`,
            }),
          );
          add(
            "numspot",
            new eurostack.numspot.IamPolicyBinding(`binding-${n}`, {
              spaceId: space.id,
              serviceAccountId: account.id,
              roles: [role.id],
            }),
          );
        }
      }
      // Juju: 28 users, each with a controller access level.
      for (let i = 0; i < 28; i++) {
        const user = add(
          "juju",
          new eurostack.juju.User(`juju-user-${pad(i)}`, {
            name: `mixed-user-${pad(i)}`,
            password: `bench-password-${i}`,
          }),
        );
        add(
          "juju",
          new eurostack.juju.ControllerAccess(`juju-access-${pad(i)}`, {
            user: user.name,
            controller: "eurostack",
            access: "add-model",
          }),
        );
      }
      // FIWARE: 20 units, 20 repositories, 20 marketplaces.
      for (let i = 0; i < 20; i++) {
        add(
          "fiware",
          new eurostack.fiware.Unit(`unit-${pad(i)}`, {
            name: `mixed-unit-${pad(i)}`,
            definedModel: "subscription",
            renovationPeriod: 30,
          }),
        );
        add(
          "fiware",
          new eurostack.fiware.Repository(`repository-${pad(i)}`, {
            name: `mixed repository ${pad(i)}`,
            host: `http://repository-${i}.example.com`,
            apiVersion: 2,
            offeringCollection: "offerings",
            resourceCollection: "resources",
          }),
        );
        add(
          "fiware",
          new eurostack.fiware.Marketplace(`market-${pad(i)}`, {
            name: `mixed-market-${pad(i)}`,
            host: `http://market-${i}.example.com`,
            apiVersion: 2,
          }),
        );
      }
    },
  };
}

export async function benchMixedUp(log) {
  if (!engineAvailable()) throw new Error("no Pulumi CLI: run the benchmarks through scripts/with-pulumi.sh");
  const sandbox = await startSandbox({ numspot: { queuedMs: 0, runningMs: 0 }, juju: { changeDelayMs: 0 } });
  const keys = Array.from({ length: 20 }, (_, i) => sshKey(i));
  const { counts, program } = mixedProgram(keys, sandbox.credentials.scalewayOrganizationId);
  const stack = await openBenchStack("bench-mixed", program, { sandbox });
  try {
    sandbox.setLatency(LATENCY_MS);
    let first = sandbox.requests.length;
    const up = await timed(stack, () => stack.stack.up({ parallel: PARALLEL }));
    const upRequests = sandbox.requests.length - first;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const created = up.result.summary.resourceChanges?.create ?? 0;
    if (created !== total + 1) throw new Error(`up created ${created} resources, not ${total} and the stack`);
    log(`mixed-up: ${total} resources (${JSON.stringify(counts)}) in ${seconds(up.elapsed)}, ${upRequests} requests`);

    first = sandbox.requests.length;
    const preview = await timed(stack, () => stack.stack.preview({ parallel: PARALLEL, expectNoChanges: true }));
    const previewRequests = sandbox.requests.length - first;
    log(`mixed-up: no-change preview in ${seconds(preview.elapsed)}, ${previewRequests} requests`);
    const bound = (upRequests * LATENCY_MS) / PARALLEL;
    const bytes = stack.stateBytes();
    return [
      row({
        name: `pulumi up of ${total} resources mixing all five systems (no waits), ${LATENCY_MS} ms latency, --parallel ${PARALLEL}`,
        measured: seconds(up.elapsed),
        bound: seconds(bound),
        ratio: up.elapsed / bound,
        target: 1.2,
        notes: `${upRequests} requests (${(upRequests / total).toFixed(2)} per resource); ${JSON.stringify(counts).replace(/"/g, "")}; plugin CPU ${seconds(up.pluginCpuMs)}; state ${Math.round(bytes / total)} B per resource`,
      }),
      row({
        name: `its no-change preview: time per resource`,
        measured: ms(preview.elapsed / total),
        bound: "—",
        ratio: Number.NaN,
        target: Number.NaN,
        notes: `whole preview ${seconds(preview.elapsed)}, ${previewRequests} requests; plugin CPU ${seconds(preview.pluginCpuMs)}`,
        informational: true,
      }),
    ];
  } finally {
    await stack.close();
    await sandbox.stop();
  }
}
