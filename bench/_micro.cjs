// dev only: CPU per read of our provider vs a raw undici GET, sandbox in another process.
const { spawn } = require("node:child_process");
const { Pool } = require("undici");
async function main() {
  const sb = spawn(process.execPath, ["dist/sandbox/cli.js", "--write-env", "/tmp/sb.env"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  await new Promise((res) =>
    sb.stdout.on("data", (d) => {
      out += d;
      if (out.includes("FIWARE") || out.split("\n").length > 8) res();
    }),
  );
  await new Promise((r) => setTimeout(r, 300));
  const env = Object.fromEntries(
    [...out.matchAll(/export (\w+)=(\S+)/g)].map((m) => [m[1], m[2].replace(/^'|'$/g, "")]),
  );
  Object.assign(process.env, env);
  const { provider } = require("pulumi-eurostack/runtime");
  const { loadStackConfig } = require("./../dist/resources/config");
  const app = provider("scaleway:Application");
  // create N apps
  const N = 1000;
  const ids = [];
  for (let i = 0; i < N; i++) {
    const c = await app.check({}, { name: `m-${i}`, tags: ["b"] });
    const r = await app.create(c.inputs);
    ids.push([r.id, r.outs]);
  }
  async function run(fn) {
    let i = 0;
    const t = process.cpuUsage();
    const w = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (i < N) {
          const k = i++;
          await fn(k);
        }
      }),
    );
    const c = process.cpuUsage(t);
    return { cpuPer: ((c.user + c.system) / 1000 / N).toFixed(3), wall: Math.round(performance.now() - w) };
  }
  const pool = new Pool(env.SCW_API_URL, { connections: 16 });
  const raw = (k) =>
    pool
      .request({
        path: `/iam/v1alpha1/applications/${ids[k][0]}`,
        method: "GET",
        headers: { "x-auth-token": env.SCW_SECRET_KEY },
      })
      .then((r) => r.body.json());
  for (let rep = 0; rep < 3; rep++) {
    console.log("raw", JSON.stringify(await run(raw)));
    console.log("read", JSON.stringify(await run((k) => app.read(ids[k][0], ids[k][1]))));
    console.log(
      "diff",
      JSON.stringify(await run((k) => app.diff(ids[k][0], ids[k][1], { name: `m-${k}`, tags: ["b"] }))),
    );
  }
  sb.kill();
  process.exit(0);
}
main();
