// Finds the integer tokens of a JSON text that a double cannot hold (|n| > 2^53 - 1), so the codec
// can let JSON.parse do the parsing and then put the exact values back. Anything it cannot place
// with certainty (a 16+ digit float, an exponent float, two tokens rounding to the same double)
// makes it answer "fallback", and the codec uses lossless-json for that text instead.
//
// Deciding whether a digit run lies inside a string by walking every quote before it costs as much
// as JSON.parse itself, so the common shape, a number right after an object key (`"NetherNetId":1…`),
// is decided from the few characters before it; only other shapes pay for the walk.

// 2^53 has 16 digits, so a shorter number token is always a safe integer or an ordinary float.
// Spelled out: V8 runs this ~5x faster than the equivalent /\d{16}/g (measured in bench/).
const LONG_DIGIT_RUN = /\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d/g;
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);
const EXPONENT_LETTERS = ["e", "E"] as const;

export type UnsafeIntegerScan =
  | { readonly kind: "none" }
  /** Every unsafe integer token outside strings, keyed by the double JSON.parse will give for it. */
  | { readonly kind: "tokens"; readonly byValue: ReadonlyMap<number, string> }
  | { readonly kind: "fallback" };

const NONE: UnsafeIntegerScan = { kind: "none" };
const FALLBACK: UnsafeIntegerScan = { kind: "fallback" };

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isJsonSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function skipSpaceBack(text: string, from: number): number {
  let at = from;
  while (at >= 0 && isJsonSpace(text.charCodeAt(at))) at--;
  return at;
}

/** Answers "is position p inside a string literal?" for increasing p, counting unescaped quotes once. */
function quoteParity(text: string): (position: number) => boolean {
  let cursor = 0;
  let inString = false;
  return (position) => {
    for (let q = text.indexOf('"', cursor); q !== -1 && q < position; q = text.indexOf('"', q + 1)) {
      let backslashes = 0;
      for (let b = q - 1; text.charCodeAt(b) === 92; b--) backslashes++;
      if (backslashes % 2 === 0) inString = !inString;
      cursor = q + 1;
    }
    return inString;
  };
}

const OUTSIDE = 0;
const INSIDE = 1;
const UNKNOWN = 2;

/**
 * Where a digit run starting at `runStart` stands, judged from the characters before it. A number token
 * follows `:`, `,`, `[` or nothing. After `:` the key's closing quote must come first, and a quote
 * that follows none of `{ [ , :` cannot open a string, so it closes the key: the run is a number.
 */
function placeOf(text: string, runStart: number): number {
  let before = runStart - 1;
  if (text.charCodeAt(before) === 45 /* - */) before--;
  before = skipSpaceBack(text, before);
  if (before < 0) return OUTSIDE;
  const prev = text.charCodeAt(before);
  if (prev === 44 /* , */ || prev === 91 /* [ */) return UNKNOWN;
  if (prev !== 58 /* : */) return INSIDE;
  const quote = skipSpaceBack(text, before - 1);
  if (quote < 0 || text.charCodeAt(quote) !== 34 /* " */) return INSIDE; // a colon inside a string
  let backslashes = 0;
  for (let b = quote - 1; text.charCodeAt(b) === 92; b--) backslashes++;
  if (backslashes % 2 === 1) return INSIDE; // an escaped quote: still inside the string
  const beforeQuote = skipSpaceBack(text, quote - 1);
  if (beforeQuote < 0) return UNKNOWN;
  const c = text.charCodeAt(beforeQuote);
  return c === 123 /* { */ || c === 91 /* [ */ || c === 44 /* , */ || c === 58 /* : */ ? UNKNOWN : OUTSIDE;
}

export function scanUnsafeIntegers(text: string): UnsafeIntegerScan {
  let inString: ((position: number) => boolean) | undefined;
  let byValue: Map<number, string> | undefined;
  LONG_DIGIT_RUN.lastIndex = 0;
  for (let match = LONG_DIGIT_RUN.exec(text); match !== null; match = LONG_DIGIT_RUN.exec(text)) {
    const start = match.index;
    let end = start + 16;
    while (isDigit(text.charCodeAt(end))) end++;
    LONG_DIGIT_RUN.lastIndex = end;
    const place = placeOf(text, start);
    if (place === INSIDE) continue;
    if (place === UNKNOWN) {
      inString ??= quoteParity(text);
      if (inString(start)) continue;
    }
    const next = text.charCodeAt(end);
    if (next === 46 /* . */ || next === 101 /* e */ || next === 69 /* E */) return FALLBACK;
    if (end - start === 16 && text.slice(start, end) <= MAX_SAFE_DIGITS) continue;
    const token = text.slice(text.charCodeAt(start - 1) === 45 ? start - 1 : start, end);
    const value = Number(token);
    byValue ??= new Map();
    const seen = byValue.get(value);
    if (seen !== undefined && seen !== token) return FALLBACK; // two integers, one double: ambiguous
    byValue.set(value, token);
  }
  if (byValue === undefined) return NONE;
  // An exponent float (1.3e19) may round to the same double as an integer token; do not guess.
  return hasExponentNumber(text) ? FALLBACK : { kind: "tokens", byValue };
}

/**
 * True when an exponent number may stand anywhere in the text: a digit, an `e` or `E`, and a mantissa
 * that follows `:`, `,`, `[` or nothing. Strings are not told apart (a lookalike inside one only costs
 * the slower parse); indexOf finds the few letters faster than a regular expression.
 */
function hasExponentNumber(text: string): boolean {
  for (const letter of EXPONENT_LETTERS) {
    for (let at = text.indexOf(letter); at !== -1; at = text.indexOf(letter, at + 1)) {
      let start = at - 1;
      if (!isDigit(text.charCodeAt(start))) continue;
      while (start >= 0 && (isDigit(text.charCodeAt(start)) || text.charCodeAt(start) === 46)) start--;
      if (text.charCodeAt(start) === 45 /* - */) start--;
      start = skipSpaceBack(text, start);
      if (start < 0) return true;
      const prev = text.charCodeAt(start);
      if (prev === 58 /* : */ || prev === 44 /* , */ || prev === 91 /* [ */) return true;
    }
  }
  return false;
}

/** Replaces, in a JSON.parse result, every double that came from an unsafe integer token by its bigint. */
export function restoreUnsafeIntegers(root: unknown, byValue: ReadonlyMap<number, string>): unknown {
  if (typeof root === "number") return exact(root, byValue);
  if (root !== null && typeof root === "object") walk(root, byValue, 0);
  return root;
}

/** Deeper than this, the walk goes on with its own stack, so no document can overflow the call stack. */
const RECURSION_LIMIT = 256;

// Recursion is about twice as fast as an explicit stack for documents of normal depth (bench/).
function walk(node: object, byValue: ReadonlyMap<number, string>, depth: number): void {
  if (depth > RECURSION_LIMIT) return walkWithStack(node, byValue);
  if (Array.isArray(node)) {
    const list = node as unknown[];
    for (let i = 0; i < list.length; i++) {
      const value: unknown = list[i];
      if (typeof value === "object") {
        if (value !== null) walk(value, byValue, depth + 1);
      } else if (typeof value === "number" && isUnsafe(value)) list[i] = exact(value, byValue);
    }
    return;
  }
  const record = node as Record<string, unknown>;
  // for...in is the fastest walk; JSON.parse objects have only own keys (an inherited enumerable key
  // someone added to Object.prototype is skipped below before anything is written).
  for (const key in record) {
    const value = record[key];
    if (typeof value === "object") {
      if (value !== null) walk(value, byValue, depth + 1);
    } else if (typeof value === "number" && isUnsafe(value) && Object.hasOwn(record, key)) replaceProperty(record, key, value, byValue);
  }
}

function walkWithStack(root: object, byValue: ReadonlyMap<number, string>): void {
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as object;
    if (Array.isArray(node)) {
      const list = node as unknown[];
      for (let i = 0; i < list.length; i++) {
        const value: unknown = list[i];
        if (typeof value === "object") {
          if (value !== null) stack.push(value);
        } else if (typeof value === "number" && isUnsafe(value)) list[i] = exact(value, byValue);
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key in record) {
      const value = record[key];
      if (typeof value === "object") {
        if (value !== null) stack.push(value);
      } else if (typeof value === "number" && isUnsafe(value) && Object.hasOwn(record, key)) replaceProperty(record, key, value, byValue);
    }
  }
}

function replaceProperty(record: Record<string, unknown>, key: string, value: number, byValue: ReadonlyMap<number, string>): void {
  const replaced = exact(value, byValue);
  // defineProperty: JSON.parse makes "__proto__" an own property, and assignment would not.
  if (replaced !== value) Object.defineProperty(record, key, { value: replaced, writable: true, enumerable: true, configurable: true });
}

/** A double that is an integer beyond 2^53 - 1 (every double that large is an integer). */
function isUnsafe(value: number): boolean {
  return value > Number.MAX_SAFE_INTEGER || value < -Number.MAX_SAFE_INTEGER;
}

function exact(value: number, byValue: ReadonlyMap<number, string>): number | bigint {
  if (!isUnsafe(value)) return value;
  const token = byValue.get(value);
  return token === undefined ? value : BigInt(token);
}
