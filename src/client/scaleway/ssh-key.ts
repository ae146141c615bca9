import { z } from "zod";
import type { QueryValue } from "../http";
import { scalewayCollection } from "./collection";

/** As the API answers (spec: scaleway.iam.v1alpha1.SSHKey); `public_key` without its comment. */
export const SshKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  public_key: z.string(),
  fingerprint: z.string(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
  organization_id: z.string(),
  project_id: z.string(),
  disabled: z.boolean(),
});
export type SshKey = z.infer<typeof SshKeySchema>;

export const ListSshKeysSchema = z.object({ ssh_keys: z.array(SshKeySchema), total_count: z.number().int() });

const sshKeys = scalewayCollection<
  SshKey,
  Record<string, unknown>,
  Record<string, unknown>,
  Record<string, QueryValue>
>({ path: "ssh-keys", listKey: "ssh_keys", schema: SshKeySchema });

export const getSshKey = sshKeys.get;
export const listSshKeys = sshKeys.list;
export const createSshKey = sshKeys.create;
export const updateSshKey = sshKeys.update;
export const deleteSshKey = sshKeys.delete;
