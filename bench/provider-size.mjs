/**
 * The `__provider` of every Resource class the package exports (found by walking the namespaces of the built
 * package), as the SDK serializes it, captured with the SDK's mock monitor. Bound 1,024 bytes; none may contain a
 * credential. To give a leak every chance, the capture runs with the sandbox's credentials in the environment, in
 * the stack config (secret keys as secrets) and in a `connection` argument (as a secret).
 */
import {
  DYNAMIC_PREFIX,
  pulumi,
  resourceClasses,
  row,
  sandboxStack,
  serializedProvider,
  startSandbox,
} from "./support.mjs";

const BOUND_BYTES = 1024;

/** Stack config holding every credential, keyed as the providers read it (the test stacks' own, from SETTINGS). */
function credentialConfig(sandbox) {
  return { config: sandboxStack.sandboxConfig(sandbox), secretKeys: sandboxStack.SECRET_CONFIG_KEYS };
}

export async function benchProviderSize(log) {
  const sandbox = await startSandbox();
  const savedEnv = { ...process.env };
  try {
    Object.assign(process.env, sandbox.env);
    const c = sandbox.credentials;
    const connection = pulumi.secret({
      secretKey: c.scalewaySecretKey,
      accessKey: c.scalewayAccessKey,
      clientId: c.numspotClientId,
      clientSecret: c.numspotClientSecret,
      apiKey: c.jujuApiKey,
      username: c.jujuUsername,
      password: c.jujuPassword,
      token: c.fiwareToken,
    });
    const args = { name: "bench", description: "bench", connection };
    const credentials = Object.entries(c).filter(([, value]) => typeof value === "string" && value.length >= 4);
    const classes = resourceClasses();
    if (classes.length === 0) throw new Error("the package exports no Resource class");
    log(`provider-size: ${classes.map((k) => k.label).join(", ")}`);
    const rows = [];
    for (const { label, Resource } of classes) {
      try {
        const { type, provider } = await serializedProvider(Resource, args, credentialConfig(sandbox));
        // The serialized object carries the entity's kind (e.g. "scaleway:Application"): a sanity check that what
        // was measured is this class's provider.
        const kind = type.slice(DYNAMIC_PREFIX.length);
        if (!provider.includes(kind)) throw new Error(`the __provider of ${type} does not name its kind ${kind}`);
        const bytes = Buffer.byteLength(provider, "utf8");
        const leaked = credentials.filter(([, value]) => provider.includes(value)).map(([key]) => key);
        rows.push({ label, bytes, leaked });
        log(`provider-size: ${label}: ${bytes} bytes${leaked.length ? `, CONTAINS ${leaked.join(", ")}` : ""}`);
      } catch (error) {
        rows.push({ label, error: error instanceof Error ? error.message : String(error) });
        log(`provider-size: ${label}: ERROR ${rows.at(-1).error}`);
      }
    }
    return rows.map((r) =>
      r.error
        ? row({
            name: `\`__provider\` of ${r.label}`,
            measured: "—",
            bound: `${BOUND_BYTES} B`,
            ratio: NaN,
            error: r.error,
            notes: `could not capture: ${r.error}`,
          })
        : row({
            name: `\`__provider\` of ${r.label}`,
            measured: `${r.bytes} B`,
            bound: `${BOUND_BYTES} B`,
            ratio: r.leaked.length ? Number.POSITIVE_INFINITY : r.bytes / BOUND_BYTES,
            target: 1,
            notes: r.leaked.length
              ? `CONTAINS credential values: ${r.leaked.join(", ")}`
              : `no credential inside (${credentials.length} values scanned)`,
          }),
    );
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    await sandbox.stop();
  }
}
