/**
 * The legacy account API's Token and Invitation, and the typed look-ups, in process against the sandbox. A token's
 * id is the bearer credential: it must never be the resource id, nor appear in an error.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { closeAllPools } from "../../src/client/http";
import { resetStackConfig } from "../../src/resources/config";
import type { EntityProvider } from "../../src/resources/provider";
import { invitationProvider } from "../../src/resources/scaleway/account/invitation";
import {
  getUser as getLegacyUser,
  getOrganizations,
  getTokenPermissions,
} from "../../src/resources/scaleway/account/lookups";
import { tokenProvider } from "../../src/resources/scaleway/account/token";
import { applicationProvider } from "../../src/resources/scaleway/application";
import {
  getApiKey,
  getApplication,
  getGroup,
  getPermissionSets,
  getPolicy,
  getSshKey,
  getUser,
} from "../../src/resources/scaleway/lookups";
import { userProvider } from "../../src/resources/scaleway/user";
import { type Sandbox, startSandbox } from "../../src/sandbox";

let sandbox: Sandbox;
const savedEnv = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  process.env = { ...savedEnv };
  await closeAllPools();
  await sandbox?.stop();
});

beforeEach(() => {
  resetStackConfig();
  process.env = { ...savedEnv };
  for (const [key, value] of Object.entries(sandbox.env)) if (key.startsWith("SCW_")) process.env[key] = value;
});

async function create(provider: EntityProvider, news: Record<string, unknown>) {
  const checked = await provider.check({}, news);
  expect(checked.failures).toEqual([]);
  return { inputs: checked.inputs!, ...(await provider.create(checked.inputs!)) };
}

const owner = () => ({ email: "owner@sandbox.invalid", password: sandbox.credentials.scalewaySecretKey });

describe("scaleway.account.Token", () => {
  it("keeps the credential only in the secret output `token`; the resource id is a digest", async () => {
    const token = await create(tokenProvider, owner());
    const [live] = [...sandbox.state.scaleway.legacy.tokens.keys()].filter((id) => id === token.outs.token);
    expect(live).toBeDefined();
    expect(token.id).not.toContain(live);
    expect(token.id).toMatch(/^token-[0-9a-f]{24}$/);
    expect(token.outs).toMatchObject({ expires: true, userId: sandbox.credentials.scalewayUserId });
    expect(token.outs.expiresAt).toEqual(expect.any(String));
    const read = await tokenProvider.read(token.id, token.outs);
    expect(read.props!.token).toBe(live);
    await tokenProvider.delete(token.id, token.outs);
    expect(sandbox.state.scaleway.legacy.tokens.has(live!)).toBe(false);
  });

  it("read drops an expired or removed token; destroy of it succeeds", async () => {
    sandbox.state.scaleway.legacy.settings.tokenTtlMs = 50;
    try {
      const token = await create(tokenProvider, owner());
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect((await tokenProvider.read(token.id, token.outs)).id).toBe("");
      await tokenProvider.delete(token.id, token.outs);
    } finally {
      sandbox.state.scaleway.legacy.settings.tokenTtlMs = 30 * 60_000;
    }
    const removed = await create(tokenProvider, owner());
    sandbox.state.scaleway.legacy.tokens.delete(removed.outs.token as string);
    expect((await tokenProvider.read(removed.id, removed.outs)).id).toBe("");
  });

  it("no error names the token, and wrong credentials fail without echoing the password", async () => {
    const token = await create(tokenProvider, owner());
    sandbox.faults.add({ system: "account", method: "GET", path: /^\/tokens\//, status: 500, times: 10 });
    const error = await tokenProvider.read(token.id, token.outs).catch((e: unknown) => e);
    sandbox.faults.clear();
    expect(String(error)).toMatch(/500/);
    expect(String(error)).not.toContain(token.outs.token as string);
    const refused = await create(tokenProvider, { email: "owner@sandbox.invalid", password: "not-the-password" }).catch(
      (e: unknown) => e,
    );
    expect(String(refused)).toMatch(/401|Invalid credentials/);
    expect(String(refused)).not.toContain("not-the-password");
  }, 90_000);

  it("email, password and expires replace; adopt is refused", async () => {
    const token = await create(tokenProvider, owner());
    const diff = await tokenProvider.diff(token.id, token.outs, { ...token.inputs, expires: false });
    expect(diff).toMatchObject({ changes: true, replaces: ["expires"] });
    expect((await tokenProvider.diff(token.id, token.outs, token.inputs)).changes).toBe(false);
    const { failures } = await tokenProvider.check({}, { ...owner(), adopt: true });
    expect(failures!.map((f) => f.property)).toEqual(["adopt"]);
  });
});

describe("scaleway.account.Invitation", () => {
  it("is created and read back; destroy says in one line that the API cannot delete it, and sends nothing", async () => {
    const invite = await create(invitationProvider, { email: "new@example.com", firstName: "New", lastName: "Person" });
    expect(invite.outs).toMatchObject({
      status: "pending",
      organizationId: sandbox.credentials.scalewayOrganizationId,
    });
    expect((await invitationProvider.read(invite.id, invite.outs)).props).toMatchObject({ email: "new@example.com" });
    const before = sandbox.requests.length;
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await invitationProvider.delete(invite.id, invite.outs);
      expect(log).toHaveBeenCalledTimes(1);
      expect(String(log.mock.calls[0]![0])).toMatch(/no way to delete an invitation; removed from the stack only/);
    } finally {
      log.mockRestore();
    }
    expect(sandbox.requests.length).toBe(before);
  });
});

describe("look-ups", () => {
  it("walk every page and match exactly", async () => {
    for (let i = 0; i < 105; i++) {
      await create(userProvider, { email: `paged-${i}@example.com` });
    }
    const user = await getUser({ email: "paged-104@example.com" });
    expect(user.email).toBe("paged-104@example.com");
    const pages = sandbox.requests.filter((r) => r.method === "GET" && r.path === "/iam/v1alpha1/users");
    expect(pages.map((r) => r.query.page)).toContain("2");
    await expect(getUser({ email: "nobody@example.com" })).rejects.toThrow(/no user with email "nobody@example.com"/);
  });

  it("fail naming every match when several share the name, and find the exact one among substrings", async () => {
    await create(applicationProvider, { name: "twin" });
    await create(applicationProvider, { name: "twin" });
    const longer = await create(applicationProvider, { name: "twin-longer" });
    await expect(getApplication({ name: "twin" })).rejects.toThrow(/2 matches for application named "twin"/);
    expect((await getApplication({ name: "twin-longer" })).id).toBe(longer.id);
  });

  it("cover permission sets, groups, policies with their rules, SSH keys and API keys; clear errors when none", async () => {
    const sets = await getPermissionSets();
    expect(sets.map((s) => s.name)).toContain("IAMManager");
    await expect(getGroup({ name: "none" })).rejects.toThrow(/no group named "none"/);
    await expect(getPolicy({ name: "none" })).rejects.toThrow(/no policy named "none"/);
    await expect(getSshKey({ name: "none" })).rejects.toThrow(/no SSH key named "none"/);
    await expect(getApiKey({ accessKey: "SCWXXXXXXXXXXXXXXXXX" })).rejects.toThrow(/404|not found/);
    const organizations = await getOrganizations();
    expect(organizations.map((o) => o.id)).toContain(sandbox.credentials.scalewayOrganizationId);
    const token = await create(tokenProvider, owner());
    const permissions = await getTokenPermissions({ token: token.outs.token as string });
    expect(Object.keys(permissions)).toContain("account");
    const ownerUser = await getLegacyUser({ id: sandbox.credentials.scalewayUserId });
    expect(ownerUser.email).toBe("owner@sandbox.invalid");
    await expect(getLegacyUser({ id: "3fa85f64-5717-4562-b3fc-2c963f66afa6" })).rejects.toThrow(/User not found/);
  });

  it("refuse to run without a secret key, naming how to set one", async () => {
    delete process.env.SCW_SECRET_KEY;
    await expect(getPermissionSets()).rejects.toThrow(/scaleway:secretKey/);
  });
});
