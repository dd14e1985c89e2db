// Finds the integer tokens of a JSON text that a double cannot hold (|n| > 2^53 - 1), so the codec can
// let JSON.parse do the parsing and then put the exact values back, found by their doubles. When two
// tokens, or a float and a token, share a double, the patch could not tell them apart: the scan answers
// "fallback" and the codec uses the exact parser (exact-json.ts) instead.
//
// The scan never works out which digits lie inside strings (walking every quote costs as much as
// JSON.parse). A digit run in a string that looks like a number token only adds a double to look for:
// harmless, since the patch replaces numbers and never strings, and at worst the walk goes on to the
// end or the text takes the fallback.

// 2^53 has 16 digits, so a shorter number token is always a safe integer or an ordinary float.
const RUN = String(Number.MAX_SAFE_INTEGER).length;

export type UnsafeIntegerScan =
  | { readonly kind: "none" }
  /**
   * Every unsafe integer token, keyed by the double JSON.parse gives it, and how many there are (a count
   * that may include lookalikes inside strings, never one too few).
   */
  | { readonly kind: "tokens"; readonly byValue: ReadonlyMap<number, string>; readonly count: number }
  | { readonly kind: "fallback" };

const NONE: UnsafeIntegerScan = { kind: "none" };
const FALLBACK: UnsafeIntegerScan = { kind: "fallback" };

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Digits, signs, `.`, `e`, `E`: what a number token is made of. */
function isNumberChar(code: number): boolean {
  return isDigit(code) || code === 45 || code === 43 || code === 46 || (code | 32) === 101;
}

/** Whether a value may start at `at`: what comes before it, spaces aside, is `:`, `,`, `[` or nothing. */
function mayStartValue(text: string, at: number): boolean {
  let before = at - 1;
  for (let code = text.charCodeAt(before); code === 32 || code === 10 || code === 13 || code === 9; code = text.charCodeAt(--before));
  const code = text.charCodeAt(before);
  return before < 0 || code === 58 || code === 44 || code === 91;
}

/** The double of a number token around `at`, or NaN where the number-like text there cannot be one. */
function numberAround(text: string, at: number): number {
  let start = at;
  while (isNumberChar(text.charCodeAt(start - 1))) start--;
  if (!mayStartValue(text, start)) return Number.NaN; // e.g. `5e6` inside a UUID
  let end = at;
  while (isNumberChar(text.charCodeAt(end))) end++;
  return Number(text.slice(start, end));
}

/** True when an exponent number next to `letter` (e or E) has one of the unsafe integers' doubles. */
function exponentCollides(text: string, letter: string, byValue: ReadonlyMap<number, string>): boolean {
  for (let at = text.indexOf(letter); at !== -1; at = text.indexOf(letter, at + 1)) {
    if (isDigit(text.charCodeAt(at - 1)) && byValue.has(numberAround(text, at))) return true;
  }
  return false;
}

export function scanUnsafeIntegers(text: string): UnsafeIntegerScan {
  let byValue: Map<number, string> | undefined;
  let count = 0;
  let longFloat = false;
  // A run of 16 or more digits covers one of the positions 15, 31, 47, ..., so probing only those (and
  // the runs they hit) finds every long run.
  for (let probe = RUN - 1; probe < text.length; probe += RUN) {
    if (!isDigit(text.charCodeAt(probe))) continue;
    let start = probe;
    while (isDigit(text.charCodeAt(start - 1))) start--;
    let end = probe + 1;
    while (isDigit(text.charCodeAt(end))) end++;
    probe = end; // not a digit: the next long run starts after it
    if (end - start < RUN) continue;
    const next = text.charCodeAt(end);
    if (next === 46 /* . */ || (next | 32) === 101 /* e E */) {
      longFloat = true; // a float of 16+ integer digits: rare enough to leave to the exact parser
      continue;
    }
    if (text.charCodeAt(start - 1) === 45 /* - */) start--;
    if (!mayStartValue(text, start)) continue; // inside a string, or an exponent's digits
    const token = text.slice(start, end);
    const value = Number(token);
    if (Number.isSafeInteger(value)) continue;
    byValue ??= new Map();
    const seen = byValue.get(value);
    if (seen !== undefined && seen !== token) return FALLBACK; // two integers, one double
    byValue.set(value, token);
    count++;
  }
  if (byValue === undefined) return NONE;
  // A float with an unsafe integer's double would be patched too: possibly a long float seen above, or
  // an exponent number (1.3e19) anywhere.
  const collides = longFloat || exponentCollides(text, "e", byValue) || exponentCollides(text, "E", byValue);
  return collides ? FALLBACK : { kind: "tokens", byValue, count };
}

/**
 * Replaces, in a JSON.parse result, every double that came from an unsafe integer token by its bigint,
 * and stops once `count` are back. A document nested deeper than the call stack throws a RangeError.
 */
export function restoreUnsafeIntegers(root: unknown, scan: { readonly byValue: ReadonlyMap<number, string>; readonly count: number }): unknown {
  const box = [root]; // so that a number at the root is put back like any other
  walk(box, scan.byValue, scan.count);
  return box[0];
}

/** Returns how many tokens are still to be put back (0: done). */
function walk(node: object, byValue: ReadonlyMap<number, string>, left: number): number {
  if (Array.isArray(node)) {
    const list = node as unknown[];
    for (let i = 0; i < list.length && left > 0; i++) {
      const value: unknown = list[i];
      if (typeof value === "object") {
        if (value !== null) left = walk(value, byValue, left);
      } else if (typeof value === "number" && !Number.isSafeInteger(value)) {
        const token = byValue.get(value);
        if (token !== undefined) {
          list[i] = BigInt(token);
          left--;
        }
      }
    }
    return left;
  }
  const record = node as Record<string, unknown>;
  // for...in is the fastest walk; JSON.parse objects have only own keys (an inherited enumerable key
  // someone added to Object.prototype is skipped below before anything is written).
  for (const key in record) {
    if (left <= 0) break;
    const value = record[key];
    if (typeof value === "object") {
      if (value !== null) left = walk(value, byValue, left);
    } else if (typeof value === "number" && !Number.isSafeInteger(value) && Object.hasOwn(record, key)) {
      const token = byValue.get(value);
      if (token !== undefined) {
        record[key] = BigInt(token); // an own data property (even `__proto__`): assignment just replaces it
        left--;
      }
    }
  }
  return left;
}
