/**
 * Dates relative to now, so no test (and no example) starts failing on a fixed calendar day: an API key's expiry
 * must lie in the future (issue 8 item 5).
 */

/** Noon UTC, `days` from today, written with the given UTC offset ("Z", "+02:00", "-05:30"). */
export function inFuture(days: number, offset = "Z"): string {
  const noon = new Date();
  noon.setUTCHours(12, 0, 0, 0);
  noon.setUTCDate(noon.getUTCDate() + days);
  if (offset === "Z") return noon.toISOString().replace(".000Z", "Z");
  const sign = offset.startsWith("-") ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(":").map(Number) as [number, number];
  const local = new Date(noon.getTime() + sign * (hours * 60 + minutes) * 60_000);
  return local.toISOString().replace(".000Z", offset);
}

/** The UTC form the API answers for an RFC 3339 value. */
export function utc(value: string): string {
  return new Date(Date.parse(value)).toISOString().replace(".000Z", "Z");
}
