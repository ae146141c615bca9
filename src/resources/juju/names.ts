import { z } from "zod";
import { text } from "../fields";

/**
 * Users, controllers and models as the server takes them: letters, digits and hyphens, lower-cased on the way in.
 * Only the lower-case form is accepted here: `Bob` would become `bob` on the server and differ from the input for
 * ever.
 */
export const JujuName = text({ min: 1, max: 255 }).pipe(
  z.string().regex(/^[a-z0-9-]+$/, "must be lowercase letters, digits and hyphens (the server lower-cases names)"),
);

/** Timeouts of the 202-then-poll entities (seconds). */
export const DEFAULT_JUJU_TIMEOUTS = Object.freeze({ create: 180, update: 180, delete: 180 });
