#!/usr/bin/env node
// The pipelines' Pulumi steps, through the Automation API with the program of program.ts run inline, so they work
// with any Pulumi CLI (with or without the Node.js language host):
//   node ci.mjs preview   preview (with the policy pack when POLICY_PACK is set) → out/preview.txt
//   node ci.mjs up        up, then out/up.txt
//   node ci.mjs comment   out/comment.md from out/preview.txt and out/drift.md, for a pull/merge request
// The stack is $STACK (default dev), created on first use; backend, passphrase and the systems' credentials come
// from the environment (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, SCW_*, NUMSPOT_*), set from the CI's secrets.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

// The SDK is CommonJS with folder subpaths, which ES module resolution does not take.
const { LocalWorkspace, PulumiCommand, Stack } = createRequire(import.meta.url)("@pulumi/pulumi/automation");

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "out");
const stackName = process.env.STACK || "dev";
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

async function openStack() {
  const { program } = await import("./program.ts");
  const cli = process.env.PULUMI_CLI;
  const pulumiCommand = await PulumiCommand.get({
    ...(cli ? { root: path.dirname(path.dirname(cli)) } : {}),
    skipVersionCheck: true,
  });
  const workspace = await LocalWorkspace.create({ workDir: here, program, pulumiCommand });
  return Stack.createOrSelect(stackName, workspace);
}

function comment() {
  const preview = existsSync(path.join(out, "preview.txt")) ? readFileSync(path.join(out, "preview.txt"), "utf8") : "";
  const drift = existsSync(path.join(out, "drift.md")) ? readFileSync(path.join(out, "drift.md"), "utf8") : "";
  const body = [
    `## Pulumi preview of \`${stackName}\``,
    "",
    "<details><summary>What <code>up</code> would do after the merge</summary>",
    "",
    "```",
    preview.trim() || "(no preview output)",
    "```",
    "",
    "</details>",
    "",
    `## Drift of \`${stackName}\``,
    "",
    drift.trim() || "(no drift report)",
    "",
  ].join("\n");
  writeFileSync(path.join(out, "comment.md"), body);
}

async function main(command) {
  mkdirSync(out, { recursive: true });
  if (command === "comment") return comment();
  if (command !== "preview" && command !== "up") throw new Error(`usage: node ci.mjs preview|up|comment (got ${command})`);
  const stack = await openStack();
  const lines = [];
  const onOutput = (text) => {
    process.stdout.write(text);
    lines.push(text);
  };
  try {
    if (command === "preview") {
      const policyPacks = process.env.POLICY_PACK ? [path.resolve(here, process.env.POLICY_PACK)] : [];
      await stack.preview({ onOutput, policyPacks, ...(process.env.POLICY_CONFIG ? { policyPackConfigs: [path.resolve(here, process.env.POLICY_CONFIG)] } : {}) });
    } else {
      await stack.up({ onOutput });
    }
  } finally {
    writeFileSync(path.join(out, `${command}.txt`), lines.join("").replace(ansi, ""));
  }
}

main(process.argv[2]).catch((error) => {
  console.error(`ci.mjs: ${String(error.message ?? error).split("\n").slice(0, 20).join("\n")}`);
  process.exitCode = 1;
});
