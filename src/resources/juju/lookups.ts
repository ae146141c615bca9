/**
 * Read-only look-ups (`juju.getUser`, `juju.getUsers`, `juju.getControllers`), run in the program itself. Settings
 * come from the `connection` argument, then the stack's `juju:*` config, then SOJOBO_* variables. Credential
 * contents are never returned: only names and types.
 */
import * as pulumi from "@pulumi/pulumi";
import { listControllerAccess } from "../../client/juju/controller-access";
import { getUser as fetchUser, listUsers, type User } from "../../client/juju/user";
import type { Connection } from "../config";
import { type JujuConnectionArgs, jujuApi } from "./connection";

export interface UserInfo {
  name: string;
  active: boolean;
  sshKeys: string[];
  /** Names and cloud types only; the content stays on the server. */
  credentials: { name: string; type: string | null }[];
  controllers: { name: string; access: string | null; models: { name: string; access: string | null }[] }[];
}

export interface ControllerInfo {
  name: string;
  access: string | null;
  /** The controller's cloud type. */
  cloudType: string | null;
  models: { name: string; access: string | null }[];
}

/** The program's stack config for the settings `connection` leaves out (outside a program: none). */
function withStackConfig(connection: JujuConnectionArgs = {}): Connection<"juju"> {
  let config: pulumi.Config | undefined;
  try {
    config = new pulumi.Config("juju");
  } catch {
    config = undefined;
  }
  const from = (name: keyof JujuConnectionArgs) => connection[name] ?? config?.get(name);
  return { url: from("url"), apiKey: from("apiKey"), username: from("username"), password: from("password") };
}

function userInfo(user: User): UserInfo {
  return {
    name: user.name,
    active: user.active,
    sshKeys: [...user.ssh_keys],
    credentials: user.credentials.map((credential) => ({ name: credential.name, type: credential.type ?? null })),
    controllers: user.controllers.map((access) => ({
      name: access.name,
      access: access.access ?? null,
      models: access.models.map((model) => ({ name: model.name, access: model.access ?? null })),
    })),
  };
}

/** One user, disabled ones too (`active: false`); fails for an unknown name. */
export async function getUser(args: { name: string; connection?: JujuConnectionArgs }): Promise<UserInfo> {
  return userInfo(await fetchUser(jujuApi(withStackConfig(args.connection)), args.name));
}

/** Every active user (the server leaves disabled ones out). */
export async function getUsers(args: { connection?: JujuConnectionArgs } = {}): Promise<UserInfo[]> {
  return (await listUsers(jujuApi(withStackConfig(args.connection)))).map(userInfo);
}

/** The controllers a user has access to, with its level on each and on their models. */
export async function getControllers(args: {
  user: string;
  connection?: JujuConnectionArgs;
}): Promise<ControllerInfo[]> {
  const entries = await listControllerAccess(jujuApi(withStackConfig(args.connection)), args.user);
  return entries.map((entry) => ({
    name: entry.controller,
    access: entry.access,
    cloudType: entry.type,
    models: entry.models,
  }));
}
