// Bigint-safe JSON for Xbox Live bodies: integers beyond 2^53 (NetherNetId, WebRTCNetworkId, numeric
// xuids) must survive a parse/serialize round trip exactly. JSON.parse does the parsing when the text
// holds no unsafe integer, or when every unsafe integer can be put back exactly (unsafe-integers.ts);
// any other text goes to the small exact parser (exact-json.ts). Writing uses JSON.stringify, with
// bigints spliced in as bare numbers.
import { parseExactJson } from "./exact-json.js";
import { restoreUnsafeIntegers, scanUnsafeIntegers } from "./unsafe-integers.js";

/** Parse JSON text; unsafe integers become `bigint`, everything else is as JSON.parse gives it. */
export function parseJson(text: string): unknown {
  const scan = scanUnsafeIntegers(text);
  if (scan.kind === "none") return JSON.parse(text);
  if (scan.kind === "tokens") {
    const value = JSON.parse(text);
    try {
      return restoreUnsafeIntegers(value, scan);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error; // nested deeper than the call stack goes
    }
  }
  return parseExactJson(text);
}

/** Serialize to JSON; a `bigint` is written as a bare JSON number with all its digits. */
export function stringifyJson(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? "null" : text;
  } catch (error) {
    // JSON.stringify throws a TypeError on the first bigint; only then pay for the slower writer.
    if (!(error instanceof TypeError) || !/bigint/i.test(error.message)) throw error;
    return stringifyWithBigInts(value);
  }
}

/**
 * JSON.stringify writes each bigint as the string "<nonce>:<digits>", then the quotes come off. The
 * count of replacements must equal the count of bigints, so a user string that happens to look like
 * a marker is detected (and a new nonce drawn) instead of being turned into a number.
 */
function stringifyWithBigInts(value: unknown): string {
  for (let attempt = 0; attempt < 4; attempt++) {
    // About 20 random base-36 digits: nothing a regular expression treats specially.
    const nonce = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
    let bigints = 0;
    const text = JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item !== "bigint") return item;
      bigints++;
      return `${nonce}:${item.toString()}`;
    }) as string;
    let replaced = 0;
    const out = text.replace(new RegExp(`"${nonce}:(-?\\d+)"`, "g"), (_marker, digits: string) => {
      replaced++;
      return digits;
    });
    if (replaced === bigints) return out;
  }
  throw new Error("xbl-multiplayer: could not serialize a value with bigints");
}
