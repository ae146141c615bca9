import { z } from "zod";
import { text, Uuid } from "../fields";

/**
 * Scaleway IAM names: the API's pattern `^[\w().\-]+( +[\w().\-]+)*$`, 1–64 characters. The server is written in
 * Go, whose `\w` is ASCII only (`[0-9A-Za-z_]`), so letters such as é are refused by the API, and so here.
 */
export const ScalewayName = text({ min: 1, max: 64 }).refine(
  (value) => value.length === 0 || /^[\w().-]+( +[\w().-]+)*$/.test(value),
  "may contain only ASCII letters and digits (no accents), spaces between words and the characters _ ( ) . - (the API's pattern ^[\\w().-]+( +[\\w().-]+)*$, \\w being ASCII)",
);

export const ScalewayDescription = text({ max: 200 });

/** The API allows at most 10 tags. */
export const ScalewayTags = z
  .array(z.string("must be a string").min(1, "tags must not be empty"), "must be a list of strings")
  .max(10, "must hold at most 10 tags (the API's limit)");

/** A list of ids (members), compared as a set. */
export const UuidList = z.array(Uuid, "must be a list of ids");
