/**
 * How late every asynchronous kind notices that the sandbox finished its work (DESIGN §7: within max(250 ms, 10 % of
 * the wait)). All kinds run at once through one real plugin, as one `pulumi up` would run them: Numspot spaces
 * (QUEUED → RUNNING → READY), OpenShift cluster create and delete and node-pool create and scale (operations), and
 * the Sojobo 202 changes of SshKey, Credential, ControllerAccess and ModelAccess (no job id: GET until visible).
 *
 * Each kind runs PER_KIND operations whose work the sandbox finishes after waits spread evenly over 1–60 s (each kind
 * shifted a little so the kinds do not all finish at the same instants). For each operation, overshoot = the moment
 * the plugin answered − the moment the sandbox finished the work, read from the sandbox's own clock records (a
 * space's lifecycle, an operation's timeline, a 202 change's timeline); the bound is max(250 ms, 10 % of the wait
 * from the call to that moment). The sandbox answers at once (latency 0): what is measured is the provider's polling.
 * The GETs each operation made (polls and the final read) are counted from the sandbox's request log.
 */
import os from "node:os";
import {
  eurostack,
  median,
  ms,
  pluginSupport,
  processCpuMs,
  row,
  seconds,
  serializedProvider,
  startSandbox,
} from "./support.mjs";

const PER_KIND = 8;
const FIRST_MS = 1_000;
const LAST_MS = 60_000;
const KIND_SHIFT_MS = 40;
const MIN_BOUND_MS = 250;
/** Setup work (the clusters and pools the timed operations act on) finishes at once. */
const SETUP_MS = 50;
const QUEUED_MS = 300;
const PENDING_MS = 200;

const T = (name) => `pulumi-nodejs:dynamic/${name}`;
const CLUSTER = {
  cidr: "172.16.0.0/12",
  version: "4.16.19",
  nodePools: [{ name: "base", nodeProfile: "SMALL", nodeCount: 1 }],
};

/** One row each; how each kind runs and where its finishing moment is read is in `RUN` below. */
const KINDS = [
  { id: "space-create", label: "numspot.Space create (READY)" },
  { id: "cluster-create", label: "numspot.OpenShiftCluster create (operation)" },
  { id: "cluster-delete", label: "numspot.OpenShiftCluster delete (operation)" },
  { id: "pool-create", label: "numspot.NodePool create (operation)" },
  { id: "pool-scale", label: "numspot.NodePool scale (operation)" },
  { id: "ssh-key", label: "juju.SshKey add (202)" },
  { id: "credential", label: "juju.Credential add (202)" },
  { id: "controller-access", label: "juju.ControllerAccess set (202)" },
  { id: "model-access", label: "juju.ModelAccess set (202)" },
];

const spread =
  ({ perKind, firstMs, lastMs }) =>
  (kindIndex, i) =>
    firstMs + (perKind > 1 ? (i * (lastMs - firstMs)) / (perKind - 1) : 0) + kindIndex * KIND_SHIFT_MS;
const pad = (i) => String(i).padStart(2, "0");
const sshKey = (i) =>
  `ssh-ed25519 ${Buffer.from(`eurostack wait benchmark key ${pad(i)}`).toString("base64")} bench-${i}`;

export function benchWaits(log) {
  return runWaits(log, { perKind: PER_KIND, firstMs: FIRST_MS, lastMs: LAST_MS });
}

/**
 * The benchmark with another spread of waits ({perKind, firstMs, lastMs}), for a quick look at one end of it while
 * working on the poll schedule; `trace: true` also logs when each operation's polls arrived.
 */
export async function runWaits(log, options) {
  const { perKind } = options;
  const waitOf = spread(options);
  // Per-operation durations, looked up by the sandbox when the work starts.
  const spaceRunning = new Map();
  const operationRunning = new Map();
  const changeDelay = new Map();
  const sandbox = await startSandbox({
    numspot: {
      queuedMs: QUEUED_MS,
      runningMs: (name) => spaceRunning.get(name) ?? SETUP_MS,
      operationPendingMs: PENDING_MS,
      operationRunningMs: (op) =>
        operationRunning.get(`${op.type}/${op.clusterName}/${op.nodePoolName ?? ""}`) ?? SETUP_MS,
    },
    juju: { changeDelayMs: (kind, user) => changeDelay.get(`${kind}/${user}`) ?? SETUP_MS },
  });
  let plugin;
  try {
    const providers = {};
    const classes = {
      Space: [eurostack.numspot.Space, { name: "b", description: "b" }],
      OpenShiftCluster: [eurostack.numspot.OpenShiftCluster, { spaceId: "s", name: "b", ...CLUSTER }],
      NodePool: [
        eurostack.numspot.NodePool,
        { spaceId: "s", clusterId: "c", name: "b", nodeProfile: "SMALL", nodeCount: 1 },
      ],
      User: [eurostack.juju.User, { name: "b", password: "b" }],
      SshKey: [eurostack.juju.SshKey, { user: "b", publicKey: sshKey(0) }],
      Credential: [eurostack.juju.Credential, { user: "b", name: "b", type: "google", key: { file: "b" } }],
      ControllerAccess: [eurostack.juju.ControllerAccess, { user: "b", controller: "b", access: "login" }],
      ModelAccess: [eurostack.juju.ModelAccess, { user: "b", controller: "b", model: "b", access: "read" }],
    };
    for (const [name, [Resource, args]] of Object.entries(classes)) {
      providers[name] = (await serializedProvider(Resource, args)).provider;
    }
    plugin = await pluginSupport.startPlugin({ inheritEnv: false });
    const { credentials, urls } = sandbox;
    await plugin.configure(
      {
        "numspot:clientId": credentials.numspotClientId,
        "numspot:clientSecret": credentials.numspotClientSecret,
        "numspot:host": urls.numspot,
        "numspot:organisationId": credentials.numspotOrganisationId,
        "juju:url": urls.juju,
        "juju:apiKey": credentials.jujuApiKey,
        "juju:username": credentials.jujuUsername,
        "juju:password": credentials.jujuPassword,
      },
      { secretKeys: ["numspot:clientSecret", "juju:apiKey", "juju:password"] },
    );

    /** Check then Create, as the engine sends them; returns the inputs, the answer and when it was called/answered. */
    const create = async (type, name, inputs) => {
      const urn = plugin.urn(T(type), name);
      const checked = await plugin.check(urn, {}, { __provider: providers[type.split(":")[1]], ...inputs });
      if (checked.failures.length > 0) throw new Error(`${name}: check failed: ${JSON.stringify(checked.failures)}`);
      const called = Date.now();
      const created = await plugin.create(urn, checked.inputs);
      return { urn, inputs: checked.inputs, ...created, called, answered: Date.now() };
    };

    // Setup (finishes in SETUP_MS steps): a space, two clusters hosting the pool operations, one cluster per
    // timed delete, the pools to scale, and one Juju user per index.
    const setupStart = performance.now();
    const space = await create("numspot:Space", "wait-setup", { name: "wait-setup", description: "wait benchmark" });
    const spaceId = space.id;
    const cluster = (name) => create("numspot:OpenShiftCluster", name, { spaceId, name, ...CLUSTER });
    const [poolHostCreate, poolHostScale, ...toDelete] = await Promise.all([
      cluster("pool-host-create"),
      cluster("pool-host-scale"),
      ...Array.from({ length: perKind }, (_, i) => cluster(`wait-delete-${pad(i)}`)),
    ]);
    const poolInputs = (clusterId, name) => ({ spaceId, clusterId, name, nodeProfile: "SMALL", nodeCount: 1 });
    const toScale = await Promise.all(
      Array.from({ length: perKind }, (_, i) =>
        create("numspot:NodePool", `scale-${pad(i)}`, poolInputs(poolHostScale.id, `scale-${pad(i)}`)),
      ),
    );
    const users = Array.from({ length: perKind }, (_, i) => `wait-user-${pad(i)}`);
    await Promise.all(users.map((name) => create("juju:User", name, { name, password: `bench-${name}` })));
    log(
      `waits: setup ${seconds(performance.now() - setupStart)} (space, ${2 + perKind} clusters, ${perKind} pools, ${perKind} users)`,
    );

    const numspot = sandbox.state.numspot;
    const juju = sandbox.state.juju;
    const operationEnd = (type, clusterId, nodePoolName) => {
      const found = [...numspot.operations.values()].filter(
        (op) =>
          op.type === type &&
          op.clusterId === clusterId &&
          (nodePoolName === undefined || op.nodePoolName === nodePoolName),
      );
      const op = found.at(-1);
      if (!op) throw new Error(`no ${type} operation on cluster ${clusterId} ${nodePoolName ?? ""}`);
      const [pending, running, outcome] = op.timeline.stages;
      if (outcome.status !== "SUCCEEDED") throw new Error(`${type} ${op.id} ended ${outcome.status}`);
      return {
        at: op.timeline.startedAt + pending.ms + running.ms,
        paths: [`/openshift/spaces/${spaceId}/operations/${op.id}`],
      };
    };
    const changeEnd = (kind, user) => {
      const settled = juju.history.find((h) => h.change.kind === kind && h.change.user === user);
      if (!settled) throw new Error(`the ${kind} change of ${user} has not landed`);
      if (settled.status !== "landed") throw new Error(`the ${kind} change of ${user} ${settled.status}`);
      return settled.change.timeline.startedAt + settled.change.timeline.stages[0].ms;
    };
    const jujuPath = (user, rest) => `/users/${user}${rest}`;
    const poolsPath = (clusterId) => `/openshift/spaces/${spaceId}/clusters/${clusterId}/nodepools`;

    /** Per kind: set the sandbox's duration for operation i, then run it; returns {called, answered, finishedAt, paths}. */
    const RUN = {
      "space-create": {
        prepare: (i, wait) => spaceRunning.set(`wait-space-${pad(i)}`, wait - QUEUED_MS),
        run: async (i) => {
          const name = `wait-space-${pad(i)}`;
          const r = await create("numspot:Space", name, { name, description: `wait benchmark space ${i}` });
          if (r.properties.status !== "READY") throw new Error(`${name}: answered with status ${r.properties.status}`);
          const { startedAt, queuedMs, runningMs } = numspot.spaces.get(r.id).lifecycle;
          const paths = [`/organisations/${credentials.numspotOrganisationId}/spaces/${r.id}`];
          return { ...r, finishedAt: startedAt + queuedMs + runningMs, paths };
        },
      },
      "cluster-create": {
        prepare: (i, wait) => operationRunning.set(`CREATE_CLUSTER/wait-create-${pad(i)}/`, wait - PENDING_MS),
        run: async (i) => {
          const r = await cluster(`wait-create-${pad(i)}`);
          if (r.properties.state !== "ACTIVE")
            throw new Error(`cluster ${r.id}: answered with state ${r.properties.state}`);
          const end = operationEnd("CREATE_CLUSTER", r.id);
          return { ...r, finishedAt: end.at, paths: [...end.paths, `/openshift/spaces/${spaceId}/clusters/${r.id}`] };
        },
      },
      "cluster-delete": {
        prepare: (i, wait) => operationRunning.set(`DELETE_CLUSTER/wait-delete-${pad(i)}/`, wait - PENDING_MS),
        run: async (i) => {
          const target = toDelete[i];
          const called = Date.now();
          await plugin.delete(target.id, target.urn, target.properties, { oldInputs: target.inputs });
          const answered = Date.now();
          const end = operationEnd("DELETE_CLUSTER", target.id);
          return {
            called,
            answered,
            finishedAt: end.at,
            paths: [...end.paths, `/openshift/spaces/${spaceId}/clusters/${target.id}`],
          };
        },
      },
      "pool-create": {
        prepare: (i, wait) =>
          operationRunning.set(`CREATE_NODE_POOL/pool-host-create/wait-pool-${pad(i)}`, wait - PENDING_MS),
        run: async (i) => {
          const name = `wait-pool-${pad(i)}`;
          const r = await create("numspot:NodePool", name, poolInputs(poolHostCreate.id, name));
          if (!numspot.clusters.get(poolHostCreate.id).nodePools.has(name))
            throw new Error(`pool ${name} is not there`);
          const end = operationEnd("CREATE_NODE_POOL", poolHostCreate.id, name);
          return { ...r, finishedAt: end.at, paths: end.paths, shared: poolsPath(poolHostCreate.id) };
        },
      },
      "pool-scale": {
        prepare: (i, wait) =>
          operationRunning.set(`UPDATE_NODE_POOL/pool-host-scale/scale-${pad(i)}`, wait - PENDING_MS),
        run: async (i) => {
          const pool = toScale[i];
          const news = { ...pool.inputs, nodeCount: 3 };
          const checked = await plugin.check(pool.urn, pool.inputs, news);
          if (checked.failures.length > 0) throw new Error(`scale: check failed: ${JSON.stringify(checked.failures)}`);
          const called = Date.now();
          const updated = await plugin.update(pool.id, pool.urn, pool.properties, checked.inputs, {
            oldInputs: pool.inputs,
          });
          const answered = Date.now();
          const name = `scale-${pad(i)}`;
          if (updated.properties.nodeCount !== 3)
            throw new Error(`${name}: answered nodeCount ${updated.properties.nodeCount}`);
          if (numspot.clusters.get(poolHostScale.id).nodePools.get(name)?.nodeCount !== 3) {
            throw new Error(`${name}: the sandbox has not scaled it`);
          }
          const end = operationEnd("UPDATE_NODE_POOL", poolHostScale.id, name);
          return { called, answered, finishedAt: end.at, paths: end.paths, shared: poolsPath(poolHostScale.id) };
        },
      },
      "ssh-key": juju202(
        "add-ssh-key",
        (i) => ["juju:SshKey", `key-${pad(i)}`, { user: users[i], publicKey: sshKey(i) }],
        (u) => jujuPath(u, "/ssh"),
      ),
      credential: juju202(
        "add-credential",
        (i) => [
          "juju:Credential",
          `cred-${pad(i)}`,
          { user: users[i], name: "bench", type: "google", key: { file: `{"i":${i}}` } },
        ],
        (u) => jujuPath(u, "/credentials"),
      ),
      "controller-access": juju202(
        "controller-access",
        (i) => [
          "juju:ControllerAccess",
          `ca-${pad(i)}`,
          { user: users[i], controller: "eurostack", access: "add-model" },
        ],
        (u) => jujuPath(u, "/controllers/eurostack"),
      ),
      "model-access": juju202(
        "model-access",
        (i) => [
          "juju:ModelAccess",
          `ma-${pad(i)}`,
          { user: users[i], controller: "eurostack", model: "default", access: "write" },
        ],
        (u) => jujuPath(u, "/controllers/eurostack/models/default"),
      ),
    };

    /** A Sojobo 202 change: Create answers once GET shows it. */
    function juju202(kind, resource, path) {
      return {
        prepare: (i, wait) => changeDelay.set(`${kind}/${users[i]}`, wait),
        run: async (i) => {
          const [type, name, inputs] = resource(i);
          const r = await create(type, name, inputs);
          return { ...r, finishedAt: changeEnd(kind, users[i]), paths: [path(users[i])] };
        },
      };
    }

    const operations = KINDS.flatMap((kind, k) =>
      Array.from({ length: perKind }, (_, i) => ({ kind, i, wait: waitOf(k, i) })),
    );
    for (const op of operations) RUN[op.kind.id].prepare(op.i, op.wait);
    const firstRequest = sandbox.requests.length;
    log(
      `waits: ${operations.length} operations at once (${KINDS.length} kinds × ${perKind}, waits ${options.firstMs / 1000}–${(waitOf(KINDS.length - 1, perKind - 1) / 1000).toFixed(1)} s)`,
    );
    const timedStart = performance.now();
    const cpuBefore = { plugin: processCpuMs(plugin.pid), here: process.cpuUsage() };
    const results = await Promise.all(
      operations.map(async (op) => {
        const r = await RUN[op.kind.id].run(op.i);
        return { ...op, ...r };
      }),
    );
    const timedMs = performance.now() - timedStart;
    const pluginCpu = processCpuMs(plugin.pid) - cpuBefore.plugin;
    const hereCpu = process.cpuUsage(cpuBefore.here);
    const sent = sandbox.requests.length - firstRequest;
    log(
      `waits: all answered in ${seconds(timedMs)}; ${sent} requests (${Math.round(sent / (timedMs / 1000))}/s); CPU: plugin ${ms(pluginCpu)}, ` +
        `sandbox + engine stand-in ${ms((hereCpu.user + hereCpu.system) / 1000)}; load average ${os.loadavg()[0].toFixed(2)}`,
    );

    const requests = sandbox.requests.slice(firstRequest).filter((r) => r.method === "GET");
    const getsOn = (path) => requests.filter((r) => r.path === path).length;
    /** The first poll that could see the work finished: where the overshoot went (sampling gap, then answering). */
    const noticedAt = (r) =>
      requests.find((q) => q.at >= r.finishedAt && (r.paths.includes(q.path) || q.path === r.shared))?.at ?? r.answered;
    const rows = [];
    for (const kind of KINDS) {
      const mine = results.filter((r) => r.kind === kind);
      const shared = mine[0].shared ? getsOn(mine[0].shared) / mine.length : 0;
      const measured = mine.map((r) => {
        const overshoot = r.answered - r.finishedAt;
        const waited = r.finishedAt - r.called;
        const bound = Math.max(MIN_BOUND_MS, 0.1 * waited);
        const gets = r.paths.reduce((sum, path) => sum + getsOn(path), 0) + shared;
        const gap = noticedAt(r) - r.finishedAt;
        const trace = requests
          .filter((q) => r.paths.includes(q.path) && q.at >= r.called)
          .map((q) => q.at - r.called)
          .join(" ");
        return { i: r.i, overshoot, waited, bound, ratio: overshoot / bound, gets, gap, trace };
      });
      for (const m of measured) {
        if (options.trace) log(`waits: ${kind.id} #${m.i}: polls at ${m.trace}`);
        log(
          `waits: ${kind.id} #${m.i}: done after ${ms(m.waited)}, noticed ${ms(m.overshoot)} later (bound ${ms(m.bound)}; next poll after ${ms(m.gap)}, answer ${ms(m.overshoot - m.gap)} after it), ${m.gets.toFixed(1)} GETs`,
        );
      }
      if (measured.some((m) => m.overshoot < 0)) throw new Error(`${kind.id}: answered before the sandbox finished`);
      const worst = measured.reduce((a, b) => (b.ratio > a.ratio ? b : a));
      const longest = measured.reduce((a, b) => (b.waited > a.waited ? b : a));
      const gets = measured.map((m) => m.gets);
      rows.push(
        row({
          name: `${kind.label}: completion noticed (worst of ${perKind}, waits ${options.firstMs / 1000}–${options.lastMs / 1000} s)`,
          measured: ms(worst.overshoot),
          bound: ms(worst.bound),
          ratio: worst.ratio,
          notes:
            `worst after ${ms(worst.waited)}; median ratio ${median(measured.map((m) => m.ratio)).toFixed(2)}, ` +
            `median overshoot ${ms(median(measured.map((m) => m.overshoot)))}; GETs per operation: median ` +
            `${median(gets).toFixed(1)}, ${Math.max(...gets).toFixed(1)} at most, ${longest.gets.toFixed(1)} for the ${seconds(longest.waited)} wait`,
        }),
      );
    }
    return rows;
  } finally {
    await plugin?.stop();
    await sandbox.stop();
  }
}
