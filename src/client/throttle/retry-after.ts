// Parses a Retry-After header (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. Xbox Live sends
// seconds; proxies and other origins may send a date. Unknown forms are ignored, not guessed.

const DELTA_SECONDS = /^\s*(\d+)\s*$/;

/** Milliseconds to wait from `nowMs`, or undefined when the header is absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const seconds = DELTA_SECONDS.exec(value);
  if (seconds !== null) return Number(seconds[1]) * 1000;
  if (!/[a-z]/i.test(value)) return undefined; // not a date either; Date.parse accepts odd numeric forms
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
