import { describe, expect, it } from "vitest";
import { scw, useSandbox } from "./helpers";
import { ED25519_KEY, scwPath } from "./scaleway-helpers";

const sandbox = useSandbox();

describe("Scaleway projects (the /account/v3 calls IAM needs)", () => {
  it("creates a project that rules and SSH keys can be scoped to, and deletes it", async () => {
    const organizationId = sandbox().credentials.scalewayOrganizationId;
    const created = await scwPath(sandbox(), "POST", "/account/v3/projects", {
      name: "tf-test-project",
      organization_id: organizationId,
      description: "",
    });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body)).toEqual([
      "id",
      "name",
      "organization_id",
      "created_at",
      "updated_at",
      "description",
      "qualification",
    ]);
    expect(created.body.qualification).toBeNull();
    const id = created.body.id;
    const key = await scw(sandbox(), "POST", "/ssh-keys", { name: "k", public_key: ED25519_KEY, project_id: id });
    expect(key.body).toMatchObject({ project_id: id, organization_id: organizationId });
    const policy = await scw(sandbox(), "POST", "/policies", {
      name: "scoped",
      organization_id: organizationId,
      no_principal: true,
      rules: [{ permission_set_names: ["InstancesReadOnly"], project_ids: [id] }],
    });
    expect(policy.status).toBe(200);
    expect((await scwPath(sandbox(), "DELETE", `/account/v3/projects/${id}`)).status).toBe(204);
    expect((await scwPath(sandbox(), "GET", `/account/v3/projects/${id}`)).status).toBe(404);
    const unscoped = await scw(sandbox(), "POST", "/policies", {
      name: "unscoped",
      organization_id: organizationId,
      no_principal: true,
      rules: [{ permission_set_names: ["InstancesReadOnly"], project_ids: [id] }],
    });
    expect(unscoped.status).toBe(400);
    expect(unscoped.body.details[0]).toMatchObject({ argument_name: "rules.0.project_ids", reason: "constraint" });
  });
});
