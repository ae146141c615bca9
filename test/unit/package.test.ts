/**
 * The published package's runtime dependencies are exactly what its code loads (issue 8 item 13): a user installing
 * pulumi-eurostack must not pull in a package nothing uses (e.g. @pulumi/policy before the policy pack exists).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith(".ts") ? [full] : [];
  });
}

it("every runtime dependency is imported by the code under src/, and nothing else is", () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const code = sources(path.join(ROOT, "src"))
    .map((file) => readFileSync(file, "utf8"))
    .join("\n");
  const imported = (name: string) => new RegExp(`(from |require\\()"${name.replace("/", "\\/")}(/[^"]*)?"`).test(code);
  const dependencies = Object.keys(manifest.dependencies ?? {});
  expect(dependencies.filter((name) => !imported(name))).toEqual([]);
  expect(dependencies).not.toContain("@pulumi/policy");
});
