import { existsSync } from "node:fs";
import path from "node:path";
import { describe } from "vitest";

/**
 * The material every developer and CI have beside the project (DESIGN §6): API documents and recorded traffic that no
 * one here wrote. It lives at `<repo>/../shared` and is read from there, never copied into the repo.
 */
export const repoRoot = path.resolve(__dirname, "..", "..");
export const sharedDir = path.resolve(repoRoot, "..", "shared");

export function hasShared(): boolean {
  return existsSync(path.join(sharedDir, "specs")) && existsSync(path.join(sharedDir, "fixtures"));
}

/** Absolute path of a file under ../shared, e.g. `sharedPath("specs", "juju-user-api.md")`. */
export function sharedPath(...segments: string[]): string {
  return path.join(sharedDir, ...segments);
}

let warned = false;

/**
 * `describe` when ../shared is present. When it is absent the suite is reported as skipped (not failed: a checkout
 * without the shared folder cannot run contract tests) and a message says why, once per test file.
 */
export function describeWithShared(name: string, fn: () => void): void {
  const present = hasShared();
  if (!present && !warned) {
    warned = true;
    console.warn(`contract tests skipped: ../shared not found at ${sharedDir}`);
  }
  // skipIf rather than a bare skip: the reason is decided at run time, by the absence of ../shared.
  describe.skipIf(!present)(name, fn);
}
