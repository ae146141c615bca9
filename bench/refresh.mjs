/**
 * Refresh of 1,000 scaleway.Application resources through the real plugin, 16 reads in flight, sandbox latency
 * 20 ms. Bound: 1000 × 20 ms / 16 = 1.25 s; target ≤ 1.5 × the bound. Also checks that a refresh makes exactly one
 * GET per resource and nothing else.
 *
 * Setup: one real `up` of a template application gives the exact state entry the engine stores (including the
 * `__provider` the SDK serialized from the built Resource class); the 1,000 applications are then put straight into
 * the sandbox's state and their state entries derived from the template (after one refresh of it, so its inputs are
 * the normalized ones Read returns), so the setup costs no requests. Every read must come back unchanged (no
 * drift), which checks that the derived entries match what the provider stores.
 *
 * Each measured run starts a fresh plugin, as every `pulumi refresh` does, so the plugin's own warm-up (JIT, first
 * load of the runtime) is inside the number; Configure is inside too. One unmeasured refresh first warms this
 * process, which plays the engine (a Go program in real life) and hosts the sandbox.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { eurostack, lifecycleSupport, median, pluginSupport, row, seconds, startSandbox } from "./support.mjs";

const COUNT = 1000;
const LATENCY_MS = 20;
const PARALLEL = 16;
const RUNS = 3;
const TARGET = 1.2;

/** Output key → field of the API record (everything else keeps the template's value, e.g. `adopted`). */
const FIELDS = {
  name: "name",
  description: "description",
  tags: "tags",
  organizationId: "organization_id",
  createdAt: "created_at",
  updatedAt: "updated_at",
  editable: "editable",
  deletable: "deletable",
  managed: "managed",
  nbApiKeys: "nb_api_keys",
};

/** CPU time (user + system) of a process, in ms, from /proc (Linux); undefined elsewhere. */
function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

function checkRequests(requests, state) {
  const gets = new Map();
  for (const request of requests) {
    const match = /^\/iam\/v1alpha1\/applications\/([^/]+)$/.exec(request.path);
    if (request.method === "GET" && match) gets.set(match[1], (gets.get(match[1]) ?? 0) + 1);
  }
  const onePerResource = state.resources.every((r) => gets.get(r.id) === 1);
  if (requests.length === COUNT && onePerResource) return;
  const kinds = {};
  for (const r of requests) {
    const kind = `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ":id")}`;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  throw new Error(`refresh made ${requests.length} requests, not one GET per resource: ${JSON.stringify(kinds)}`);
}

export async function benchRefresh(log) {
  const sandbox = await startSandbox();
  const plugins = [];
  const startPlugin = async () => {
    const plugin = await pluginSupport.startPlugin({ inheritEnv: false });
    plugins.push(plugin);
    return plugin;
  };
  try {
    const config = {
      "scaleway:secretKey": sandbox.credentials.scalewaySecretKey,
      "scaleway:apiUrl": sandbox.urls.scaleway,
      "scaleway:organizationId": sandbox.credentials.scalewayOrganizationId,
    };
    const secretKeys = ["scaleway:secretKey"];
    const engine = (plugin, state) => ({ plugin, state, config, secretKeys, parallel: PARALLEL });

    const setupPlugin = await startPlugin();
    const template = { resources: [] };
    await lifecycleSupport.up(
      () => {
        new eurostack.scaleway.Application("template", { name: "bench-template", tags: ["bench"] });
      },
      engine(setupPlugin, template),
    );
    // A first refresh stores the inputs as Read returns them (normalized, e.g. description ""), as after any
    // refresh: from then on an unchanged application refreshes as "same".
    await lifecycleSupport.refresh(engine(setupPlugin, template));
    const entry = template.resources.find((r) => r.name === "template");
    if (!entry) throw new Error("the template up stored no application");

    const apps = sandbox.state.scaleway.applications;
    const templateRecord = apps.get(entry.id);
    const state = { resources: [] };
    for (let i = 0; i < COUNT; i++) {
      const name = `bench-app-${String(i).padStart(4, "0")}`;
      const record = { ...templateRecord, id: randomUUID(), name, tags: [...templateRecord.tags] };
      apps.set(record.id, record);
      const outputs = { ...entry.outputs };
      for (const [key, field] of Object.entries(FIELDS)) if (key in outputs) outputs[key] = record[field];
      const resource = structuredClone(entry);
      Object.assign(resource, { urn: setupPlugin.urn(entry.type, name), name, id: record.id, outputs });
      resource.inputs = { ...entry.inputs, name };
      state.resources.push(resource);
    }
    sandbox.setLatency(LATENCY_MS);
    log(`refresh: ${COUNT} applications seeded; latency ${LATENCY_MS} ms, ${PARALLEL} reads in flight`);
    const warm = performance.now();
    await lifecycleSupport.refresh(engine(setupPlugin, state));
    log(`refresh: warm-up run (this process, not counted): ${seconds(performance.now() - warm)}`);
    await setupPlugin.stop();

    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const plugin = await startPlugin();
      const first = sandbox.requests.length;
      const pluginCpu = processCpuMs(plugin.pid);
      const ownCpu = process.cpuUsage();
      const started = performance.now();
      const { summary } = await lifecycleSupport.refresh(engine(plugin, state));
      const elapsed = performance.now() - started;
      const own = process.cpuUsage(ownCpu);
      const cpu = {
        plugin: pluginCpu === undefined ? undefined : processCpuMs(plugin.pid) - pluginCpu,
        own: (own.user + own.system) / 1000,
      };
      await plugin.stop();
      if (summary.sames !== COUNT) {
        throw new Error(`refresh saw drift or losses: ${JSON.stringify({ ...summary, steps: summary.steps.length })}`);
      }
      checkRequests(sandbox.requests.slice(first), state);
      runs.push({ elapsed, cpu });
      log(
        `refresh: run ${run + 1} (fresh plugin): ${seconds(elapsed)}; CPU plugin ${cpu.plugin ?? "?"} ms, engine+sandbox ${Math.round(cpu.own)} ms`,
      );
    }
    const bound = (COUNT * LATENCY_MS) / PARALLEL;
    const measured = median(runs.map((r) => r.elapsed));
    const pluginCpu = runs.every((r) => r.cpu.plugin !== undefined) ? median(runs.map((r) => r.cpu.plugin)) : undefined;
    const ownCpu = median(runs.map((r) => r.cpu.own));
    return [
      row({
        name: `refresh of ${COUNT} scaleway.Application, ${LATENCY_MS} ms latency, ${PARALLEL} reads in flight`,
        measured: seconds(measured),
        bound: seconds(bound),
        ratio: measured / bound,
        target: TARGET,
        notes:
          `median of ${RUNS} runs, each with a fresh plugin (${runs.map((r) => seconds(r.elapsed)).join(", ")}); ` +
          `${Math.round(COUNT / (measured / 1000))} reads/s; median CPU: plugin ${pluginCpu === undefined ? "?" : Math.round(pluginCpu)} ms, ` +
          `engine stand-in + sandbox ${Math.round(ownCpu)} ms`,
      }),
      row({
        name: "requests per refreshed resource",
        measured: "1 GET",
        bound: "1 GET",
        ratio: 1,
        target: 1,
        notes: `every run: ${COUNT} requests in all, each a GET of one application, one per resource`,
      }),
    ];
  } finally {
    for (const plugin of plugins) await plugin.stop();
    await sandbox.stop();
  }
}
