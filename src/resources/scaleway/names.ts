import { z } from "zod";

/** Scaleway IAM names: 1–64 characters of `\w ( ) . -`, words separated by spaces (the API's own pattern). */
export const ScalewayName = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(
    /^[\w().-]+( +[\w().-]+)*$/,
    "may contain only letters, digits, spaces between words and the characters _ ( ) . -",
  );

export const ScalewayDescription = z.string().max(200, "must be at most 200 characters");

export const ScalewayTags = z.array(z.string().min(1, "tags must not be empty"));
