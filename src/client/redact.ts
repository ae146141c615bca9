export const REDACTED = "[REDACTED]";

/** Keys whose values are credentials wherever they appear (JSON bodies, forms, inspected objects). */
export const SECRET_KEY_PATTERN = /secret|password|token|authorization|api[-_]?key|credential|private/i;

// Shorter values are too likely to be ordinary words or ids; masking them would garble messages without protecting
// anything a 5-character secret could protect.
const MIN_SECRET_LENGTH = 6;

// A key, optionally quoted, then `:` or `=`. Group 1 is the opening quote, 2 the key, 3 the separator.
const KEY_PATTERN = /(["']?)([A-Za-z0-9_.-]+)\1(\s*[:=]\s*)/g;

function usableSecrets(secrets: readonly string[] | undefined): string[] {
  const unique = new Set<string>();
  for (const s of secrets ?? []) {
    if (typeof s === "string" && s.length >= MIN_SECRET_LENGTH) unique.add(s);
  }
  // Longest first, so a secret that contains another is masked whole.
  return [...unique].sort((a, b) => b.length - a.length);
}

/** End index (exclusive) of the value starting at `start`: a quoted string, a balanced object/array, or a bare word. */
function valueEnd(text: string, start: number): number {
  const first = text[start];
  if (first === '"' || first === "'") {
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === "\\") i++;
      else if (text[i] === first) return i + 1;
    }
    return text.length;
  }
  if (first === "{" || first === "[") {
    let depth = 0;
    let quote: string | undefined;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (quote) {
        if (c === "\\") i++;
        else if (c === quote) quote = undefined;
      } else if (c === '"') quote = c;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return text.length;
  }
  const rest = text.slice(start);
  const match = /^[^\s,;&}\]"']+/.exec(rest);
  return start + (match ? match[0].length : 0);
}

function redactKeyValues(text: string): string {
  let out = "";
  let last = 0;
  KEY_PATTERN.lastIndex = 0;
  for (let m = KEY_PATTERN.exec(text); m !== null; m = KEY_PATTERN.exec(text)) {
    const [whole, quote, key, separator] = m;
    const valueStart = m.index + whole.length;
    if (!SECRET_KEY_PATTERN.test(key!) || valueStart >= text.length) continue;
    const first = text[valueStart]!;
    const quotedValue = first === '"' || first === "'" || first === "{" || first === "[";
    // Prose like "password: must be 8 characters" is not a key/value pair; only JSON-ish or form-ish text is.
    if (!quote && separator!.includes(":") && !quotedValue) continue;
    const end = valueEnd(text, valueStart);
    const value = text.slice(valueStart, end);
    if (value === "" || value === "null" || value === '""' || value === REDACTED || value === `"${REDACTED}"`) {
      continue;
    }
    out += text.slice(last, valueStart) + (quotedValue ? `"${REDACTED}"` : REDACTED);
    last = end;
    KEY_PATTERN.lastIndex = end;
  }
  return out + text.slice(last);
}

/**
 * Masks every occurrence of the given secret values, then the values of credential-looking keys in JSON-ish or
 * form-ish text, then bearer/basic credentials. Used on every error message the client builds.
 */
export function redact(text: string, secrets?: readonly string[]): string {
  let out = text;
  for (const secret of usableSecrets(secrets)) out = out.split(secret).join(REDACTED);
  out = redactKeyValues(out);
  return out.replace(/\b(Bearer|Basic)\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`);
}

/** The structured counterpart of `redact`, for error details: masks credential keys and secret substrings. */
export function redactValue(value: unknown, secrets?: readonly string[]): unknown {
  const list = usableSecrets(secrets);
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return redact(v, list);
    if (depth > 20 || typeof v !== "object" || v === null) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v)) {
      out[key] = SECRET_KEY_PATTERN.test(key) && item !== null && item !== undefined ? REDACTED : walk(item, depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}
