/**
 * Group, GroupMembership, SshKey and User against the recorded traffic (see scaleway-iam-cassettes.test.ts): the
 * requests our implementation sends for the recorded steps are recorded ones, in recorded order.
 */
import { describe, expect, it } from "vitest";
import { applicationProvider } from "../../src/resources/scaleway/application";
import { groupProvider } from "../../src/resources/scaleway/group";
import { groupMembershipProvider } from "../../src/resources/scaleway/group-membership";
import { sshKeyProvider } from "../../src/resources/scaleway/ssh-key";
import { userProvider } from "../../src/resources/scaleway/user";
import { describeWithShared } from "../support/shared";
import { KEY, ORG, useIamReplay } from "./scaleway-iam-replay";

describeWithShared("Scaleway IAM cassettes: groups, memberships, SSH keys, users", () => {
  const replayCassette = useIamReplay();

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
