/**
 * Issue 9's stack under the real Pulumi engine: an application, a group with it as member, a policy with two rules
 * for the group, an SSH key and a legacy token. Each is drifted behind Pulumi's back; refresh sees it and the next
 * up restores it. The token (a bearer credential) and the login password stay ciphertext and are never printed.
 */
import * as eurostack from "pulumi-eurostack";
import { expect, it } from "vitest";
import { RECORDED_KEY } from "../unit/scaleway-ssh-keys";
import { describeEngine, type EngineStack, opsByName, useEngineStack } from "./support";

let env: () => EngineStack;

function program() {
  const { sandbox } = env();
  const organizationId = sandbox.credentials.scalewayOrganizationId;
  const app = new eurostack.scaleway.Application("app", { name: "stack-app", description: "the member" });
  const group = new eurostack.scaleway.Group("group", { name: "stack-group", applicationIds: [app.id] });
  new eurostack.scaleway.Policy("policy", {
    name: "stack-policy",
    groupId: group.id,
    rules: [
      { permissionSetNames: ["IAMReadOnly"], organizationId },
      {
        permissionSetNames: ["InstancesReadOnly", "ObjectStorageReadOnly"],
        projectIds: [sandbox.credentials.scalewayProjectId],
      },
    ],
  });
  new eurostack.scaleway.SshKey("key", { name: "stack-key", publicKey: `${RECORDED_KEY} me@example.com` });
  const token = new eurostack.scaleway.account.Token("token", {
    email: "owner@sandbox.invalid",
    password: sandbox.credentials.scalewaySecretKey,
  });
  return { token: token.token };
}

describeEngine("Scaleway IAM stack under the real engine: drift of each resource, and restore", () => {
  env = useEngineStack("scaleway-iam-stack", program);
  const scw = () => env().sandbox.state.scaleway;

  it("creates the stack, sees each drift on refresh, restores it on up, and keeps the token secret", {
    timeout: 180_000,
  }, async () => {
    const up = await env().up();
    expect(opsByName(up.ops)).toMatchObject({
      app: ["create"],
      group: ["create"],
      policy: ["create"],
      key: ["create"],
      token: ["create"],
    });
    const [app] = [...scw().applications.values()];
    const [group] = [...scw().groups.values()];
    const [policy] = [...scw().policies.values()];
    const [key] = [...scw().sshKeys.values()];
    const [token] = [...scw().legacy.tokens.keys()];
    expect(group!.application_ids).toEqual([app!.id]);
    expect(policy!.principal).toEqual({ group_id: group!.id });
    expect(policy!.rules).toHaveLength(2);
    expect(up.outputs.token).toEqual({ value: token, secret: true });

    app!.description = "by hand";
    group!.application_ids = [];
    policy!.rules = policy!.rules.slice(0, 1);
    key!.disabled = true;
    scw().legacy.tokens.delete(token!);
    await env().refresh();
    const after = (await env().exportState()).resources;
    const outputs = (name: string) => after.find((r) => r.urn.endsWith(`::${name}`))?.outputs;
    expect(outputs("app")).toMatchObject({ description: "by hand" });
    expect(outputs("group")).toMatchObject({ applicationIds: [] });
    expect(outputs("policy")?.rules).toHaveLength(1);
    expect(outputs("key")).toMatchObject({ disabled: true });
    expect(outputs("token"), "an expired or removed token is dropped by refresh").toBeUndefined();

    const restored = await env().up();
    expect(opsByName(restored.ops)).toMatchObject({
      app: ["update"],
      group: ["update"],
      policy: ["update"],
      key: ["update"],
      token: ["create"],
    });
    expect(app!.description).toBe("the member");
    expect(group!.application_ids).toEqual([app!.id]);
    expect(policy!.rules).toHaveLength(2);
    expect(key!.disabled).toBe(false);
    const [fresh] = [...scw().legacy.tokens.keys()];
    expect(fresh).not.toBe(token);
    await env().preview({ refresh: true, expectNoChanges: true });

    const { text } = await env().exportState();
    const printed = env().outputs.join("\n");
    for (const secret of [fresh!, env().sandbox.credentials.scalewaySecretKey]) {
      expect(text.includes(secret), "a secret in plaintext in the stack export").toBe(false);
      expect(printed.includes(secret), "a secret in the CLI's output").toBe(false);
    }

    await env().destroy();
    expect(scw().policies.size + scw().groups.size + scw().sshKeys.size + scw().applications.size).toBe(0);
    expect(scw().legacy.tokens.size).toBe(0);
  });
});
