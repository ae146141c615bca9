/**
 * Benchmarks (DESIGN §6, §7), against the sandbox on loopback, through the built package and the real plugin.
 *
 *   scripts/with-node.sh npm run bench                       # all, then rewrite "Latest results" in docs/benchmarks.md
 *   scripts/with-node.sh node bench/run.mjs refresh cold-start   # some (docs untouched unless --write)
 *
 * Each benchmark prints a ratio to its bound. A missed target is reported in the table, not as a failure: the exit
 * status is non-zero only when a benchmark could not run (an error or its time limit).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchColdStart } from "./cold-start.mjs";
import { benchEngineRefresh } from "./engine-refresh.mjs";
import { benchGrowth } from "./growth.mjs";
import { benchMixedUp } from "./mixed-up.mjs";
import { benchProviderSize } from "./provider-size.mjs";
import { benchRefresh } from "./refresh.mjs";
import { benchSandboxRate } from "./sandbox-rate.mjs";
import { row } from "./support.mjs";
import { benchWaits } from "./waits.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DOC = path.join(ROOT, "docs", "benchmarks.md");
const RESULTS_HEADING = "## Latest results";
const ANALYSIS_HEADING = "## What the figures say";

const BENCHMARKS = [
  { id: "refresh", title: "refresh of 1,000 resources (engine stand-in)", run: benchRefresh, limitMs: 180_000 },
  {
    id: "engine-refresh",
    title: "pulumi refresh of 1,000 resources, and the host's floor",
    run: benchEngineRefresh,
    limitMs: 600_000,
  },
  { id: "mixed-up", title: "pulumi up of 300 resources of all five systems", run: benchMixedUp, limitMs: 600_000 },
  { id: "growth", title: "how cost grows: 100, 1,000, 5,000 resources", run: benchGrowth, limitMs: 1_200_000 },
  { id: "waits", title: "async wait overshoot, every asynchronous kind", run: benchWaits, limitMs: 150_000 },
  { id: "provider-size", title: "`__provider` size", run: benchProviderSize, limitMs: 60_000 },
  { id: "cold-start", title: "plugin cold start", run: benchColdStart, limitMs: 60_000 },
  { id: "sandbox-rate", title: "sandbox request rate on loopback", run: benchSandboxRate, limitMs: 60_000 },
];

const HEADER = `# Benchmarks

Run with \`scripts/with-node.sh npm run bench\` (builds, then \`node bench/run.mjs\` through \`scripts/with-pulumi.sh\`,
which brings the pinned CLI; Node ≥ 22). Everything runs against the sandbox on loopback, through the built package
(\`dist/\`) and the real dynamic-provider plugin, started by the real engine (2–4) or as the engine starts it
(\`test/support/plugin.ts\`; 1, 5, 7). Each benchmark is bounded in time and stops by itself. A ratio is
measured ÷ bound; the target is met when the ratio is at most the target (DESIGN §7). A missed target shows as
**MISSED** in the table; the command fails only when a benchmark cannot run. \`npm test\` does not run these.
One benchmark, after a build: \`scripts/with-node.sh scripts/with-pulumi.sh node bench/run.mjs engine-refresh\`; with
\`EUROSTACK_BENCH_CPU_PROF=<dir>\`, every plugin the engine starts writes a V8 CPU profile there.

1. **refresh** — the engine stand-in (our lifecycle driver) refreshing 1,000 \`scaleway.Application\` through the real
   plugin, 16 reads in flight, sandbox answering after 20 ms. Bound 1000 × 20 ms / 16 = 1.25 s, target ≤ 1.2. Each
   measured run starts a fresh plugin (warm-up and Configure included). Exactly one GET per resource, no drift.
2. **engine-refresh** — the same refresh as a whole \`pulumi refresh --parallel 16\` of the pinned CLI (real engine,
   state in a file backend), side by side with **the host's floor**: the same refresh of 1,000 do-nothing dynamic
   resources (\`bench/floor-provider.cjs\`: read answers its props, no HTTP), alternately, 3 runs each. Same bound and
   target. The plugins the engine starts report their own CPU time and peak memory (\`bench/plugin-usage.cjs\`,
   preloaded through NODE_OPTIONS); our plugin CPU per refreshed resource is compared with the floor's (target: ours
   ≤ floor + 0.3 ms). The state is made by one real \`up\` of a template resource, copied by \`stack import\`.
3. **mixed-up** — \`pulumi up --parallel 16\` of 300 resources of all five systems (Scaleway applications, keys,
   groups, policies, SSH keys; Numspot spaces, roles, service accounts, users, bindings; Juju users and controller
   access; FIWARE units, repositories, marketplaces), 20 ms latency, no waits (spaces READY and Sojobo changes landed
   at once). Bound: requests counted × 20 ms / 16. Then its no-change preview (no request), as time per resource.
4. **growth** — \`pulumi refresh\` and the no-change \`pulumi preview\` of 100, 1,000 and 5,000 applications: time,
   requests, plugin peak memory, state bytes per resource, and a straight-line fit from the two largest sizes.
5. **waits** — every asynchronous kind at once through one plugin, 8 operations of each, the sandbox finishing their
   work after waits spread evenly over 1–60 s: \`numspot.Space\` create (READY), \`OpenShiftCluster\` create and
   delete and \`NodePool\` create and scale (operations), and the Sojobo 202 changes of \`juju.SshKey\`,
   \`Credential\`, \`ControllerAccess\` and \`ModelAccess\` (GET until visible). Overshoot = the plugin answered − the
   moment the sandbox finished the work (from its own records: a space's lifecycle, an operation's or a change's
   timeline); bound max(250 ms, 10 % of the wait from the call to that moment); one row per kind with its worst
   ratio (target ≤ 1), the median, and the GETs each operation cost (polls and the final read).
6. **provider-size** — the \`__provider\` the SDK serializes for every Resource class the package exports, with the
   credentials in the environment, the stack config and a secret \`connection\` argument. Bound 1,024 bytes; no
   credential value may appear in it.
7. **cold-start** — spawn of the plugin to GetPluginInfo answered, and to the first Check answered (after
   Configure); median of 5; bound 500 ms. The same plugin serving a trivial provider (the floor's) is timed
   alternately: the difference is what loading our package adds.
8. **sandbox-rate** — the sandbox alone in its own process (no latency, no faults) and 16 keep-alive clients (undici,
   one connection per origin each) sending, back to back for 5 s after 1 s of warm-up, GET of an application (50 %),
   GET of a space (30 %) and a page of 20 applications (20 %). Bound ≥ 4,000 req/s: 5 × the fastest rate any
   benchmark asks of the sandbox (refresh: 1,000 GETs in 1.25 s = 800 req/s), so that at that rate it takes at most
   a fifth of one core and is never the bottleneck; the same bound as sandbox CPU per request, ≤ 250 µs (less
   disturbed by other work on the machine, which slows the clients too). p50/p99 latency in the notes, and
   \`wrk\`'s rate for GET of an application when \`wrk\` is installed.

The machine is shared: other work running at the same time (see the load average) slows the timing benchmarks.
`;

function machine() {
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "bench", "test/support"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    if (dirty) commit += " (+ uncommitted changes)";
  } catch {}
  const cpus = os.cpus();
  return {
    cpus: `${os.availableParallelism()} × ${cpus[0]?.model?.trim() ?? "unknown CPU"}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    commit,
  };
}

function withLimit(promise, limitMs, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${limitMs / 1000} s`)), limitMs);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

const fmtRatio = (r) => (Number.isFinite(r) ? r.toFixed(2) : r === Number.POSITIVE_INFINITY ? "∞" : "—");
const result = (r) => (r.error !== undefined ? "**ERROR**" : r.informational ? "—" : r.ok ? "met" : "**MISSED**");
const cell = (text) => String(text).replaceAll("|", "\\|").replaceAll("\n", " ");

function table(rows) {
  const lines = [
    "| # | benchmark | measured | bound | ratio | target | result | notes |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.index} | ${cell(r.name)} | ${cell(r.measured)} | ${cell(r.bound)} | ${fmtRatio(r.ratio)} | ${Number.isFinite(r.target) ? `≤ ${r.target}` : "—"} | ${result(r)} | ${cell(r.notes)} |`,
    );
  }
  return lines.join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith("--")));
  const names = args.filter((a) => !a.startsWith("--"));
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.id === n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(", ")}; choose from ${BENCHMARKS.map((b) => b.id).join(", ")}`);
    return 2;
  }
  const selected = names.length ? BENCHMARKS.filter((b) => names.includes(b.id)) : BENCHMARKS;
  const write = flags.has("--write") || (names.length === 0 && !flags.has("--no-write"));

  const started = performance.now();
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const rows = [];
  for (const bench of selected) {
    const index = BENCHMARKS.indexOf(bench) + 1;
    const t0 = performance.now();
    console.log(`\n== ${index}. ${bench.id}: ${bench.title}`);
    try {
      const benchRows = await withLimit(
        bench.run((line) => console.log(`   ${line}`)),
        bench.limitMs,
        bench.id,
      );
      for (const r of benchRows) rows.push({ ...r, index });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`   ${bench.id} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
      rows.push({
        ...row({ name: bench.title, measured: "—", bound: "—", ratio: Number.NaN, error: message, notes: message }),
        index,
      });
    }
    console.log(`   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const totalS = (performance.now() - started) / 1000;
  const loadAfter = os.loadavg();
  const info = machine();
  const missed = rows.filter((r) => r.error === undefined && !r.ok);
  const errors = rows.filter((r) => r.error !== undefined);

  const results = [
    RESULTS_HEADING,
    "",
    `${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC · commit ${info.commit} · total ${totalS.toFixed(1)} s`,
    "",
    `Machine: ${info.cpus} (\`nproc\` ${os.availableParallelism()}), ${info.memory} memory, Node ${info.node}, ${info.os}; ` +
      `load average ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after (1 min).`,
    "",
    table(rows),
    "",
    errors.length
      ? `Could not run: ${errors.map((r) => `${r.index} (${r.error})`).join("; ")}.`
      : missed.length
        ? `Targets missed: ${missed.map((r) => `${r.index} ${r.name} (ratio ${fmtRatio(r.ratio)} > ${r.target})`).join("; ")}.`
        : "All targets met.",
    "",
  ].join("\n");

  console.log(`\n${results}`);
  if (write) {
    mkdirSync(path.dirname(DOC), { recursive: true });
    // The description comes from HEADER; a hand-written section after the results (ANALYSIS_HEADING) is kept.
    const previous = existsSync(DOC) ? readFileSync(DOC, "utf8") : "";
    const analysis = previous.indexOf(ANALYSIS_HEADING);
    writeFileSync(DOC, `${HEADER}\n${results}${analysis >= 0 ? `\n${previous.slice(analysis)}` : ""}`);
    console.log(`written to ${path.relative(ROOT, DOC)}`);
  } else {
    console.log("(docs/benchmarks.md not written: a subset ran; add --write to write anyway)");
  }
  return errors.length ? 1 : 0;
}

// Exit explicitly: a benchmark that hit its time limit may leave servers or plugins behind (plugins are killed on
// exit by test/support/plugin.ts).
main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
