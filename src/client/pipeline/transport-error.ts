// Classifies a transport failure: did it happen before the request could reach the service? Only then
// is an unsafe write (blind PUT, invite) safe to send again. Unknown errors count as "maybe sent".

const BEFORE_SEND_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function codesOf(error: unknown, depth: number, into: string[]): string[] {
  if (depth > 4 || error === null || typeof error !== "object") return into;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string") into.push(code);
  if (Array.isArray(errors)) for (const inner of errors) codesOf(inner, depth + 1, into);
  return codesOf(cause, depth + 1, into);
}

/** True when every error code found says the connection was never established. */
export function failedBeforeSend(error: unknown): boolean {
  const codes = codesOf(error, 0, []);
  return codes.length > 0 && codes.every((code) => BEFORE_SEND_CODES.has(code));
}

/**
 * A copy of a transport error that keeps what helps debugging (name, message, error codes) and drops
 * everything else: a custom transport may hang the Request, with its Authorization header, on it.
 */
export function sanitizedCause(error: unknown): Error {
  const source = error instanceof Error ? error : undefined;
  const copy = new Error(source?.message ?? String(error));
  copy.name = source?.name ?? "Error";
  const codes = codesOf(error, 0, []);
  if (codes.length > 0) Object.assign(copy, { code: codes[codes.length - 1], codes });
  return copy;
}
