// One attempt: a fresh Request from the call's spec with Authorization and an MS-CV correlation vector
// "<base>.<attempt>", sent through the transport under the per-attempt timeout (on the client clock),
// which runs until the body is read or dropped. Redirects are not followed and statuses outside
// 200–599 are refused; a failure without an answer becomes an XblNetworkError or XblTimeoutError.
import type { Timers } from "../clock.js";
import { XblNetworkError, XblResponseError, XblTimeoutError } from "../errors.js";
import type { Exchange, Reply, Send, Transport } from "./exchange.js";
import { readBodyText, TOO_LARGE } from "./read-body.js";
import { failedBeforeSend, sanitizedCause } from "./transport-error.js";

export interface AttemptSettings {
  readonly timers: Timers;
  /** Extra RequestInit for the transport (e.g. an undici dispatcher). */
  readonly requestInitExt: Record<string, unknown> | undefined;
  /** The default transport (global fetch), known to honour the Request's signal. */
  readonly nativeTransport: Transport;
  readonly maxResponseBytes: number;
}

const TIMEOUT = Symbol("xbl attempt timeout");
/** setTimeout cannot hold a longer delay. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

function networkError(x: Exchange, failure: unknown): XblNetworkError {
  const beforeSend = failedBeforeSend(failure);
  return new XblNetworkError(`${x.call.info.operationId}: network error${beforeSend ? " before sending" : ""}`, {
    operation: x.call.info.operationId,
    attempts: x.attempt,
    correlationId: x.call.correlationBase,
    cause: sanitizedCause(failure),
    beforeSend,
  });
}

function timeoutError(x: Exchange): XblTimeoutError {
  const timeoutMs = x.call.options.attemptTimeoutMs;
  return new XblTimeoutError(`${x.call.info.operationId}: no complete response within ${timeoutMs} ms`, {
    operation: x.call.info.operationId,
    attempts: x.attempt,
    correlationId: x.call.correlationBase,
    timeoutMs,
  });
}

function refused(x: Exchange, response: Response, problem: "status" | "redirect" | "too-large", what: string): XblResponseError {
  return new XblResponseError(`${x.call.info.operationId}: ${what}`, {
    problem,
    status: response.status,
    operation: x.call.info.operationId,
    attempts: x.attempt,
    correlationId: x.call.correlationBase,
  });
}

function buildRequest(x: Exchange, signal: AbortSignal | undefined): Request {
  const { spec } = x.call;
  const headers: (readonly [string, string])[] = spec.headers.slice();
  if (x.ticket !== undefined) headers.push(["authorization", x.ticket.authorization]);
  headers.push(["ms-cv", `${x.call.correlationBase}.${x.attempt}`]);
  return new Request(spec.url, { method: spec.method, headers: headers as [string, string][], body: (spec.body ?? null) as BodyInit | null, signal: signal ?? null, redirect: "manual" });
}

export function attempt(settings: AttemptSettings): Send {
  const { timers, requestInitExt, nativeTransport, maxResponseBytes } = settings;

  return async function sendAttempt(x: Exchange): Promise<Reply> {
    const { call } = x;
    const userSignal = call.signal;
    const timeoutMs = call.options.attemptTimeoutMs;
    let timedOut = false;
    let controller: AbortController | undefined;
    let cancelTimer: (() => void) | undefined;
    let rejectWait: ((reason: unknown) => void) | undefined;
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let onUserAbort: (() => void) | undefined;
    const native = call.transport === nativeTransport;
    const timed = timeoutMs > 0 && timeoutMs <= LONGEST_TIMER_MS;

    // One controller per attempt (a signal shared by many requests collects their abort listeners),
    // made only when something can listen to it: always for Node's fetch, and for a custom transport
    // only if it reads `init.signal`.
    const signalOf = (): AbortSignal => {
      if (controller === undefined) {
        const made = new AbortController();
        controller = made;
        if (timedOut) made.abort(TIMEOUT);
        else if (userSignal !== undefined) {
          if (userSignal.aborted) made.abort(userSignal.reason);
          else {
            onUserAbort = () => made.abort(userSignal.reason);
            userSignal.addEventListener("abort", onUserAbort, { once: true });
          }
        }
      }
      return controller.signal;
    };
    if (timed) {
      cancelTimer = timers.schedule(timeoutMs, () => {
        timedOut = true;
        controller?.abort(TIMEOUT);
        rejectWait?.(TIMEOUT);
        reader?.cancel(TIMEOUT).catch(() => {});
      });
    }
    const end = (): void => {
      cancelTimer?.();
      if (onUserAbort !== undefined) userSignal?.removeEventListener("abort", onUserAbort);
    };
    const failed = (failure: unknown): unknown => {
      end();
      if (userSignal?.aborted) return userSignal.reason;
      return timedOut ? timeoutError(x) : networkError(x, failure);
    };

    let response: Response;
    try {
      if (native) response = await call.transport(buildRequest(x, timed ? signalOf() : userSignal), requestInitExt);
      else {
        const init: Record<string, unknown> = requestInitExt === undefined ? {} : Object.assign({}, requestInitExt);
        if (timed) Object.defineProperty(init, "signal", { get: signalOf, enumerable: true });
        const sent = call.transport(buildRequest(x, userSignal), timed || requestInitExt !== undefined ? init : undefined);
        // A custom transport may ignore the signal; then the timeout rejects the wait instead.
        response = timed
          ? await new Promise<Response>((resolve, reject) => {
              rejectWait = reject;
              sent.then(resolve, reject);
            })
          : await sent;
      }
    } catch (failure) {
      throw failed(failure);
    }

    const { status } = response;
    const statusClass = Math.floor(status / 100);
    // A redirect is a 3xx that points elsewhere; a 304 answering If-None-Match is an ordinary answer.
    const redirect = response.redirected || (statusClass === 3 && response.headers.has("location"));
    if (statusClass < 2 || statusClass > 5 || redirect) {
      response.body?.cancel().catch(() => {});
      end();
      throw redirect
        ? refused(x, response, "redirect", `HTTP ${status} redirect not followed (the service does not redirect)`)
        : refused(x, response, "status", `HTTP status ${status} is outside 200–599`);
    }

    let text: Promise<string> | undefined;
    let over = false;
    return {
      response,
      attempts: x.attempt,
      ticket: x.ticket,
      retryAfterMs: undefined,
      verdict: undefined,
      text() {
        text ??= readBodyText(response, maxResponseBytes, (opened) => {
          reader = opened;
        }).then(
          (result) => {
            end();
            if (result !== TOO_LARGE) return result;
            over = true;
            throw refused(x, response, "too-large", `response body larger than ${maxResponseBytes} bytes`);
          },
          (failure: unknown) => {
            throw failed(failure);
          },
        );
        return text;
      },
      discard() {
        if (text === undefined && !over) response.body?.cancel().catch(() => {});
        end();
      },
    };
  };
}
