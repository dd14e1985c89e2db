// Bigint-safe JSON for Xbox Live bodies: integers beyond 2^53 (NetherNetId, WebRTCNetworkId, numeric
// xuids) must survive a parse/serialize round trip exactly. Plain JSON.parse is used whenever the text
// cannot hold such an integer; otherwise lossless-json does the parsing (chosen by measurement over
// json-with-bigint, which on Node 20 lacks JSON.parse source access and is ~2x slower; see bench/).
import { parse as losslessParse, stringify as losslessStringify } from "lossless-json";

// 2^53 has 16 digits, so a number token with fewer digits is always a safe integer or a plain float.
const LONG_DIGIT_RUN = /\d{16}/g;
const INTEGER_TOKEN = /^-?\d+$/;

/** Numbers stay `number` unless they are integers that a double cannot hold exactly. */
function parseNumberToken(token: string): number | bigint {
  if (token.length < 16 || !INTEGER_TOKEN.test(token)) return Number(token);
  const asNumber = Number(token);
  return Number.isSafeInteger(asNumber) ? asNumber : BigInt(token);
}

/**
 * True when `text` may hold an integer token of 16+ digits. In valid JSON such a token starts after
 * `:`, `,`, `[` or the start of the text (then optional whitespace and `-`) and is not followed by a
 * fraction or exponent. A digit run anywhere else (a xuid inside a string, the digits of a float) is
 * no integer token and needs no bigint parsing. A false "true" only costs speed; a "false" is exact.
 */
export function mayContainUnsafeInteger(text: string): boolean {
  LONG_DIGIT_RUN.lastIndex = 0;
  for (let match = LONG_DIGIT_RUN.exec(text); match !== null; match = LONG_DIGIT_RUN.exec(text)) {
    let end = match.index + 16;
    while (isDigit(text.charCodeAt(end))) end++;
    LONG_DIGIT_RUN.lastIndex = end;
    const next = text.charCodeAt(end);
    if (next === 46 /* . */ || next === 101 /* e */ || next === 69 /* E */) continue;
    let before = match.index - 1;
    if (text.charCodeAt(before) === 45 /* - */) before--;
    while (before >= 0 && isJsonSpace(text.charCodeAt(before))) before--;
    if (before < 0) return true;
    const prev = text.charCodeAt(before);
    if (prev === 58 /* : */ || prev === 44 /* , */ || prev === 91 /* [ */) return true;
  }
  return false;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isJsonSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** Parse JSON text; unsafe integers become `bigint`, everything else is as JSON.parse gives it. */
export function parseJson(text: string): unknown {
  if (!mayContainUnsafeInteger(text)) return JSON.parse(text);
  return losslessParse(text, null, parseNumberToken);
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
