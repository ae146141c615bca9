/**
 * Policy, Group, GroupMembership, SshKey and User against the recorded traffic: every recorded answer parses through
 * the client's schemas, and for each cassette the requests our implementation sends for the recorded steps are
 * recorded ones (method, path, query, JSON body), in recorded order. Terraform's Go SDK writes unset optional
 * fields as `null`; the comparison treats a null and an absent key alike.
 *
 * The one request we send that the recordings lack is GET /permission-sets (read-only, before any policy write):
 * a front server answers it from the sandbox's catalogue and passes everything else to the replay server.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseErrorBody } from "../../src/client/errors";
import { closeAllPools } from "../../src/client/http";
import { GroupSchema, ListGroupsSchema } from "../../src/client/scaleway/group";
import { ListPoliciesSchema, ListRulesSchema, PolicySchema } from "../../src/client/scaleway/policy";
import { ListSshKeysSchema, SshKeySchema } from "../../src/client/scaleway/ssh-key";
import { ListUsersSchema, UserSchema } from "../../src/client/scaleway/user";
import { resetStackConfig } from "../../src/resources/config";
import type { EntityProvider } from "../../src/resources/provider";
import { applicationProvider } from "../../src/resources/scaleway/application";
import { groupProvider } from "../../src/resources/scaleway/group";
import { groupMembershipProvider } from "../../src/resources/scaleway/group-membership";
import { policyProvider } from "../../src/resources/scaleway/policy";
import { sshKeyProvider } from "../../src/resources/scaleway/ssh-key";
import { userProvider } from "../../src/resources/scaleway/user";
import { PERMISSION_SETS } from "../../src/sandbox/scaleway/permission-sets";
import { type Cassette, listCassettes, loadCassette } from "../support/cassettes";
import { diffValues, type ReplayServer, startReplayServer } from "../support/replay-server";
import { describeWithShared } from "../support/shared";

const ORG = "105bdce1-64c0-48ab-899d-868455867ecf";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO opensource@scaleway.com";
type Props = Record<string, any>;

/** Null-valued keys dropped at any depth: the Go SDK's `null` means "not set". */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

/** Each request we sent was answered by a recorded interaction with the same body, in recorded order. */
function expectRecordedOrder(server: ReplayServer, cassette: Cassette) {
  expect(server.unmatched.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  let previous = -1;
  for (const request of server.received) {
    const index = request.interaction!;
    expect(index, `${request.method} ${request.path} answered out of recorded order`).toBeGreaterThan(previous);
    previous = index;
    const recorded = cassette.interactions[index]!.request;
    const label = `${request.method} ${request.path}`;
    expect(diffValues(withoutNulls(request.body), withoutNulls(recorded.body), "body"), label).toEqual([]);
  }
  return server.received.length;
}

/** What the engine does per resource: check, then create, or diff and update; read; delete. */
class Steps {
  private readonly resources = new Map<string, { provider: EntityProvider; id: string; outs: Props }>();

  async up(name: string, provider: EntityProvider, news: Props): Promise<Props> {
    const existing = this.resources.get(name);
    const checked = await provider.check(existing?.outs ?? {}, news);
    expect(checked.failures, name).toEqual([]);
    const inputs = checked.inputs!;
    if (!existing) {
      const created = await provider.create(inputs);
      this.resources.set(name, { provider, id: created.id, outs: created.outs });
      return created.outs;
    }
    const diff = await provider.diff(existing.id, existing.outs, inputs);
    expect(diff.replaces ?? [], name).toEqual([]);
    if (diff.changes) existing.outs = (await provider.update(existing.id, existing.outs, inputs)).outs!;
    return existing.outs;
  }

  id(name: string): string {
    return this.resources.get(name)!.id;
  }

  async refresh(name: string): Promise<Props> {
    const r = this.resources.get(name)!;
    const read = await r.provider.read(r.id, r.outs);
    expect(read.id, `${name} is gone`).toBe(r.id);
    r.outs = read.props!;
    return r.outs;
  }

  async down(name: string): Promise<void> {
    const r = this.resources.get(name)!;
    await r.provider.delete(r.id, r.outs);
  }

  async gone(name: string): Promise<void> {
    const r = this.resources.get(name)!;
    expect((await r.provider.read(r.id, r.outs)).id, `${name} should be gone`).toBe("");
  }
}

/** Answers GET /permission-sets itself and forwards the rest to the replay server. */
async function startFront(target: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://front.invalid");
    if (req.method === "GET" && url.pathname === "/iam/v1alpha1/permission-sets") {
      expect(url.searchParams.get("organization_id")).toBe(ORG);
      const body = { permission_sets: PERMISSION_SETS, total_count: PERMISSION_SETS.length };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = await fetch(`${target()}${req.url}`, {
      method: req.method,
      headers: { "content-type": "application/json", "x-auth-token": String(req.headers["x-auth-token"] ?? "") },
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const text = await answer.text();
    res
      .writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" })
      .end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describeWithShared("Scaleway IAM cassettes (Policy, Group, GroupMembership, SshKey, User)", () => {
  let replay: ReplayServer | undefined;
  let front: { url: string; server: Server };
  const env = { ...process.env };
  const replayed: Record<string, number> = {};

  beforeAll(async () => {
    resetStackConfig();
    process.env.SCW_SECRET_KEY = "11111111-1111-1111-1111-111111111111";
    process.env.SCW_DEFAULT_ORGANIZATION_ID = ORG;
    delete process.env.SCW_DEFAULT_PROJECT_ID;
    front = await startFront(() => replay!.url);
    process.env.SCW_API_URL = front.url;
  });
  afterAll(async () => {
    process.env = env;
    await replay?.stop();
    await new Promise((resolve) => front?.server.close(resolve));
    await closeAllPools();
    console.log(`IAM cassettes replayed (requests matched): ${JSON.stringify(replayed)}`);
  });

  /**
   * Runs the steps against the cassette and checks what was sent. The policy cassettes begin with Terraform's test
   * set-up (a project, an application, a policy and an API key for the test's own credentials), which is no step of
   * ours; its policy POST is sent as recorded so that ours is answered by the recorded answer to ours.
   */
  async function replayCassette(name: string, steps: (s: Steps) => Promise<void>) {
    await replay?.stop();
    const cassette = loadCassette(name);
    replay = await startReplayServer(cassette);
    if (name.startsWith("policy-")) {
      const setUp = cassette.interactions.find(
        (i) => i.request.method === "POST" && i.request.path.endsWith("/policies"),
      )!;
      await fetch(`${replay.url}${setUp.request.path}`, { method: "POST", body: setUp.request.bodyText });
      replay.received.shift();
    }
    await steps(new Steps());
    replayed[name] = expectRecordedOrder(replay, cassette);
  }

  it("every recorded policy, rule, group, SSH key and user answer parses through the client's schemas", () => {
    let parsed = 0;
    const schemas: [RegExp, string, { parse(v: unknown): unknown }][] = [
      [/\/policies$/, "GET", ListPoliciesSchema],
      [/\/policies(\/[^/]+)?$/, "*", PolicySchema],
      [/\/rules$/, "*", ListRulesSchema],
      [/\/groups$/, "GET", ListGroupsSchema],
      [/\/groups(\/[^/]+)?(\/(members|add-member|add-members|remove-member))?$/, "*", GroupSchema],
      [/\/ssh-keys$/, "GET", ListSshKeysSchema],
      [/\/ssh-keys(\/[^/]+)?$/, "*", SshKeySchema],
      [/\/users$/, "GET", ListUsersSchema],
      [/\/users(\/[^/]+)?(\/update-username|\/update-password)?$/, "*", UserSchema],
    ];
    for (const name of listCassettes()) {
      for (const { request, response } of loadCassette(name).interactions) {
        if (request.method === "DELETE" || !request.path.startsWith("/iam/")) continue;
        if (response.status >= 400) {
          expect(parseErrorBody("scaleway", response.status, response.bodyText).code).toMatch(/^[a-z_]+$/);
          continue;
        }
        const schema = schemas.find(
          ([path, method]) => path.test(request.path) && (method === "*" || method === request.method),
        );
        if (!schema) continue;
        schema[2].parse(response.body);
        parsed++;
      }
    }
    expect(parsed).toBeGreaterThan(150);
  });

  const rule = (names: string[], scope: Props = { organizationId: ORG }, condition?: string) => ({
    permissionSetNames: names,
    ...scope,
    ...(condition !== undefined && { condition }),
  });
  const policy = (name: string, rules: Props[]) => ({
    name,
    description: "a description",
    tags: [],
    noPrincipal: true,
    rules,
  });

  describe("policies", () => {
    it("policy-basic: two rules, then tags and one rule removed (a PATCH, then one PUT /rules)", async () => {
      await replayCassette("policy-basic", async (s) => {
        const inputs = {
          ...policy("tf_tests_policy_basic", [rule(["AllProductsFullAccess"]), rule(["ContainerRegistryReadOnly"])]),
          tags: ["tf_tests", "tests"],
        };
        const created = await s.up("p", policyProvider, inputs);
        // The POST answered nb_rules 0: the outputs come from the GET after it; rule ids never reach them.
        expect(created.nbRules).toBe(2);
        expect(JSON.stringify(created.rules)).not.toContain('"id"');
        const updated = await s.up("p", policyProvider, {
          ...inputs,
          tags: [],
          rules: [rule(["AllProductsFullAccess"])],
        });
        expect(updated.rules).toHaveLength(1);
        await s.refresh("p");
        await s.down("p");
        await s.gone("p");
      });
    });

    it("policy-change-linked-entity: the principal moves from none to an application to a group, each one PATCH", async () => {
      await replayCassette("policy-change-linked-entity", async (s) => {
        const inputs = policy("tf_tests_policy_change_linked_entity", [rule(["AllProductsFullAccess"])]);
        await s.up("p", policyProvider, inputs);
        await s.up("app", applicationProvider, {
          name: "tf_tests_policy_change_linked_entity",
          description: "a description",
          tags: [],
        });
        const { noPrincipal: _, ...named } = inputs;
        await s.up("p", policyProvider, { ...named, applicationId: s.id("app") });
        await s.down("app");
        await s.up("app2", applicationProvider, {
          name: "tf-tests-scaleway-iam-app-policy-permissions",
          tags: [],
          description: "",
        });
        await s.up("group", groupProvider, {
          name: "tf-tests-scaleway-iam-group-policy-permissions",
          tags: [],
          description: "",
          applicationIds: [s.id("app2")],
        });
        const moved = await s.up("p", policyProvider, { ...named, groupId: s.id("group") });
        expect(moved).toMatchObject({ groupId: s.id("group"), applicationId: null, noPrincipal: null });
        await s.down("p");
        await s.down("group");
        await s.down("app2");
      });
    });

    it("policy-change-rule-principal: the rule's scope moves from the organization to projects", async () => {
      await replayCassette("policy-change-rule-principal", async (s) => {
        const inputs = policy("tf_tests_policy_changeruleprincipal", [rule(["AllProductsFullAccess"])]);
        await s.up("p", policyProvider, inputs);
        const moved = await s.up("p", policyProvider, {
          ...inputs,
          rules: [rule(["AllProductsFullAccess"], { projectIds: [ORG] })],
        });
        expect(moved.rules).toEqual([
          { permissionSetNames: ["AllProductsFullAccess"], projectIds: [ORG], condition: "" },
        ]);
        await s.down("p");
        await s.gone("p");
      });
    });

    it("policy-condition: conditions change and are removed with PUT /rules alone", async () => {
      await replayCassette("policy-condition", async (s) => {
        const inputs = policy("tf_tests_policy_condition", [
          rule(["AllProductsFullAccess"], { organizationId: ORG }, "1 == 1"),
        ]);
        await s.up("p", policyProvider, inputs);
        const scope = { projectIds: [ORG] };
        await s.up("p", policyProvider, {
          ...inputs,
          rules: [rule(["AllProductsFullAccess"], scope, "request.user_agent == 'terraform-test'")],
        });
        await s.up("p", policyProvider, { ...inputs, rules: [rule(["AllProductsFullAccess"], scope)] });
        await s.down("p");
      });
    });

    it("policy-no-update: an unchanged policy sends no write after its create", async () => {
      await replayCassette("policy-no-update", async (s) => {
        const inputs = policy("tf_tests_policy_noupdate", [rule(["AllProductsFullAccess"])]);
        await s.up("p", policyProvider, inputs);
        await s.refresh("p");
        await s.up("p", policyProvider, inputs);
        await s.down("p");
      });
    });

    it("policy-project-id: a rule scoped to projects", async () => {
      await replayCassette("policy-project-id", async (s) => {
        const created = await s.up(
          "p",
          policyProvider,
          policy("tf_tests_policy_projectid", [rule(["AllProductsFullAccess"], { projectIds: [ORG] })]),
        );
        expect(created.nbScopes).toBe(1);
        await s.refresh("p");
        await s.down("p");
      });
    });
  });

  describe("groups and memberships", () => {
    it("group-basic: every PATCH carries name, description and tags, as recorded", async () => {
      await replayCassette("group-basic", async (s) => {
        const base = { name: "tf_tests_iam_group_basic", description: "", tags: ["tf_tests", "tests"] };
        await s.up("g", groupProvider, base);
        await s.up("g", groupProvider, { ...base, description: "basic description", tags: ["tf_tests"] });
        await s.up("g", groupProvider, {
          name: "tf_tests_iam_group_basic_renamed",
          description: "basic description",
          tags: [],
        });
        await s.up("g", groupProvider, {
          name: "tf_tests_iam_group_basic_renamed",
          description: "this is another description",
          tags: ["tf_tests"],
        });
        await s.up("g", groupProvider, { name: "tf_tests_iam_group_basic_renamed", description: "", tags: [] });
        await s.down("g");
        await s.gone("g");
      });
    });

    it("group-applications: members set with PUT …/members, the last one removed with remove-member", async () => {
      await replayCassette("group-applications", async (s) => {
        await s.up("a1", applicationProvider, { name: "tf_tests_iam_group_app", description: "", tags: [] });
        const base = { name: "tf_tests_iam_group_app", description: "", tags: [] };
        await s.up("g", groupProvider, { ...base, applicationIds: [s.id("a1")] });
        await s.up("a2", applicationProvider, { name: "tf_tests_iam_group_app2", description: "", tags: [] });
        await s.up("g", groupProvider, { ...base, applicationIds: [s.id("a1"), s.id("a2")] });
        await s.up("g", groupProvider, { ...base, applicationIds: [s.id("a2")] });
        const emptied = await s.up("g", groupProvider, { ...base, applicationIds: [] });
        expect(emptied.applicationIds).toEqual([]);
        await s.down("g");
        await s.down("a2");
        await s.down("a1");
      });
    });

    it("group-users: user members the same way", async () => {
      await replayCassette("group-users", async (s) => {
        const base = { name: "tf_tests_iam_group_user", description: "", tags: [] };
        const [first, second] = ["84d20ae1-9650-419a-ab74-7ab09b6262e0", "ef29ce05-3f2b-4fa0-a259-d76110850d57"];
        await s.up("g", groupProvider, { ...base, userIds: [first] });
        const both = await s.up("g", groupProvider, { ...base, userIds: [second, first] });
        expect(both.userIds).toEqual([first, second]);
        await s.up("g", groupProvider, { ...base, userIds: [second] });
        await s.up("g", groupProvider, { ...base, userIds: [] });
        await s.down("g");
      });
    });

    it("group-membership-basic: add-member; remove-member retried after 409 transient_state; a second remove is a 404", async () => {
      await replayCassette("group-membership-basic", async (s) => {
        await s.up("app", applicationProvider, {
          name: "tf-tests-iam-group-membership-basic",
          description: "",
          tags: [],
        });
        const group = {
          name: "tf-tests-iam-group-membership-basic",
          description: "",
          tags: [],
          externalMembership: true,
        };
        await s.up("g", groupProvider, group);
        const membership = await s.up("m", groupMembershipProvider, { groupId: s.id("g"), applicationId: s.id("app") });
        expect(s.id("m")).toBe(`${s.id("g")}/app/${s.id("app")}`);
        expect(membership.applicationId).toBe(s.id("app"));
        await s.refresh("m");
        await s.down("m");
        await s.down("m");
        await s.down("g");
        await s.down("app");
      });
    });

    it("group-membership-user: a user member", async () => {
      await replayCassette("group-membership-user", async (s) => {
        const group = {
          name: "tf-tests-iam-group-membership-user",
          description: "",
          tags: [],
          externalMembership: true,
        };
        await s.up("g", groupProvider, group);
        const user = "ef29ce05-3f2b-4fa0-a259-d76110850d57";
        await s.up("m", groupMembershipProvider, { groupId: s.id("g"), userId: user });
        expect(s.id("m")).toBe(`${s.id("g")}/user/${user}`);
        await s.down("m");
        await s.down("g");
      });
    });
  });

  describe("SSH keys and users", () => {
    const key = (name: string) => ({ name, publicKey: KEY, projectId: ORG });

    it("ssh-key-basic: the comment is dropped by the server and makes no diff; a rename is a PATCH", async () => {
      await replayCassette("ssh-key-basic", async (s) => {
        const created = await s.up("k", sshKeyProvider, key("tf-test-iam-ssh-key-basic"));
        expect(created.publicKey).toBe(KEY.split(" ").slice(0, 2).join(" "));
        await s.up("k", sshKeyProvider, key("tf-test-iam-ssh-key-basic-updated"));
        await s.down("k");
      });
    });

    it("ssh-key-change-resource-name: the same key added again after a delete", async () => {
      await replayCassette("ssh-key-change-resource-name", async (s) => {
        await s.up("k", sshKeyProvider, key("tf-test-iam-ssh-key-change-resource-name"));
        await s.down("k");
        await s.up("k2", sshKeyProvider, key("tf-test-iam-ssh-key-change-resource-name"));
        await s.down("k2");
      });
    });

    it("ssh-key-disabled: disabled and enabled again with PATCH", async () => {
      await replayCassette("ssh-key-disabled", async (s) => {
        await s.up("k", sshKeyProvider, key("tf-test-iam-ssh-key-disabled"));
        expect(
          (await s.up("k", sshKeyProvider, { ...key("tf-test-iam-ssh-key-disabled"), disabled: true })).disabled,
        ).toBe(true);
        await s.up("k", sshKeyProvider, { ...key("tf-test-iam-ssh-key-disabled"), disabled: false });
        await s.down("k");
      });
    });

    it("user-member: a member; profile fields by PATCH, then the username by update-username", async () => {
      await replayCassette("user-member", async (s) => {
        const inputs = {
          email: "testiamusermember@scaleway.com",
          username: "testiamusermember",
          password: "Firstaccesspsw123",
          sendPasswordEmail: false,
          sendWelcomeEmail: false,
          firstName: "Foo",
          lastName: "Bar",
          phoneNumber: "",
          locale: "en_US",
          tags: [],
        };
        await s.up("u", userProvider, inputs);
        const changed = { ...inputs, email: "foobar@scaleway.com", username: "foobar", firstName: "", lastName: "Baz" };
        const updated = await s.up("u", userProvider, {
          ...changed,
          phoneNumber: "+33112345678",
          locale: "fr_FR",
          tags: ["tf_tests"],
        });
        expect(updated).toMatchObject({ username: "foobar", locale: "fr_FR", password: "Firstaccesspsw123" });
        await s.down("u");
      });
    });

    it("user-password-wo: the password is sent once and never read back", async () => {
      await replayCassette("user-password-wo", async (s) => {
        const inputs = {
          email: "testiamuserpasswordwo@scaleway.com",
          username: "testiamuserpasswordwo",
          password: "FirstWOPassword123",
          sendPasswordEmail: false,
          sendWelcomeEmail: false,
          firstName: "",
          lastName: "",
          phoneNumber: "",
          locale: "",
          tags: [],
        };
        const created = await s.up("u", userProvider, inputs);
        expect(created.locale).toBe("en_US");
        const read = await s.refresh("u");
        expect(read.password).toBe("FirstWOPassword123");
        await s.up("u", userProvider, inputs);
        await s.down("u");
      });
    });
  });
});
