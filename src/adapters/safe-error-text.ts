// Turns a sign-in library's error into text an XblAuthError may carry. Such errors quote the sign-in
// services' response bodies, which can hold XSTS, user, device and refresh tokens and user hashes; the
// text keeps what diagnoses a failure (an XErr code, "no Xbox profile", the URL that fixes it, a network
// error code) and cuts out every long opaque string, because any of those could be a credential.

/** Runs of the alphabets tokens are written in (base64, base64url, JWT, hex, decimal, URL-encoding). */
const OPAQUE_RUN = /[A-Za-z0-9+/=_.~%-]{16,}/g;
/** Lowercase words, host names and paths ("//account.microsoft.com/family/") read as text, not as tokens. */
const READABLE = /^[a-z./_-]+$/;
const MAX_LENGTH = 300;

function redacted(text: string): string {
  const cut = text.replace(/\s+/g, " ").trim().replace(OPAQUE_RUN, (run) => (READABLE.test(run) ? run : "[redacted]"));
  return cut.length > MAX_LENGTH ? `${cut.slice(0, MAX_LENGTH)}…` : cut;
}

/** A short identifier (an error name, an errno code) is safe to quote as it is; anything else is not. */
function identifier(value: unknown, pattern: RegExp): string | undefined {
  return typeof value === "string" && pattern.test(value) ? value : undefined;
}

/** "<name>: <message with opaque runs cut out>[ (<cause code>)]", for an Error or any thrown value. */
export function safeErrorText(error: unknown): string {
  if (error === null || typeof error !== "object") return `a thrown ${error === null ? "null" : typeof error}`;
  const { name, message, cause } = error as { name?: unknown; message?: unknown; cause?: unknown };
  const label = identifier(name, /^[A-Za-z][A-Za-z0-9]{0,39}$/) ?? "Error";
  const text = typeof message === "string" && message.trim() !== "" ? `: ${redacted(message)}` : "";
  // fetch() reports "fetch failed" and keeps the reason (ENOTFOUND, ECONNREFUSED) on its cause.
  const code = cause !== null && typeof cause === "object" ? identifier((cause as { code?: unknown }).code, /^[A-Z][A-Z0-9_]{1,39}$/) : undefined;
  return `${label}${text}${code === undefined ? "" : ` (${code})`}`;
}
