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
let counter = Math.floor(Math.random() * 64 ** 3);

/** 16 base64 characters, the width of an MS-CV base. Not a secret. */
export function newCorrelationBase(): string {
  counter = (counter + 1) % 64 ** 6;
  let n = counter;
  let tail = "";
  for (let i = 0; i < 6; i++) {
    tail = ALPHABET[n % 64] + tail;
    n = Math.floor(n / 64);
  }
  return prefix + tail;
}
