// Builds the XblError for a non-2xx answer: the right subclass, the parsed body, Retry-After,
// attempts and correlation id. Messages name the operation and status only, never headers or tokens.
import { parseBodyText } from "./body-text.js";
import { XblError, XblPreconditionFailedError, XblThrottledError } from "./errors.js";
import { retryPolicy } from "./retry/policy-source.js";

export interface ResponseFacts {
  readonly operation: string;
  readonly text: string | undefined;
  readonly attempts: number;
  readonly retryAfterMs: number | undefined;
  readonly correlationBase: string;
}

export function correlationIdOf(response: Response, base: string): string {
  return response.headers.get("x-xblcorrelationid") ?? base;
}

export function errorFromResponse(response: Response, facts: ResponseFacts): XblError {
  const { status } = response;
  const details = {
    status,
    operation: facts.operation,
    body: parseBodyText(facts.text, response.headers.get("content-type")),
    retryAfterMs: facts.retryAfterMs,
    attempts: facts.attempts,
    correlationId: correlationIdOf(response, facts.correlationBase),
  };
  const tried = facts.attempts === 1 ? "1 attempt" : `${facts.attempts} attempts`;
  const message = `${facts.operation}: HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""} (${tried})`;
  if (retryPolicy.throttledStatuses.includes(status)) return new XblThrottledError(message, { ...details, source: "service" }) as XblError;
  if (retryPolicy.preconditionFailedStatuses.includes(status)) {
    return new XblPreconditionFailedError(message, { ...details, etag: response.headers.get("etag") ?? undefined });
  }
  return new XblError(message, details);
}
