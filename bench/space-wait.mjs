/**
 * How late numspot.Space's create notices that the space is READY. Spaces whose READY time is spread evenly over
 * 1–30 s after creation are created concurrently through the real plugin (Check, then Create, as the engine sends
 * them). For each, overshoot = the moment Create answered − the moment the sandbox made the space READY (from its
 * lifecycle: accepted at `startedAt`, QUEUED `queuedMs`, RUNNING `runningMs`). DESIGN §7 bound:
 * max(250 ms, 10 % of the elapsed wait), the elapsed wait being from the Create call to the READY moment. The
 * sandbox answers at once (latency 0): what is measured is the provider's polling, not the network.
 */
import { eurostack, median, ms, pluginSupport, row, serializedProvider, startSandbox } from "./support.mjs";

const SPACES = 16;
const QUEUED_MS = 500;
const FIRST_READY_MS = 1_000;
const LAST_READY_MS = 30_000;
const MIN_BOUND_MS = 250;

const readyAfter = (index) => FIRST_READY_MS + (index * (LAST_READY_MS - FIRST_READY_MS)) / (SPACES - 1);
const spaceName = (index) => `bench-space-${String(index).padStart(2, "0")}`;

export async function benchSpaceWait(log) {
  const runningMs = new Map(Array.from({ length: SPACES }, (_, i) => [spaceName(i), readyAfter(i) - QUEUED_MS]));
  const sandbox = await startSandbox({
    numspot: { queuedMs: QUEUED_MS, runningMs: (name) => runningMs.get(name) ?? 2_000 },
  });
  let plugin;
  try {
    const { provider } = await serializedProvider(eurostack.numspot.Space, { name: "bench", description: "bench" });
    plugin = await pluginSupport.startPlugin({ inheritEnv: false });
    await plugin.configure(
      {
        "numspot:clientId": sandbox.credentials.numspotClientId,
        "numspot:clientSecret": sandbox.credentials.numspotClientSecret,
        "numspot:host": sandbox.urls.numspot,
        "numspot:organisationId": sandbox.credentials.numspotOrganisationId,
      },
      { secretKeys: ["numspot:clientSecret"] },
    );
    const type = "pulumi-nodejs:dynamic/numspot:Space";
    log(`space-wait: ${SPACES} spaces, READY ${FIRST_READY_MS / 1000}–${LAST_READY_MS / 1000} s after creation`);

    const results = await Promise.all(
      Array.from({ length: SPACES }, async (_, index) => {
        const name = spaceName(index);
        const urn = plugin.urn(type, name);
        const news = { __provider: provider, name, description: `benchmark space ${index}` };
        const checked = await plugin.check(urn, {}, news);
        if (checked.failures.length > 0) throw new Error(`${name}: check failed: ${JSON.stringify(checked.failures)}`);
        const called = Date.now();
        const created = await plugin.create(urn, checked.inputs);
        const answered = Date.now();
        const record = sandbox.state.numspot.spaces.get(created.id);
        if (!record) throw new Error(`${name}: create answered id ${created.id}, which the sandbox does not have`);
        if (created.properties.status !== "READY") {
          throw new Error(`${name}: create answered with status ${created.properties.status}`);
        }
        const { startedAt, queuedMs, runningMs: running, outcome } = record.lifecycle;
        if (outcome !== "READY") throw new Error(`${name}: the sandbox made the space ${outcome}`);
        const readyAt = startedAt + queuedMs + running;
        const overshoot = answered - readyAt;
        const waited = readyAt - called;
        const bound = Math.max(MIN_BOUND_MS, 0.1 * waited);
        const polls = sandbox.requests.filter((r) => r.method === "GET" && r.path.endsWith(`/spaces/${created.id}`));
        log(
          `space-wait: ${name}: READY after ${ms(waited)}, noticed ${ms(overshoot)} later (bound ${ms(bound)}), ${polls.length} polls`,
        );
        return { name, waited, overshoot, bound, ratio: overshoot / bound, polls: polls.length };
      }),
    );
    if (results.some((r) => r.overshoot < 0)) throw new Error("a create answered before its space was READY");
    const worst = results.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const ratios = results.map((r) => r.ratio);
    return [
      row({
        name: `numspot.Space create: READY noticed (worst of ${SPACES}, READY after 1–30 s)`,
        measured: ms(worst.overshoot),
        bound: ms(worst.bound),
        ratio: worst.ratio,
        target: 1,
        notes:
          `worst: ${worst.name}, READY after ${ms(worst.waited)}; median ratio ${median(ratios).toFixed(2)}, ` +
          `median overshoot ${ms(median(results.map((r) => r.overshoot)))}; ` +
          `${median(results.map((r) => r.polls))} GETs per space (median), ${Math.max(...results.map((r) => r.polls))} at most`,
      }),
    ];
  } finally {
    await plugin?.stop();
    await sandbox.stop();
  }
}
