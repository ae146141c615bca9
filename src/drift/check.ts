/**
 * Checks stacks for drift through the Automation API: one `preview --refresh` per stack, which refreshes in preview
 * mode (the state is not written) and then previews what `up` would do. Nothing here can change a stack.
 */
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { DriftCollector } from "./analyze";
import { buildReport, type DriftReport, type StackReport } from "./report";

export interface CheckOptions {
  /** Resource operations the engine runs at once within one stack (`--parallel` of `pulumi preview`). */
  resourceParallel?: number;
  /** Called as the refresh reads resources. */
  onProgress?: (stack: string, checked: number) => void;
  signal?: AbortSignal;
}

/** Checks one stack; a failure to check is a report with status `error` and its reason, never a throw. */
export async function checkStack(stack: Stack, options: CheckOptions = {}): Promise<StackReport> {
  const started = Date.now();
  const collector = new DriftCollector();
  const errors: string[] = [];
  let project: string | undefined;
  try {
    project = (await stack.workspace.projectSettings().catch(() => undefined))?.name;
    await stack.preview({
      refresh: true,
      ...(options.resourceParallel ? { parallel: options.resourceParallel } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent: (event: EngineEvent) => {
        const before = collector.checked;
        collector.add(event);
        if (collector.checked !== before) options.onProgress?.(stack.name, collector.checked);
        const diagnostic = event.diagnosticEvent;
        if (diagnostic?.severity === "error") errors.push(diagnostic.message.trim());
      },
    });
  } catch (error) {
    return {
      stack: stack.name,
      ...(project ? { project } : {}),
      status: "error",
      error: reasonOf(error, errors),
      checked: collector.checked,
      durationMs: Date.now() - started,
      resources: [],
    };
  }
  const resources = collector.result();
  return {
    stack: stack.name,
    ...(project ? { project } : {}),
    status: resources.length > 0 ? "drift" : "clean",
    checked: collector.checked,
    durationMs: Date.now() - started,
    resources,
  };
}

/**
 * The reason a stack could not be checked: the engine's error diagnostics when it gave any (they name the resource
 * and the provider's message, which never holds a secret), else the first lines of the CLI's failure.
 */
export function reasonOf(error: unknown, diagnostics: string[]): string {
  const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
  if (diagnostics.length > 0) return [...new Set(diagnostics)].join("\n").replace(ansi, "");
  const message = error instanceof Error ? error.message : String(error);
  const stderr = /stderr: ([\s\S]*?)(?:\n\s*err\?|$)/.exec(message)?.[1]?.trim();
  return (stderr || message).replace(ansi, "").split("\n").slice(0, 8).join("\n");
}

export interface RunOptions extends CheckOptions {
  stacks: string[];
  /** Stacks checked at once. */
  parallel?: number;
  /** Opens a stack by name (a LocalWorkspace on `--cwd`, or an inline program's stack in tests). */
  open(name: string): Promise<Stack>;
  onStackDone?: (report: StackReport) => void;
}

/** Checks every stack, `parallel` at a time, and builds the report. */
export async function runDrift(options: RunOptions): Promise<DriftReport> {
  const results: StackReport[] = new Array(options.stacks.length);
  let next = 0;
  async function worker() {
    while (next < options.stacks.length) {
      const index = next++;
      const name = options.stacks[index]!;
      const started = Date.now();
      let report: StackReport;
      try {
        report = await checkStack(await options.open(name), options);
      } catch (error) {
        const reason = reasonOf(error, []);
        report = {
          stack: name,
          status: "error",
          error: reason,
          checked: 0,
          durationMs: Date.now() - started,
          resources: [],
        };
      }
      results[index] = report;
      options.onStackDone?.(report);
    }
  }
  const workers = Math.max(1, Math.min(options.parallel ?? 1, options.stacks.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return buildReport(results);
}
