/**
 * The sandbox as a peer under load: it must never be the bottleneck of another benchmark. The sandbox runs alone in
 * its own process (bench/sandbox-process.mjs: no added latency, no faults) and 16 clients, each with its own
 * keep-alive undici connection per origin, send a realistic mix back to back for a fixed time: GET of one Scaleway
 * application (what a refresh sends), GET of one Numspot space (what a wait polls), and a list of applications (a
 * page of 20, what adopt and lost-create recovery read). The clients check each status and read each body, without
 * parsing it (their CPU is not what is measured, and they share the machine with the sandbox). Measured: requests per second, latency p50/p99 as the
 * clients see it, and the sandbox process's CPU time.
 *
 * Bound: the fastest rate any benchmark asks of the sandbox is the refresh benchmark's, 1,000 GETs in ~1.25 s =
 * 800 req/s (the waits benchmark peaks near 500 req/s: 72 waits polling every 150 ms). The sandbox must sustain at
 * least 5 × that, 4,000 req/s, so that serving 800 req/s costs it at most a fifth of one core and leaves the
 * machine (2 cores here) to the plugin being measured. The same bound in CPU terms, which other work on a shared
 * machine disturbs less than a rate: at most 250 µs of sandbox CPU per request.
 */
import { execFileSync, fork } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "undici";
import { ms, row } from "./support.mjs";

const CLIENTS = 16;
const WARM_UP_MS = 1_000;
const DURATION_MS = 5_000;
const FASTEST_ASKED = 800;
const HEADROOM = 5;
const BOUND_RATE = FASTEST_ASKED * HEADROOM;
const BOUND_CPU_US = 1e6 / BOUND_RATE;
const APPLICATIONS = 100;
const SPACES = 20;
const MIX = [
  { kind: "GET application", share: 0.5 },
  { kind: "GET space", share: 0.3 },
  { kind: "list applications", share: 0.2 },
];

const HERE = path.dirname(fileURLToPath(import.meta.url));

function startSandboxProcess() {
  const child = fork(path.join(HERE, "sandbox-process.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const next = () =>
    new Promise((resolve, reject) => {
      child.once("message", resolve);
      child.once("exit", (code) => reject(new Error(`the sandbox process exited (${code})`)));
    });
  return {
    child,
    ready: next(),
    cpu: () => {
      const answer = next();
      child.send("cpu");
      return answer;
    },
    stop: () => {
      if (child.exitCode !== null) return Promise.resolve();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send("stop");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      return exited.finally(() => clearTimeout(timer));
    },
  };
}

/** The answer's text; anything but a 2xx ends the benchmark (the mix only reads what exists). */
async function call(client, options) {
  const { statusCode, body } = await client.request(options);
  const text = await body.text();
  if (statusCode >= 300) throw new Error(`${options.method} ${options.path}: ${statusCode} ${text}`);
  return text;
}

/** Seeds applications and spaces through the APIs, and takes a Numspot token, as a client would. */
async function seed({ urls, credentials }) {
  const scaleway = new Client(urls.scaleway);
  const numspot = new Client(urls.numspot);
  try {
    const scwHeaders = { "x-auth-token": credentials.scalewaySecretKey, "content-type": "application/json" };
    const applications = [];
    for (let i = 0; i < APPLICATIONS; i++) {
      const body = JSON.stringify({ name: `rate-app-${i}`, description: "sandbox rate benchmark" });
      const app = await call(scaleway, {
        method: "POST",
        path: "/iam/v1alpha1/applications",
        headers: scwHeaders,
        body,
      });
      applications.push(JSON.parse(app).id);
    }
    const basic = Buffer.from(`${credentials.numspotClientId}:${credentials.numspotClientSecret}`).toString("base64");
    const token = JSON.parse(
      await call(numspot, {
        method: "POST",
        path: "/iam/token",
        headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      }),
    );
    const bearer = { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" };
    const spacesPath = `/organisations/${credentials.numspotOrganisationId}/spaces`;
    const spaces = [];
    for (let i = 0; i < SPACES; i++) {
      const body = JSON.stringify({ name: `rate-space-${i}`, description: "sandbox rate benchmark" });
      spaces.push(JSON.parse(await call(numspot, { method: "POST", path: spacesPath, headers: bearer, body })).id);
    }
    return { applications, spaces, scwHeaders, bearer, spacesPath };
  } finally {
    await Promise.all([scaleway.close(), numspot.close()]);
  }
}

/** One client: its own keep-alive connection per origin, requests back to back until `until`. */
async function client(urls, seeded, random, record, until) {
  const scaleway = new Client(urls.scaleway, { keepAliveTimeout: 30_000 });
  const numspot = new Client(urls.numspot, { keepAliveTimeout: 30_000 });
  const pick = (list) => list[Math.floor(random() * list.length)];
  try {
    while (performance.now() < until()) {
      const draw = random();
      const kind = draw < MIX[0].share ? 0 : draw < MIX[0].share + MIX[1].share ? 1 : 2;
      const options =
        kind === 0
          ? {
              client: scaleway,
              path: `/iam/v1alpha1/applications/${pick(seeded.applications)}`,
              headers: seeded.scwHeaders,
            }
          : kind === 1
            ? { client: numspot, path: `${seeded.spacesPath}/${pick(seeded.spaces)}`, headers: seeded.bearer }
            : { client: scaleway, path: "/iam/v1alpha1/applications?page_size=20&page=2", headers: seeded.scwHeaders };
      const t0 = performance.now();
      await call(options.client, { method: "GET", path: options.path, headers: options.headers });
      record(kind, performance.now() - t0);
    }
  } finally {
    await Promise.all([scaleway.close(), numspot.close()]);
  }
}

/** A small deterministic generator, so every run draws the same mix. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** `wrk` (Debian's package), when installed: a second opinion from a client that costs less CPU than Node. */
function wrkRate(urls, seededData) {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
  } catch (error) {
    if (error.code === "ENOENT") return undefined;
  }
  try {
    const url = `${urls.scaleway}/iam/v1alpha1/applications/${seededData.applications[0]}`;
    const out = execFileSync(
      "wrk",
      [
        "-t2",
        `-c${CLIENTS}`,
        `-d${DURATION_MS / 1000}s`,
        "-H",
        `X-Auth-Token: ${seededData.scwHeaders["x-auth-token"]}`,
        url,
      ],
      { encoding: "utf8" },
    );
    const match = /Requests\/sec:\s+([\d.]+)/.exec(out);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function benchSandboxRate(log) {
  const sandbox = startSandboxProcess();
  try {
    const { urls, credentials } = await sandbox.ready;
    const data = await seed({ urls, credentials });
    log(
      `sandbox-rate: ${APPLICATIONS} applications and ${SPACES} spaces seeded; ${CLIENTS} clients, mix ${MIX.map((m) => `${m.kind} ${m.share * 100} %`).join(", ")}`,
    );

    let measuring = false;
    const latencies = [];
    const counts = MIX.map(() => 0);
    const record = (kind, elapsed) => {
      if (!measuring) return;
      latencies.push(elapsed);
      counts[kind]++;
    };
    const started = performance.now();
    let stopAt = started + WARM_UP_MS + DURATION_MS;
    const clients = Array.from({ length: CLIENTS }, (_, i) => client(urls, data, seeded(i + 1), record, () => stopAt));
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
    const before = { sandbox: await sandbox.cpu(), here: process.cpuUsage(), at: performance.now() };
    measuring = true;
    await new Promise((resolve) => setTimeout(resolve, DURATION_MS));
    measuring = false;
    const after = { sandbox: await sandbox.cpu(), here: process.cpuUsage(before.here), at: performance.now() };
    stopAt = 0;
    await Promise.all(clients);

    const wallMs = after.at - before.at;
    const served = latencies.length;
    const rate = served / (wallMs / 1000);
    const sandboxCpuMs = after.sandbox.cpuMs - before.sandbox.cpuMs;
    const cpuPerRequestUs = (sandboxCpuMs * 1000) / served;
    const clientCpuMs = (after.here.user + after.here.system) / 1000;
    const sorted = latencies.sort((a, b) => a - b);
    const p50 = percentile(sorted, 0.5);
    const p99 = percentile(sorted, 0.99);
    const load = os.loadavg()[0].toFixed(2);
    log(
      `sandbox-rate: ${served} requests in ${ms(wallMs)}: ${Math.round(rate)} req/s, p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms; ` +
        `CPU: sandbox ${ms(sandboxCpuMs)} (${cpuPerRequestUs.toFixed(0)} µs per request), clients ${ms(clientCpuMs)}; load average ${load}`,
    );
    const wrk = wrkRate(urls, data);
    if (wrk !== undefined) log(`sandbox-rate: wrk, GET application only: ${Math.round(wrk)} req/s`);

    const mix = MIX.map((m, i) => `${counts[i]} ${m.kind}`).join(", ");
    const cpuShare = (sandboxCpuMs / wallMs) * 100;
    return [
      row({
        name: `sandbox request rate: ${CLIENTS} keep-alive clients on loopback, ${DURATION_MS / 1000} s`,
        measured: `${Math.round(rate).toLocaleString("en-US")} req/s`,
        bound: `≥ ${BOUND_RATE.toLocaleString("en-US")} req/s`,
        ratio: BOUND_RATE / rate,
        // Stated, not judged: the Node clients on the same 2 cores limit this rate while the sandbox stays under a
        // full core (its CPU share is in the notes); the CPU-per-request row below is the target.
        informational: true,
        notes:
          `ratio = bound ÷ measured; ${HEADROOM} × the ${FASTEST_ASKED} req/s the refresh benchmark asks; ${mix}; latency p50 ` +
          `${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms; the clients (one Node process) used ${ms(clientCpuMs)} CPU, ` +
          `the sandbox ${cpuShare.toFixed(0)} % of a core` +
          (wrk !== undefined ? `; wrk (GET application only): ${Math.round(wrk).toLocaleString("en-US")} req/s` : ""),
      }),
      row({
        name: "sandbox CPU per request (same run)",
        measured: `${cpuPerRequestUs.toFixed(0)} µs`,
        bound: `${BOUND_CPU_US.toFixed(0)} µs`,
        ratio: cpuPerRequestUs / BOUND_CPU_US,
        notes:
          `${ms(sandboxCpuMs)} of sandbox CPU for ${served.toLocaleString("en-US")} requests: one core would serve ` +
          `${Math.round(1e6 / cpuPerRequestUs).toLocaleString("en-US")} req/s; the refresh benchmark's ${FASTEST_ASKED} req/s ` +
          `cost it ${((FASTEST_ASKED * cpuPerRequestUs) / 1e4).toFixed(0)} % of a core`,
      }),
    ];
  } finally {
    await sandbox.stop();
  }
}
