/**
 * The sandbox's time-driven status clock. Asynchronous work on the real servers (a Numspot space becoming READY, an
 * OpenShift operation ending, a Sojobo 202 change landing) is emulated without timers: a `Timeline` is fixed when the
 * work starts and its status is computed from the real clock whenever it is read. Nothing runs in the background, so
 * a stopped sandbox leaves no pending work, and a test can pin a status to hold it regardless of time.
 */
export interface Stage<S extends string> {
  readonly status: S;
  /** How long this stage lasts; the last stage (or one without `ms`) holds for ever. */
  readonly ms?: number;
}

export interface Timeline<S extends string> {
  /** Epoch ms when the work started. */
  readonly startedAt: number;
  readonly stages: readonly Stage<S>[];
  /** Set by a test (or an out-of-band change) to hold the status regardless of the clock. */
  pinned?: S;
}

export function timeline<S extends string>(stages: readonly Stage<S>[], startedAt = Date.now()): Timeline<S> {
  if (stages.length === 0) throw new Error("a timeline needs at least one stage");
  return { startedAt, stages };
}

/** The status at `now`, and since when it has held (epoch ms): `since` serves as an `updatedOn`. */
export function statusAt<S extends string>(line: Timeline<S>, now = Date.now()): { status: S; since: number } {
  if (line.pinned !== undefined) return { status: line.pinned, since: line.startedAt };
  let since = line.startedAt;
  for (let i = 0; i < line.stages.length; i++) {
    const stage = line.stages[i]!;
    const last = i === line.stages.length - 1 || stage.ms === undefined;
    if (last || now < since + stage.ms!) return { status: stage.status, since };
    since += stage.ms!;
  }
  /* c8 ignore next */
  throw new Error("unreachable: the last stage always matches");
}

/** True once the timeline has reached its final stage (or a pinned status equal to it). */
export function settled<S extends string>(line: Timeline<S>, now = Date.now()): boolean {
  return statusAt(line, now).status === line.stages[line.stages.length - 1]!.status;
}
