// Finds the integer tokens of a JSON text that a double cannot hold (|n| > 2^53 - 1), so the codec
// can let JSON.parse do the parsing and then put the exact values back. Anything it cannot place
// with certainty (a 16+ digit float, an exponent float, two tokens rounding to the same double)
// makes it answer "fallback", and the codec uses lossless-json for that text instead.

// 2^53 has 16 digits, so a shorter number token is always a safe integer or an ordinary float.
// Spelled out: V8 runs this ~5x faster than the equivalent /\d{16}/g (measured in bench/).
const LONG_DIGIT_RUN = /\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d/g;
const DIGIT_THEN_EXPONENT = /\d[eE]/g;
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);

export type UnsafeIntegerScan =
  | { readonly kind: "none" }
  /** Exact digits of every unsafe integer token, keyed by the double JSON.parse will give for it. */
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

/** A digit run can only be a number token if what precedes it (after `-` and spaces) is `:`, `,`, `[` or nothing. */
function inNumberPosition(text: string, runStart: number): boolean {
  let before = runStart - 1;
  if (text.charCodeAt(before) === 45 /* - */) before--;
  while (before >= 0 && isJsonSpace(text.charCodeAt(before))) before--;
  if (before < 0) return true;
  const prev = text.charCodeAt(before);
  return prev === 58 /* : */ || prev === 44 /* , */ || prev === 91 /* [ */;
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
    // Cheap test first: most runs are xuids inside strings, right after a quote.
    if (!inNumberPosition(text, start)) continue;
    inString ??= quoteParity(text);
    if (inString(start)) continue;
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
  const inStringForExponents = quoteParity(text);
  DIGIT_THEN_EXPONENT.lastIndex = 0;
  for (let match = DIGIT_THEN_EXPONENT.exec(text); match !== null; match = DIGIT_THEN_EXPONENT.exec(text)) {
    if (!inStringForExponents(match.index)) return FALLBACK;
  }
  return { kind: "tokens", byValue };
}

/** Replaces, in a JSON.parse result, every double that came from an unsafe integer token by its bigint. */
export function restoreUnsafeIntegers(root: unknown, byValue: ReadonlyMap<number, string>): unknown {
  const exact = (value: number): number | bigint => {
    if (Number.isSafeInteger(value) || !Number.isInteger(value)) return value;
    const token = byValue.get(value);
    return token === undefined ? value : BigInt(token);
  };
  if (typeof root === "number") return exact(root);
  // Iterative, so deeply nested documents cannot overflow the stack.
  const stack: object[] = [];
  if (root !== null && typeof root === "object") stack.push(root);
  while (stack.length > 0) {
    const container = stack.pop() as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const value = container[key];
      if (typeof value === "number") {
        const replaced = exact(value);
        if (replaced !== value) Object.defineProperty(container, key, { value: replaced, writable: true, enumerable: true, configurable: true });
      } else if (value !== null && typeof value === "object") stack.push(value);
    }
  }
  return root;
}
