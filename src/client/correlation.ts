// One correlation id per logical call, sent as an MS-CV correlation vector "<base>.<attempt>" so the
// attempts of one call can be told apart in service logs (xbox-webapi-python sends MS-CV too).
// The 16-character base is a per-process random prefix plus a counter: unique, and cheap per call.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function randomChars(count: number): string {
  let out = "";
  for (let i = 0; i < count; i++) out += ALPHABET[Math.floor(Math.random() * 64)];
  return out;
}

const prefix = randomChars(10);
const COUNTER_SPAN = 36 ** 6;
let counter = Math.floor(Math.random() * COUNTER_SPAN);

/** 16 base64 characters, the width of an MS-CV base: the prefix, then the counter as six base-36 digits. Not a secret. */
export function newCorrelationBase(): string {
  counter = (counter + 1) % COUNTER_SPAN;
  return prefix + counter.toString(36).padStart(6, "0");
}
