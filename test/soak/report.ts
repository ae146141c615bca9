/**
 * The soak's report: a Markdown results table (operations per kind and operation, faults per kind and system,
 * failures per cause, the invariants) with the seed, the machine, the date and the duration.
 */
import * as os from "node:os";
import { SYSTEM_NAMES } from "../../src/sandbox";
import { FAULT_KINDS, FAULT_RATE, REQUEST_TIMEOUT_MS, SLOW_ANSWER_MS, TOKEN_TTL_S } from "./faults";
import { OPS, type SoakResult } from "./soak";

const row = (cells: unknown[]) => `| ${cells.join(" | ")} |`;

export function formatReport(result: SoakResult, date = new Date()): string {
  const lines: string[] = [];
  const cpus = os.cpus();
  lines.push(
    `# Fault soak: ${result.operations} operations at ${FAULT_RATE * 100} % injected faults`,
    "",
    `Seed ${result.seed} (replay with \`SOAK_SEED=${result.seed}\`), ${result.rounds} rounds, ${(result.durationMs / 1000).toFixed(1)} s, ` +
      `${date.toISOString().slice(0, 10)}, ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.version}, ${os.platform()} ${os.release()}.`,
    "",
    "Driven through the engine stand-in and the real dynamic-provider plugin: each round changes the program and runs " +
      "`up` (steps run concurrently), every third round also `refresh`. Per-attempt timeout " +
      `${REQUEST_TIMEOUT_MS} ms, slow answers ${SLOW_ANSWER_MS} ms, Numspot tokens live ${TOKEN_TTL_S} s and are revoked at seeded moments.`,
    "",
    "## Invariants, faults off",
    "",
    row(["check", "result"]),
    row(["---", "---"]),
    row(["duplicates", result.findings.duplicates.length]),
    row(["orphans", result.findings.orphans.length]),
    row(["objects of creates that failed unnamed (no look-up: AccountToken)", result.unnamedObjects.length]),
    row(["recorded ≠ remote (or remote missing)", result.findings.mismatches.length]),
    row(["deleted but still there", result.findings.undeleted.length]),
    row(["forgotten (cannot be deleted) but gone", result.findings.forgottenGone.length]),
    row(["changes seen by refresh / by the next up", `${result.driftAfter.refresh} / ${result.driftAfter.up}`]),
    row(["unclear failure messages", result.unclear.length]),
    row([`secrets found in state, logs, errors (${result.secretsScanned} scanned)`, result.leaks.length]),
    row(["resources in the state at the end", result.live]),
    "",
    "## Operations per kind",
    "",
    row(["kind", ...OPS, "compared with remote", "lost creates named and cleaned"]),
    row(["---", ...OPS.map(() => "---:"), "---:", "---:"]),
  );
  for (const [kind, counts] of Object.entries(result.ops)) {
    lines.push(
      row([kind, ...OPS.map((op) => counts[op]), result.findings.compared[kind] ?? 0, result.reported[kind] ?? 0]),
    );
  }
  const total = (op: (typeof OPS)[number]) => Object.values(result.ops).reduce((sum, counts) => sum + counts[op], 0);
  lines.push(row(["**total**", ...OPS.map(total), "", ""]), "");
  lines.push(
    `## Faults per kind and system (${result.requests} requests)`,
    "",
    row(["fault", ...SYSTEM_NAMES, "total"]),
    row(["---", ...SYSTEM_NAMES.map(() => "---:"), "---:"]),
  );
  for (const kind of FAULT_KINDS) {
    const counts = SYSTEM_NAMES.map((system) => result.faults[kind][system]);
    lines.push(row([kind, ...counts, counts.reduce((a, b) => a + b, 0)]));
  }
  lines.push("", `Numspot token revocations: ${result.revocations}.`, "", "## Failures reported, per cause", "");
  const causes = new Map<string, number>();
  for (const failure of result.failures) causes.set(failure.cause, (causes.get(failure.cause) ?? 0) + 1);
  lines.push(row(["cause", "count"]), row(["---", "---:"]));
  for (const [cause, n] of causes) lines.push(row([cause, n]));
  if (causes.size === 0) lines.push(row(["none", 0]));
  const examples = [...new Map(result.failures.map((f) => [f.cause, f])).values()];
  if (examples.length > 0) {
    lines.push("", "One message per cause, as the user sees it:", "");
    for (const f of examples)
      lines.push(`- ${f.cause}: \`${f.urn.split("::").slice(-2).join("::")}\`: ${f.message.split("\n")[0]}`);
  }
  const problems = [
    ...result.findings.duplicates,
    ...result.findings.orphans,
    ...result.unnamedObjects.map((o) => `made by a create that could not name it: ${o}`),
    ...result.findings.mismatches,
    ...result.findings.undeleted,
    ...result.findings.forgottenGone,
    ...result.drifted.map((d) => `refresh changed ${d}`),
    ...result.unclear,
    ...result.leaks,
  ];
  if (problems.length > 0) lines.push("", "## Problems", "", ...problems.map((p) => `- ${p}`));
  return `${lines.join("\n")}\n`;
}
