/**
 * The report for people: text for a terminal, Markdown for a pull-request comment or an issue body. Both are built
 * from the report alone, whose values are already masked (`[secret]`).
 */
import { bySystem, type DriftReport, type FieldChange, type ResourceDrift, SECRET, type StackReport } from "./report";

const MAX_VALUE = 200;

/** A value in one line: JSON, shortened; the secret and unknown markers bare. */
export function showValue(value: unknown): string {
  if (value === SECRET || (typeof value === "string" && /^\[(secret|known after up)\]$/.test(value))) {
    return String(value);
  }
  if (value === undefined) return "(not set)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function summaryLine(report: DriftReport): string {
  const { summary } = report;
  const drifted = summary.changed + summary.deleted + summary.pending;
  const stacksWithDrift = report.stacks.filter((s) => s.status === "drift").length;
  const counts = `${summary.changed} changed, ${summary.deleted} deleted, ${summary.pending} pending; ${plural(summary.checked, "resource")} checked`;
  const errors = summary.errors > 0 ? `; ${plural(summary.errors, "stack")} could not be checked` : "";
  if (drifted === 0 && summary.errors === 0) {
    return `No drift in ${plural(summary.stacks, "stack")} (${plural(summary.checked, "resource")} checked)`;
  }
  if (drifted === 0)
    return `Drift check incomplete: ${plural(summary.errors, "stack")} of ${summary.stacks} could not be checked`;
  return `Drift: ${plural(drifted, "resource")} in ${stacksWithDrift} of ${plural(summary.stacks, "stack")} (${counts}${errors})`;
}

/** What happened to a resource, in words. */
export function describeDrift(r: ResourceDrift): string {
  const what =
    r.kind === "changed"
      ? "changed behind Pulumi's back"
      : r.kind === "deleted"
        ? "deleted behind Pulumi's back"
        : "differs from the program";
  return r.planned ? `${what}; up would ${r.planned}` : what;
}

function stackHeading(s: StackReport): string {
  const project = s.project ? ` (project ${s.project})` : "";
  const seconds = (s.durationMs / 1000).toFixed(1);
  if (s.status === "error") return `Stack ${s.stack}${project}: could not check`;
  if (s.status === "clean")
    return `Stack ${s.stack}${project}: no drift (${plural(s.checked, "resource")} checked in ${seconds} s)`;
  return `Stack ${s.stack}${project}: drift in ${plural(s.resources.length, "resource")} (${s.checked} checked in ${seconds} s)`;
}

const SIGN: Record<string, string> = { changed: "~", deleted: "-", pending: "*" };

function fieldLine(f: FieldChange): string {
  if (f.live !== undefined || !("declared" in f)) {
    return `${f.field}: ${showValue(f.recorded)} (recorded) → ${showValue(f.live)} (live)`;
  }
  return `${f.field}: ${showValue(f.recorded)} (recorded) → ${showValue(f.declared)} (program)`;
}

export function formatText(report: DriftReport): string {
  const lines: string[] = [summaryLine(report), ""];
  for (const s of report.stacks) {
    lines.push(stackHeading(s));
    if (s.error) for (const line of s.error.split("\n")) lines.push(`  ${line}`);
    for (const [system, resources] of bySystem(s.resources)) {
      lines.push(`  ${system}`);
      for (const r of resources) {
        lines.push(`    ${SIGN[r.kind]} ${r.name} (${r.entity}${r.id ? ` ${r.id}` : ""}): ${describeDrift(r)}`);
        for (const f of r.fields) lines.push(`        ${fieldLine(f)}`);
        const liveFields = new Set(r.fields.map((f) => f.field));
        for (const f of r.plannedFields.filter((p) => !liveFields.has(p.field))) lines.push(`        ${fieldLine(f)}`);
        if (r.replaceKeys?.length) lines.push(`        replacement forced by: ${r.replaceKeys.join(", ")}`);
      }
    }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** Markdown-safe text inside a table cell or inline code. */
function cell(value: unknown): string {
  const text = showValue(value).replace(/\|/g, "\\|").replace(/\n/g, " ");
  return text.includes("`") ? text : `\`${text}\``;
}

function markdownTable(header: [string, string, string], fields: FieldChange[], column: "live" | "declared") {
  const rows = fields.map((f) => `| ${f.field} | ${cell(f.recorded)} | ${cell(f[column])} |`);
  return [`| ${header.join(" | ")} |`, "| --- | --- | --- |", ...rows];
}

export function formatMarkdown(report: DriftReport): string {
  const icon = report.status === "clean" ? "✅" : report.status === "drift" ? "⚠️" : "❌";
  const lines: string[] = [`${icon} **${summaryLine(report)}**`, ""];
  for (const s of report.stacks) {
    lines.push(`### ${stackHeading(s).replace(/^Stack (\S+)/, "Stack `$1`")}`, "");
    if (s.error) lines.push("```", s.error, "```", "");
    for (const [system, resources] of bySystem(s.resources)) {
      lines.push(`#### ${system}`, "");
      for (const r of resources) {
        lines.push(`<details><summary><code>${r.name}</code> (${r.entity}) — ${describeDrift(r)}</summary>`, "");
        lines.push(`URN: \`${r.urn}\`${r.id ? `, id \`${r.id}\`` : ""}`, "");
        if (r.fields.length > 0) lines.push(...markdownTable(["field", "recorded", "live"], r.fields, "live"), "");
        const planned = r.plannedFields.filter((p) => !r.fields.some((f) => f.field === p.field));
        if (planned.length > 0) lines.push(...markdownTable(["field", "recorded", "program"], planned, "declared"), "");
        if (r.replaceKeys?.length) lines.push(`Replacement forced by: ${r.replaceKeys.join(", ")}`, "");
        lines.push("</details>", "");
      }
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
