/**
 * Recognising our own create when its answer was lost. None of these APIs takes an idempotency key, so when a POST
 * may have reached the server (connection reset, 5xx) the object it may have made is looked for before the request
 * is sent again. A candidate must match the request, be created after the request was first sent (by the server's
 * clock), and not belong to anyone we know of. Three rules keep a look-up from taking someone else's object:
 *
 * - creates of the same natural key (name, bearer) run one at a time in this process, so a sibling resource's create
 *   is never in flight during a look-up;
 * - every id this process created or adopted is claimed, and a look-up never returns a claimed id;
 * - the time window is measured on the server's clock (from its Date header), so clock skew cannot widen it.
 *
 * These narrow the candidates; they do not prove one ours (none of these APIs takes an idempotency key), so entity.ts
 * takes or deletes a candidate only with a proof and otherwise fails naming the candidates (UnprovenCreateError).
 */
import type { HttpClient } from "../client/http";
import type { EntityDescription } from "./description";

const claimed = new Set<string>();
const queues = new Map<string, Promise<unknown>>();

/** The id is ours (created or adopted by this process): no look-up may return it. */
export function claim(id: string): void {
  claimed.add(id);
}

/** Runs creates that share a natural key one at a time (per process). */
export async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  try {
    return await run;
  } finally {
    if (queues.get(key) === settled) queues.delete(key);
  }
}

/** Slack for the Date header's whole seconds and the request's own travel time. */
const SERVER_CLOCK_SLACK_MS = 2_000;
/** Without a Date header from the server, our clock against its, with generous skew. */
const UNKNOWN_CLOCK_SLACK_MS = 120_000;

export interface CreateWindow {
  /** The candidates a look-up may take: created in the window (or at an unknown time) and not claimed. */
  unclaimedSince<T>(items: readonly T[], idOf: (item: T) => string, createdAtOf: (item: T) => string | null): T[];
}

/** Opens the window just before the first attempt of a create is sent. */
export function openCreateWindow(client: HttpClient): CreateWindow {
  const sentAtLocal = Date.now();
  return {
    unclaimedSince(items, idOf, createdAtOf) {
      // The offset is read at look-up time: the look-up's own answer has just refreshed it.
      const offset = client.serverClockOffsetMs();
      const earliest =
        offset === undefined ? sentAtLocal - UNKNOWN_CLOCK_SLACK_MS : sentAtLocal + offset - SERVER_CLOCK_SLACK_MS;
      // An object whose API keeps no creation time cannot be shown older than the request: it stays a candidate
      // (named, never taken), rather than a re-send that duplicates it or answers "already exists".
      return items.filter((item) => {
        const createdAt = createdAtOf(item);
        return !claimed.has(idOf(item)) && (createdAt === null || Date.parse(createdAt) >= earliest);
      });
    },
  };
}

/** More than one object, or one not proven ours, may be the result of a create whose answer was lost. */
export class UnprovenCreateError extends Error {
  constructor(d: Pick<EntityDescription, "adopt" | "noun" | "system" | "type">, ids: readonly string[]) {
    const adopt =
      d.adopt === true
        ? `if ${ids.length > 1 ? "one" : "it"} is yours, run again with adopt: true (delete any extra ones)`
        : `delete ${ids.length > 1 ? "those" : "it"} if yours (its answer is lost) and run again`;
    super(
      `${d.system.name}:${d.type}: the create request's answer was lost, and ${ids.length} matching ${d.noun}${ids.length > 1 ? "s were" : " was"} created at that moment (${ids.join(", ")}). Nothing proves which request made ${ids.length > 1 ? "them" : "it"}, so none was taken over or deleted: ${adopt}`,
    );
    this.name = "UnprovenCreateError";
  }
}
