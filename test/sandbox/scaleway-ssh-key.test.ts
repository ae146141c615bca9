import { createHash, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { scw, useSandbox } from "./helpers";
import { ED25519_FINGERPRINT, ED25519_KEY } from "./scaleway-helpers";

const sandbox = useSandbox();
const project = () => sandbox().credentials.scalewayOrganizationId;

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** An OpenSSH ssh-rsa line for a fresh key of `bits`, built from the key's JWK (RFC 4253 §6.6). */
function rsaPublicKey(bits: number): string {
  const jwk = generateKeyPairSync("rsa", { modulusLength: bits }).publicKey.export({ format: "jwk" });
  const mpint = (b64url: string) => {
    const raw = Buffer.from(b64url, "base64url");
    return sshString(raw[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw);
  };
  const blob = Buffer.concat([sshString(Buffer.from("ssh-rsa")), mpint(jwk.e!), mpint(jwk.n!)]);
  return `ssh-rsa ${blob.toString("base64")}`;
}

/** An OpenSSH ECDSA line on a NIST curve (RFC 5656 §3.1): curve name, then the uncompressed point. */
function ecdsaPublicKey(curve: "P-256" | "P-384" | "P-521"): string {
  const jwk = generateKeyPairSync("ec", { namedCurve: curve }).publicKey.export({ format: "jwk" });
  const name = `nistp${curve.slice(2)}`;
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
  const type = `ecdsa-sha2-${name}`;
  const blob = Buffer.concat([sshString(Buffer.from(type)), sshString(Buffer.from(name)), sshString(point)]);
  return `${type} ${blob.toString("base64")}`;
}

function create(body: Record<string, unknown>) {
  return scw(sandbox(), "POST", "/ssh-keys", { name: "key", public_key: ED25519_KEY, project_id: project(), ...body });
}

describe("Scaleway SSH keys", () => {
  it("drops the comment and whitespace and fingerprints the key as the real server did", async () => {
    const created = await create({ public_key: `  ${ED25519_KEY} opensource@scaleway.com\n\n` });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body)).toEqual([
      "id",
      "name",
      "public_key",
      "fingerprint",
      "created_at",
      "updated_at",
      "organization_id",
      "project_id",
      "disabled",
    ]);
    expect(created.body).toMatchObject({
      public_key: ED25519_KEY,
      fingerprint: ED25519_FINGERPRINT,
      organization_id: sandbox().credentials.scalewayOrganizationId,
      project_id: project(),
      disabled: false,
    });
    expect((await scw(sandbox(), "GET", `/ssh-keys/${created.body.id}`)).body).toEqual(created.body);
  });

  it("gives an RSA key its modulus size and the MD5 of its blob", async () => {
    const key = rsaPublicKey(2048);
    const created = await create({ name: "rsa", public_key: `${key} someone@example.com` });
    const md5 = createHash("md5")
      .update(Buffer.from(key.split(" ")[1]!, "base64"))
      .digest("hex")
      .replace(/(..)(?!$)/g, "$1:");
    expect(created.body.fingerprint).toBe(`2048 MD5:${md5} (ssh-rsa)`);
  });

  it("gives an ECDSA key its curve size", async () => {
    for (const [curve, bits] of [
      ["P-256", 256],
      ["P-384", 384],
      ["P-521", 521],
    ] as const) {
      const created = await create({ name: `ecdsa-${bits}`, public_key: ecdsaPublicKey(curve) });
      expect(created.body.fingerprint).toMatch(
        new RegExp(`^${bits} MD5:([0-9a-f]{2}:){15}[0-9a-f]{2} \\(ecdsa-sha2-nistp${bits}\\)$`),
      );
    }
  });

  it("refuses malformed keys, unsupported types and unknown projects, and accepts the same key twice", async () => {
    const garbage = await create({ public_key: "ssh-ed25519 not-base64!" });
    expect(garbage.status).toBe(400);
    expect(garbage.body.details[0].argument_name).toBe("public_key");
    const mismatch = await create({ public_key: ED25519_KEY.replace("ssh-ed25519", "ssh-rsa") });
    expect(mismatch.status).toBe(400);
    const missing = await scw(sandbox(), "POST", "/ssh-keys", { name: "x" });
    expect(missing.body.details.map((d: any) => d.argument_name)).toEqual(["public_key", "project_id"]);
    const elsewhere = await create({ project_id: crypto.randomUUID() });
    expect(elsewhere.status).toBe(403);
    expect((await create({ name: "twice" })).status).toBe(200);
    expect((await create({ name: "twice" })).status).toBe(200);
  });

  it("disables by PATCH, moving updated_at, and filters lists by disabled, name and project", async () => {
    const created = await create({ name: "to-disable" });
    const disabled = await scw(sandbox(), "PATCH", `/ssh-keys/${created.body.id}`, { disabled: true });
    expect(disabled.body.disabled).toBe(true);
    expect(disabled.body.updated_at > created.body.updated_at).toBe(true);
    const listed = await scw(sandbox(), "GET", `/ssh-keys?disabled=true&project_id=${project()}`);
    expect(listed.body.ssh_keys.map((k: any) => k.id)).toEqual([created.body.id]);
    const byName = await scw(sandbox(), "GET", "/ssh-keys?name=to-disable&order_by=created_at_asc");
    expect(byName.body.total_count).toBe(1);
    expect((await scw(sandbox(), "PATCH", `/ssh-keys/${created.body.id}`, { disabled: "yes" })).status).toBe(400);
    expect((await scw(sandbox(), "DELETE", `/ssh-keys/${created.body.id}`)).status).toBe(204);
    const gone = await scw(sandbox(), "GET", `/ssh-keys/${created.body.id}`);
    expect(gone.body).toMatchObject({ resource: "ssh_key", resource_id: created.body.id, type: "not_found" });
  });
});
