import { statusAt, timeline } from "../clock";
import type { ChangeDelay, ChangeKind, JujuState, JujuUserRecord, PendingChange } from "./state";

export interface ChangeSettings {
  delay: ChangeDelay;
  failureRate: number;
  random: () => number;
}

/** The answer of every call that hands its work to a background script; the typo is the server's. */
export const PROCESS_BEING_HANDLED = "Process being handeled";

function delayOf(settings: ChangeSettings, kind: ChangeKind, user: string): number {
  const { delay } = settings;
  if (typeof delay === "number") return delay;
  if (typeof delay === "function") return delay(kind, user);
  const [min, max] = delay;
  return min + settings.random() * (max - min);
}

/**
 * Starts a background change. `apply` runs against the user's record as it is when the change lands, like the
 * server's scripts that read the record from Redis when they run. `fails` marks a change the server accepts but its
 * script cannot carry out (an unknown user, a level Juju refuses); besides those, `failureRate` fails any change.
 * Either way the answer was 202 and the old value stays for ever.
 */
export function startChange(
  state: JujuState,
  settings: ChangeSettings,
  change: { kind: ChangeKind; user: string; description: string; fails?: boolean; apply(user: JujuUserRecord): void },
  now = Date.now(),
): PendingChange {
  const outcome = change.fails || settings.random() < settings.failureRate ? "failed" : "landed";
  const pending: PendingChange = {
    id: state.nextChangeId++,
    kind: change.kind,
    user: change.user,
    description: change.description,
    timeline: timeline(
      [{ status: "pending", ms: delayOf(settings, change.kind, change.user) }, { status: outcome }],
      now,
    ),
    apply: change.apply,
  };
  state.pending.push(pending);
  return pending;
}

const HISTORY_LIMIT = 1000;

function landsAt(change: PendingChange): number {
  if (change.timeline.pinned !== undefined) return change.timeline.startedAt;
  return change.timeline.startedAt + (change.timeline.stages[0]!.ms ?? 0);
}

/**
 * Applies every change whose time has come, in the order they land. Called before each request is handled, and
 * by tests before they read the state out of band. A test may pin a change's timeline: "pending" holds it, "landed"
 * or "failed" settles it at once whatever its drawn outcome.
 */
export function settleChanges(state: JujuState, now = Date.now()): void {
  const due = state.pending
    .map((change) => ({ change, status: statusAt(change.timeline, now).status }))
    .filter((entry) => entry.status !== "pending");
  if (due.length === 0) return;
  due.sort((a, b) => landsAt(a.change) - landsAt(b.change) || a.change.id - b.change.id);
  const done = new Set(due.map((entry) => entry.change));
  state.pending = state.pending.filter((change) => !done.has(change));
  for (const { change, status } of due) {
    const user = state.users.get(change.user);
    if (status === "landed" && user) change.apply(user);
    state.history.push({ change, status: status === "landed" && user ? "landed" : "failed" });
  }
  // A demo sandbox may run for days: keep the recent past only.
  if (state.history.length > HISTORY_LIMIT) state.history.splice(0, state.history.length - HISTORY_LIMIT);
}
