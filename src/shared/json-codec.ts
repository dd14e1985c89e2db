// Bigint-safe JSON for Xbox Live bodies: integers beyond 2^53 (NetherNetId, WebRTCNetworkId, numeric
// xuids) must survive a parse/serialize round trip exactly. JSON.parse does the parsing when the text
// holds no unsafe integer, or when every unsafe integer can be put back exactly (unsafe-integers.ts);
// any other text goes to lossless-json, chosen by measurement over json-with-bigint (which lacks
// JSON.parse source access on Node 20 and was ~2x slower; see bench/client-json.mjs). Writing uses
// JSON.stringify, with bigints spliced in as bare numbers.
import { parse as losslessParse } from "lossless-json";
import { restoreUnsafeIntegers, scanUnsafeIntegers } from "./unsafe-integers.js";

const INTEGER_TOKEN = /^-?\d+$/;

/** Duplicate keys: the last one wins, as with JSON.parse (lossless-json would throw). */
const LOSSLESS_OPTIONS = {
  parseNumber: parseNumberToken,
  onDuplicateKey: ({ newValue }: { newValue: unknown }) => newValue,
};

/** lossless-json number policy: `number` unless an integer that a double cannot hold exactly. */
function parseNumberToken(token: string): number | bigint {
  if (token.length < 16 || !INTEGER_TOKEN.test(token)) return Number(token);
  const asNumber = Number(token);
  return Number.isSafeInteger(asNumber) ? asNumber : BigInt(token);
}

/** Parse JSON text; unsafe integers become `bigint`, everything else is as JSON.parse gives it. */
export function parseJson(text: string): unknown {
  const scan = scanUnsafeIntegers(text);
  if (scan.kind === "none") return JSON.parse(text);
  if (scan.kind === "tokens") return restoreUnsafeIntegers(JSON.parse(text), scan.byValue);
  return losslessParse(text, null, LOSSLESS_OPTIONS);
}

/** The library path alone (no JSON.parse shortcut); the reference in tests and benchmarks. */
export function parseJsonLossless(text: string): unknown {
  return losslessParse(text, null, LOSSLESS_OPTIONS);
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

const NONCE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * JSON.stringify writes each bigint as the string "<nonce>:<digits>", then the quotes come off. The
 * count of replacements must equal the count of bigints, so a user string that happens to look like
 * a marker is detected (and a new nonce drawn) instead of being turned into a number.
 */
function stringifyWithBigInts(value: unknown): string {
  for (let attempt = 0; attempt < 4; attempt++) {
    let nonce = "";
    for (let i = 0; i < 20; i++) nonce += NONCE_CHARS[Math.floor(Math.random() * NONCE_CHARS.length)];
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
