// One correlation id per logical call, sent as an MS-CV correlation vector "<base>.<attempt>" so the
// attempts of one call can be told apart in service logs (xbox-webapi-python sends MS-CV too).

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** 16 base64 characters, the width of an MS-CV base. Not a secret, so Math.random is enough. */
export function newCorrelationBase(): string {
  let base = "";
  for (let i = 0; i < 16; i++) base += ALPHABET[Math.floor(Math.random() * 64)];
  return base;
}
