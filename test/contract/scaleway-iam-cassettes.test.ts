/**
 * Policy, Group, GroupMembership, SshKey and User against the recorded traffic: every recorded answer parses through
 * the client's schemas, and for each cassette the requests our implementation sends for the recorded steps are
 * recorded ones (method, path, query, JSON body), in recorded order. Terraform's Go SDK writes unset optional
 * fields as `null`; the comparison treats a null and an absent key alike.
 *
 * The one request we send that the recordings lack is GET /permission-sets (read-only, before any policy write):
 * a front server answers it from the sandbox's catalogue and passes everything else to the replay server.
 */
import { describe, expect, it } from "vitest";
import { parseErrorBody } from "../../src/client/errors";
import { GroupSchema, ListGroupsSchema } from "../../src/client/scaleway/group";
import { ListPoliciesSchema, ListRulesSchema, PolicySchema } from "../../src/client/scaleway/policy";
import { ListSshKeysSchema, SshKeySchema } from "../../src/client/scaleway/ssh-key";
import { ListUsersSchema, UserSchema } from "../../src/client/scaleway/user";
import { applicationProvider } from "../../src/resources/scaleway/application";
import { groupProvider } from "../../src/resources/scaleway/group";
import { policyProvider } from "../../src/resources/scaleway/policy";
import { listCassettes, loadCassette } from "../support/cassettes";
import { describeWithShared } from "../support/shared";
import { ORG, type Props, useIamReplay } from "./scaleway-iam-replay";

describeWithShared("Scaleway IAM cassettes: policies", () => {
  const replayCassette = useIamReplay();

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
});
