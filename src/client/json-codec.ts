// Bigint-safe JSON for Xbox Live bodies: integers beyond 2^53 (NetherNetId, WebRTCNetworkId, numeric
// xuids) must survive a parse/serialize round trip exactly. JSON.parse does the parsing when the text
// holds no unsafe integer, or when every unsafe integer can be put back exactly (unsafe-integers.ts);
// any other text goes to lossless-json, chosen by measurement over json-with-bigint (which lacks
// JSON.parse source access on Node 20 and was ~2x slower; see bench/client-json.mjs).
import { parse as losslessParse, stringify as losslessStringify } from "lossless-json";
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
    const text = losslessStringify(value);
    return text === undefined ? "null" : text;
  }
}
