import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox";
import { numspotToken, scw, useSandbox } from "./helpers";

const sandbox = useSandbox();

function createApp(name: string) {
  return scw(sandbox(), "POST", "/applications", {
    name,
    organization_id: sandbox().credentials.scalewayOrganizationId,
  });
}

function appsNamed(name: string) {
  return [...sandbox().state.scaleway.applications.values()].filter((app) => app.name === name);
}

describe("fault rules", () => {
  it("answers an injected status in the system's error shape with Retry-After, once by default", async () => {
    sandbox().faults.add({
      system: "scaleway",
      method: "POST",
      path: "/iam/v1alpha1/applications",
      status: 429,
      retryAfterSeconds: 2,
    });
    const limited = await createApp("rate-limited");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.body).toEqual({ message: expect.any(String), type: expect.any(String) });
    expect(appsNamed("rate-limited")).toHaveLength(0);
    expect(sandbox().requests.at(-1)).toMatchObject({ status: 429, faulted: "status" });
    expect((await createApp("rate-limited")).status).toBe(200);
  });

  it("uses the given body, and each system's own shape otherwise", async () => {
    sandbox().faults.add({ system: "scaleway", status: 503, body: { custom: true } });
    expect((await scw(sandbox(), "GET", "/applications")).body).toEqual({ custom: true });
    sandbox().faults.add({ system: "numspot", status: 500 });
    const problem = await numspotToken(sandbox());
    expect(problem.status).toBe(500);
    expect(problem.headers.get("content-type")).toBe("application/problem+json");
    expect(problem.body.type).toBe("https://portal.api.numspot.com/errors#internal_server_error");
    sandbox().faults.add({ system: "juju", status: 502 });
    expect(typeof (await fetch(`${sandbox().urls.juju}/users`).then((r) => r.json()))).toBe("string");
    sandbox().faults.add({ system: "fiware", status: 409 });
    const accept = { headers: { accept: "application/json" } };
    expect(await fetch(`${sandbox().urls.fiware}/x`, accept).then((r) => r.json())).toMatchObject({ result: "error" });
  });

  it("reset before: the socket dies and nothing is created, but the request is recorded", async () => {
    sandbox().faults.add({ path: "/iam/v1alpha1/applications", method: "POST", reset: "before" });
    await expect(createApp("never-made")).rejects.toThrow();
    expect(appsNamed("never-made")).toHaveLength(0);
    expect(sandbox().requests.at(-1)).toMatchObject({
      method: "POST",
      status: 0,
      faulted: "reset-before",
      body: { name: "never-made" },
    });
  });

  it("reset after: the socket dies but the application exists", async () => {
    sandbox().faults.add({ path: /^\/iam\/v1alpha1\/applications$/, method: "post", reset: "after" });
    await expect(createApp("made-anyway")).rejects.toThrow();
    expect(appsNamed("made-anyway")).toHaveLength(1);
    expect(sandbox().requests.at(-1)).toMatchObject({ status: 200, faulted: "reset-after" });
  });

  it("applies `times` times (Infinity until cleared) and only to matching requests", async () => {
    sandbox().faults.add({ system: "scaleway", method: "GET", status: 500, times: 2 });
    expect((await createApp("not-matched")).status).toBe(200);
    expect((await scw(sandbox(), "GET", "/applications")).status).toBe(500);
    expect((await scw(sandbox(), "GET", "/applications")).status).toBe(500);
    expect((await scw(sandbox(), "GET", "/applications")).status).toBe(200);
    sandbox().faults.add({ system: "account", status: 503, times: Number.POSITIVE_INFINITY });
    for (let i = 0; i < 3; i++) expect((await fetch(`${sandbox().urls.account}/tokens`)).status).toBe(503);
    sandbox().faults.clear();
    expect((await fetch(`${sandbox().urls.account}/tokens`)).status).toBe(401);
  });

  it("delays matching answers past a client timeout", async () => {
    sandbox().faults.add({ system: "scaleway", delayMs: 300 });
    const started = Date.now();
    await expect(
      fetch(`${sandbox().urls.scaleway}/iam/v1alpha1/applications`, {
        headers: { "x-auth-token": sandbox().credentials.scalewaySecretKey },
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(250);
    const slow = Date.now();
    expect((await scw(sandbox(), "GET", "/applications")).status).toBe(200);
    expect(Date.now() - slow).toBeLessThan(250);
  });

  it("records a slow answer whose client gave up as a delay fault, and the request never acts", async () => {
    sandbox().faults.add({ system: "scaleway", method: "POST", delayMs: 300 });
    const before = sandbox().requests.length;
    await expect(
      fetch(`${sandbox().urls.scaleway}/iam/v1alpha1/applications`, {
        method: "POST",
        headers: { "x-auth-token": sandbox().credentials.scalewaySecretKey, "content-type": "application/json" },
        body: JSON.stringify({ name: "abandoned", organization_id: sandbox().credentials.scalewayOrganizationId }),
        signal: AbortSignal.timeout(50),
      }),
    ).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const [record] = sandbox().requests.slice(before);
    expect(record).toMatchObject({ method: "POST", faulted: "delay", status: 0 });
    expect(appsNamed("abandoned")).toEqual([]);
  });

  it("drops a slow request its client gave up on even when the sandbox wakes late (a busy process)", async () => {
    sandbox().faults.add({ system: "scaleway", method: "POST", delayMs: 300 });
    const before = sandbox().requests.length;
    // The client lives in another process and hangs up 150 ms after sending, while this one is busy from just after
    // the request's arrival until well past the delay. Busy inside a setImmediate callback, as when the sandbox shares
    // a process with other work: on waking, the loop runs the due delay timer before it reads the hang-up.
    const script = `fetch(process.argv[1], { method: "POST", headers: JSON.parse(process.argv[2]), body: process.argv[3],
      signal: AbortSignal.timeout(150) }).then(() => process.exit(1), () => process.exit(0));`;
    const headers = { "x-auth-token": sandbox().credentials.scalewaySecretKey, "content-type": "application/json" };
    const body = JSON.stringify({ name: "late-wake", organization_id: sandbox().credentials.scalewayOrganizationId });
    const url = `${sandbox().urls.scaleway}/iam/v1alpha1/applications`;
    const client = spawn(process.execPath, ["-e", script, url, JSON.stringify(headers), body]);
    const exited = new Promise<number | null>((resolve) => client.on("exit", resolve));
    while (sandbox().requests.length === before) await new Promise((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        const busyUntil = sandbox().requests[before]!.at + 700;
        while (Date.now() < busyUntil) {}
        resolve();
      }),
    );
    expect(await exited).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sandbox().requests.slice(before)).toMatchObject([{ method: "POST", faulted: "delay", status: 0 }]);
    expect(appsNamed("late-wake")).toEqual([]);
  });

  it("applies a probability with the given random source", async () => {
    const values = [0.05, 0.5, 0.09, 0.95];
    const target = await startSandbox({ random: () => values.shift() ?? 1 });
    try {
      target.faults.add({ system: "scaleway", status: 503, probability: 0.1, times: Number.POSITIVE_INFINITY });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await scw(target, "GET", "/applications")).status);
      expect(statuses).toEqual([503, 200, 503, 200]);
    } finally {
      await target.stop();
    }
  });

  it("refuses rules that do nothing or make no sense", () => {
    expect(() => sandbox().faults.add({ system: "scaleway" })).toThrow();
    expect(() => sandbox().faults.add({ status: 500, times: 0 })).toThrow();
    expect(() => sandbox().faults.add({ status: 500, probability: 2 })).toThrow();
  });
});

describe("latency", () => {
  it("adds the configured latency to every request and can change at run time", async () => {
    const target = await startSandbox({ latencyMs: 120 });
    try {
      let started = Date.now();
      await fetch(`${target.urls.juju}/users`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
      target.setLatency(0);
      started = Date.now();
      await fetch(`${target.urls.juju}/users`);
      expect(Date.now() - started).toBeLessThan(100);
    } finally {
      await target.stop();
    }
  });
});
