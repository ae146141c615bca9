/**
 * The sandbox CLI as a newcomer uses it: flags for timings and faults, the environment written to a file that
 * another shell sources, stdout that is nothing but shell lines.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseArgs, parseFault } from "../../src/sandbox/cli";
import { repoRoot } from "../support/shared";

describe("sandbox CLI arguments", () => {
  it("maps the timing flags to sandbox options", () => {
    const { options } = parseArgs([
      "--numspot-queued-ms=10",
      "--numspot-running-ms",
      "20",
      "--numspot-failure-rate=0.5",
      "--openshift-running-ms=30",
      "--juju-change-delay-ms=40",
      "--latency-ms=5",
    ]);
    expect(options).toEqual({
      latencyMs: 5,
      numspot: { queuedMs: 10, runningMs: 20, failureRate: 0.5, operationRunningMs: 30 },
      juju: { changeDelayMs: 40 },
    });
  });

  it("reads fault specs, and refuses malformed ones with the reason", () => {
    expect(parseFault("numspot:429:0.25")).toEqual({
      system: "numspot",
      status: 429,
      retryAfterSeconds: 1,
      probability: 0.25,
      times: Number.POSITIVE_INFINITY,
    });
    expect(parseFault("scaleway:reset-after")).toMatchObject({ system: "scaleway", reset: "after" });
    expect(() => parseFault("nowhere:503")).toThrow(/SYSTEM one of/);
    expect(() => parseFault("scaleway:200")).toThrow(/4xx\/5xx/);
    expect(() => parseFault("scaleway:503:2")).toThrow(/from 0 to 1/);
    expect(() => parseArgs(["--latency-ms=-1"])).toThrow(/whole number/);
    expect(() => parseArgs(["--nonsense"])).toThrow(/unknown argument/);
  });
});

describe("sandbox CLI process", () => {
  it("writes a sourceable environment file, prints only shell lines, and injects the faults asked for", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sandbox-cli-"));
    const envFile = path.join(dir, "sandbox.env");
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, "dist", "sandbox", "cli.js"), "--write-env", envFile, "--fault", "fiware:503"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      let stdout = "";
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
      });
      await new Promise<void>((resolve, reject) => {
        child.stderr.on("data", (chunk) => String(chunk).includes("sandbox up") && resolve());
        child.once("exit", (code) => reject(new Error(`sandbox exited early (${code})`)));
      });
      const lines = stdout.trim().split("\n");
      expect(lines.every((line) => line.startsWith("export "))).toBe(true);
      expect(readFileSync(envFile, "utf8").trim()).toBe(stdout.trim());
      const env = Object.fromEntries(lines.map((line) => line.slice(7).split(/=(.*)/s, 2)));
      const scaleway = await fetch(`${env.SCW_API_URL}/iam/v1alpha1/applications`, {
        headers: { "x-auth-token": env.SCW_SECRET_KEY },
      });
      expect(scaleway.status).toBe(200);
      const fiware = await fetch(`${env.WSTORE_URL}/api/administration/units`, {
        headers: { authorization: `Bearer ${env.WSTORE_TOKEN}`, accept: "application/json" },
      });
      expect(fiware.status).toBe(503);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });
});
