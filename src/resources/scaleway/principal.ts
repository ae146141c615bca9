import { z } from "zod";
import { NotFoundError } from "../../client/errors";
import type { Props } from "../description";
import { containsUnknown } from "../provider";

/** A 404 made by us (e.g. a member no longer in its group), which read turns into "gone". */
export function notFound(path: string, message: string): NotFoundError {
  return new NotFoundError({ status: 404, code: "not_found", system: "scaleway", method: "GET", path, message });
}

/** Exactly one of `names` is set (unknowns count as set: checked again when known). */
export function exactlyOne(news: Props, names: readonly string[], what: string) {
  const set = names.filter((name) => news[name] !== undefined && news[name] !== null);
  if (set.length === 1 || set.some((name) => containsUnknown(news[name]))) return [];
  const property = set.length === 0 ? names[0]! : set[1]!;
  return [{ property, reason: `set exactly one of ${names.join(", ")} (${what})` }];
}

export const NoPrincipal = z.literal(
  true,
  "must be true when set (to name a principal, set userId, groupId or applicationId)",
);
