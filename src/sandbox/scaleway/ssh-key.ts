import { createHash } from "node:crypto";
import { bodyFields, noContent, queryValue, type Reply, type SandboxRequest } from "../http/request";
import type { Router } from "../http/router";
import { isUuid, scalewayTimestamp, uuid } from "../ids";
import { IAM, type ScalewayContext } from "./context";
import { ArgumentErrors, notFound, permissionsDenied } from "./errors";
import { booleanFilter, ordered, paginate } from "./query";
import type { ScalewayState, SshKeyRecord } from "./state";

const MAX_NAME = 1000;
const MAX_PUBLIC_KEY = 65000;

/**
 * IAM SSH keys (spec: ListSSHKeys, CreateSSHKey, GetSSHKey, UpdateSSHKey, DeleteSSHKey). As recorded from the real
 * server: the stored public key drops the comment and surrounding whitespace; the fingerprint reads
 * `<bits> MD5:<colon-separated md5 of the key blob> (<key type>)`; the same key may be added twice; `disabled`
 * changes by PATCH only.
 */
export function registerSshKeyRoutes(router: Router, context: ScalewayContext): void {
  const { state } = context;
  const base = `${IAM}/ssh-keys`;
  router.get(base, (request) => listSshKeys(state, request));
  router.post(base, (request) => createSshKey(state, request));
  router.get(`${base}/:ssh_key_id`, (request) => withSshKey(state, request, (key) => ok(key)));
  router.patch(`${base}/:ssh_key_id`, (request) => withSshKey(state, request, (key) => updateSshKey(request, key)));
  router.delete(`${base}/:ssh_key_id`, (request) =>
    withSshKey(state, request, (key) => {
      state.sshKeys.delete(key.id);
      return noContent();
    }),
  );
}

export function showSshKey(key: SshKeyRecord): SshKeyRecord {
  return { ...key };
}

function ok(key: SshKeyRecord): Reply {
  return { status: 200, body: showSshKey(key) };
}

function withSshKey(state: ScalewayState, request: SandboxRequest, then: (key: SshKeyRecord) => Reply): Reply {
  const id = request.params.ssh_key_id!;
  if (!isUuid(id)) {
    const errors = new ArgumentErrors();
    errors.constraint("ssh_key_id", "must be a valid UUID");
    return errors.reply()!;
  }
  const key = state.sshKeys.get(id);
  return key ? then(key) : notFound("ssh_key", id);
}

export interface ParsedPublicKey {
  /** `<type> <base64>`: what the server stores and shows. */
  normalized: string;
  fingerprint: string;
}

const CURVE_BITS: Record<string, number> = {
  "ecdsa-sha2-nistp256": 256,
  "ecdsa-sha2-nistp384": 384,
  "ecdsa-sha2-nistp521": 521,
};

/** The types the spec lists: ssh-rsa, ssh-dss, ssh-ed25519 and ECDSA on NIST curves. */
export function parsePublicKey(text: string): ParsedPublicKey | string {
  const [type, encoded] = text.trim().split(/\s+/);
  if (!type || !encoded) return "must be an OpenSSH public key: <type> <base64> [comment]";
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return "the key is not valid base64";
  const blob = Buffer.from(encoded, "base64");
  const fields = sshStrings(blob);
  if (!fields || fields[0]?.toString("latin1") !== type) return "the key's content does not match its type";
  let bits: number | undefined;
  if (type === "ssh-ed25519") bits = fields[1]?.length === 32 ? 256 : undefined;
  else if (type === "ssh-rsa") bits = fields.length === 3 ? mpintBits(fields[2]!) : undefined;
  else if (type === "ssh-dss") bits = fields.length === 5 ? mpintBits(fields[1]!) : undefined;
  else if (type in CURVE_BITS) bits = fields.length === 3 ? CURVE_BITS[type] : undefined;
  else return `unsupported key type ${type}`;
  if (!bits) return "the key's content does not match its type";
  const md5 = createHash("md5").update(blob).digest("hex");
  const colons = md5.match(/../g)!.join(":");
  return { normalized: `${type} ${encoded}`, fingerprint: `${bits} MD5:${colons} (${type})` };
}

/** The RFC 4251 length-prefixed strings of a key blob; undefined when the blob does not split exactly into them. */
function sshStrings(blob: Buffer): Buffer[] | undefined {
  const out: Buffer[] = [];
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) return undefined;
    const length = blob.readUInt32BE(at);
    if (at + 4 + length > blob.length) return undefined;
    out.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return out;
}

function mpintBits(value: Buffer): number {
  let start = 0;
  while (start < value.length && value[start] === 0) start++;
  if (start === value.length) return 0;
  return (value.length - start - 1) * 8 + (32 - Math.clz32(value[start]!));
}

function checkKeyName(errors: ArgumentErrors, value: unknown): void {
  if (typeof value !== "string") errors.constraint("name", "must be a string");
  else if (value.length > MAX_NAME) errors.constraint("name", `length must be at most ${MAX_NAME}`);
}

function listSshKeys(state: ScalewayState, request: SandboxRequest): Reply {
  const errors = new ArgumentErrors();
  const organizationId = queryValue(request, "organization_id");
  const projectId = queryValue(request, "project_id");
  const name = queryValue(request, "name")?.toLowerCase();
  const disabled = booleanFilter(request, "disabled", errors);
  if (organizationId && !state.organizationIds.has(organizationId)) return permissionsDenied("ssh_keys", "read");
  const matching = [...state.sshKeys.values()].filter(
    (key) =>
      (!organizationId || key.organization_id === organizationId) &&
      (!projectId || key.project_id === projectId) &&
      (!name || key.name.toLowerCase().includes(name)) &&
      (disabled === undefined || key.disabled === disabled),
  );
  const sorted = ordered(
    request,
    matching,
    { created_at: (k) => k.created_at, updated_at: (k) => k.updated_at, name: (k) => k.name },
    errors,
  );
  const page = paginate(request, sorted, errors);
  return errors.reply() ?? { status: 200, body: { ssh_keys: page.items.map(showSshKey), total_count: page.total } };
}

function createSshKey(state: ScalewayState, request: SandboxRequest): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  if (body.name === undefined || body.name === null) errors.required("name");
  else checkKeyName(errors, body.name);
  let parsed: ParsedPublicKey | undefined;
  if (body.public_key === undefined || body.public_key === null) errors.required("public_key");
  else if (typeof body.public_key !== "string" || body.public_key.length > MAX_PUBLIC_KEY) {
    errors.constraint("public_key", `must be a string of at most ${MAX_PUBLIC_KEY} characters`);
  } else {
    const result = parsePublicKey(body.public_key);
    if (typeof result === "string") errors.constraint("public_key", result);
    else parsed = result;
  }
  if (body.project_id === undefined || body.project_id === null) errors.required("project_id");
  else if (!isUuid(body.project_id)) errors.constraint("project_id", "must be a valid UUID");
  const invalid = errors.reply();
  if (invalid) return invalid;
  const project = state.projects.get(body.project_id as string);
  if (!project || !state.organizationIds.has(project.organization_id)) return permissionsDenied("ssh_keys", "write");
  const now = scalewayTimestamp();
  const key: SshKeyRecord = {
    id: uuid(),
    name: body.name as string,
    public_key: parsed!.normalized,
    fingerprint: parsed!.fingerprint,
    created_at: now,
    updated_at: now,
    organization_id: project.organization_id,
    project_id: project.id,
    disabled: false,
  };
  state.sshKeys.set(key.id, key);
  return ok(key);
}

function updateSshKey(request: SandboxRequest, key: SshKeyRecord): Reply {
  const body = bodyFields(request);
  const errors = new ArgumentErrors();
  if (body.name !== undefined && body.name !== null) checkKeyName(errors, body.name);
  if (body.disabled !== undefined && body.disabled !== null && typeof body.disabled !== "boolean") {
    errors.constraint("disabled", "must be a boolean");
  }
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (typeof body.name === "string") key.name = body.name;
  if (typeof body.disabled === "boolean") key.disabled = body.disabled;
  key.updated_at = scalewayTimestamp();
  return ok(key);
}
