import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox";
import { scw } from "./helpers";

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

describe("recording", () => {
  it("records every request in order with method, path, query, headers, body and status", async () => {
    const sandbox = await startSandbox();
    try {
      await scw(sandbox, "GET", "/applications?page_size=5&application_ids=a&application_ids=b");
      await scw(sandbox, "POST", "/applications", {
        name: "recorded",
        organization_id: sandbox.credentials.scalewayOrganizationId,
      });
      await fetch(`${sandbox.urls.fiware}/api/x`);
      expect(sandbox.requests).toHaveLength(3);
      expect(sandbox.requests[0]).toMatchObject({
        system: "scaleway",
        method: "GET",
        path: "/iam/v1alpha1/applications",
        query: { page_size: "5", application_ids: ["a", "b"] },
        status: 200,
      });
      expect(sandbox.requests[0]!.headers["x-auth-token"]).toBe(sandbox.credentials.scalewaySecretKey);
      expect(sandbox.requests[1]).toMatchObject({ method: "POST", body: { name: "recorded" }, status: 200 });
      expect(sandbox.requests[2]).toMatchObject({ system: "fiware", status: 401 });
      expect(sandbox.requests[2]!.faulted).toBeUndefined();
    } finally {
      await sandbox.stop();
    }
  });
});

describe("stop()", () => {
  it("releases every port, even with keep-alive connections and requests still waiting", async () => {
    const sandbox = await startSandbox();
    const ports = Object.values(sandbox.urls).map((url) => Number(new URL(url).port));
    await scw(sandbox, "GET", "/applications");
    sandbox.faults.add({ delayMs: 30_000 });
    const pending = fetch(`${sandbox.urls.scaleway}/iam/v1alpha1/applications`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await sandbox.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
    for (const port of ports) expect(await portIsFree(port)).toBe(true);
    await expect(fetch(sandbox.urls.scaleway)).rejects.toThrow();
    await sandbox.stop();
  });

  it("serves on given ports", async () => {
    const probe = await startSandbox();
    const port = Number(new URL(probe.urls.juju).port);
    await probe.stop();
    const sandbox = await startSandbox({ ports: { juju: port } });
    try {
      expect(sandbox.urls.juju).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await sandbox.stop();
    }
  });
});
