// One attempt: a fresh Request from the call's spec with Authorization and an MS-CV correlation vector
// "<base>.<attempt>", sent through the transport under the per-attempt timeout (on the client clock),
// which runs until the body is read or dropped; a success's body is read within the attempt. Redirects
// are not followed and statuses outside 200–599 are refused; a failure without an answer becomes an
// XblNetworkError or XblTimeoutError.
import type { AuthTicket } from "../auth.js";
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

/** What every error of an attempt says about it. */
function whichAttempt(x: Exchange): { operation: string; attempts: number; correlationId: string } {
  return { operation: x.call.info.operationId, attempts: x.attempt, correlationId: x.call.correlationBase };
}

function networkError(x: Exchange, failure: unknown): XblNetworkError {
  const beforeSend = failedBeforeSend(failure);
  return new XblNetworkError(`${x.call.info.operationId}: network error${beforeSend ? " before sending" : ""}`, {
    ...whichAttempt(x),
    cause: sanitizedCause(failure),
    beforeSend,
  });
}

function timeoutError(x: Exchange): XblTimeoutError {
  const timeoutMs = x.call.options.attemptTimeoutMs;
  return new XblTimeoutError(`${x.call.info.operationId}: no complete response within ${timeoutMs} ms`, { ...whichAttempt(x), timeoutMs });
}

function refused(x: Exchange, response: Response, problem: "status" | "redirect" | "too-large", what: string): XblResponseError {
  return new XblResponseError(`${x.call.info.operationId}: ${what}`, { ...whichAttempt(x), problem, status: response.status });
}

function buildRequest(x: Exchange, signal: AbortSignal | undefined): Request {
  const { spec } = x.call;
  const headers: (readonly [string, string])[] = spec.headers.slice();
  if (x.ticket !== undefined) headers.push(["authorization", x.ticket.authorization]);
  headers.push(["ms-cv", `${x.call.correlationBase}.${x.attempt}`]);
  return new Request(spec.url, { method: spec.method, headers: headers as [string, string][], body: (spec.body ?? null) as BodyInit | null, signal: signal ?? null, redirect: "manual" });
}

/**
 * One attempt, from sending to its body, and once answered its Reply. It holds what stays open until
 * the body is read or dropped: the timeout, an abort controller made on demand (always for Node's
 * fetch; for a custom transport only if it reads `init.signal`, since a signal shared by many requests
 * would collect their abort listeners), the caller's abort listener and the body reader. One object
 * with methods, not closures over a dozen variables, keeps each call cheap.
 */
class Attempt implements Reply {
  response!: Response;
  readonly attempts: number;
  readonly ticket: AuthTicket | undefined;
  readonly retryAfterMs = undefined;
  readonly verdict = undefined;
  #timedOut = false;
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined = undefined;
  /** Rejects the wait for a custom transport that ignores the signal. */
  rejectWait: ((reason: unknown) => void) | undefined = undefined;
  #controller: AbortController | undefined;
  #onUserAbort: (() => void) | undefined;
  #body: Promise<string> | undefined;
  #over = false;
  readonly #cancelTimer: (() => void) | undefined;
  readonly #maxResponseBytes: number;

  constructor(
    readonly x: Exchange,
    maxResponseBytes: number,
    timers: Timers,
  ) {
    this.#maxResponseBytes = maxResponseBytes;
    this.attempts = x.attempt;
    this.ticket = x.ticket;
    const timeoutMs = x.call.options.attemptTimeoutMs;
    this.#cancelTimer = timeoutMs > 0 && timeoutMs <= LONGEST_TIMER_MS ? timers.schedule(timeoutMs, () => this.#expire()) : undefined;
  }

  get timed(): boolean {
    return this.#cancelTimer !== undefined;
  }

  /** The attempt's own signal: aborts on timeout or when the caller's signal aborts. */
  signal(): AbortSignal {
    if (this.#controller === undefined) {
      const made = new AbortController();
      this.#controller = made;
      const userSignal = this.x.call.signal;
      if (this.#timedOut) made.abort(TIMEOUT);
      else if (userSignal !== undefined) {
        if (userSignal.aborted) made.abort(userSignal.reason);
        else {
          this.#onUserAbort = () => made.abort(userSignal.reason);
          userSignal.addEventListener("abort", this.#onUserAbort, { once: true });
        }
      }
    }
    return this.#controller.signal;
  }

  #expire(): void {
    this.#timedOut = true;
    this.#controller?.abort(TIMEOUT);
    this.rejectWait?.(TIMEOUT);
    this.reader?.cancel(TIMEOUT).catch(() => {});
  }

  end(): void {
    this.#cancelTimer?.();
    if (this.#onUserAbort !== undefined) this.x.call.signal?.removeEventListener("abort", this.#onUserAbort);
  }

  /** What a failure without an answer becomes: the caller's abort reason, a timeout or a network error. */
  failed(failure: unknown): unknown {
    this.end();
    const userSignal = this.x.call.signal;
    if (userSignal?.aborted) return userSignal.reason;
    return this.#timedOut ? timeoutError(this.x) : networkError(this.x, failure);
  }

  text(): Promise<string> {
    return (this.#body ??= this.#read());
  }

  async #read(): Promise<string> {
    let result: string | typeof TOO_LARGE;
    try {
      result = await readBodyText(this.response, this.#maxResponseBytes, this);
    } catch (failure) {
      throw this.failed(failure);
    }
    this.end();
    if (result !== TOO_LARGE) return result;
    this.#over = true;
    throw refused(this.x, this.response, "too-large", `response body larger than ${this.#maxResponseBytes} bytes`);
  }

  discard(): void {
    if (this.#body === undefined && !this.#over) this.response.body?.cancel().catch(() => {});
    this.end();
  }
}

/**
 * The init a custom transport gets while a timeout runs: reading `signal` makes the attempt's signal.
 * A getter on the prototype, not one defined per call (a fresh accessor per object gives every init its
 * own hidden class, and V8 keeps recompiling the code that touches them). A transport that spreads the
 * init drops the signal; the timeout then still rejects the wait. A `signal` in the client's
 * requestInitExt is ignored, as the attempt's own signal takes its place.
 */
class TimedInit {
  readonly #attempt: Attempt;
  constructor(attempt: Attempt) {
    this.#attempt = attempt;
  }
  get signal(): AbortSignal {
    return this.#attempt.signal();
  }
  set signal(_ignored: unknown) {}
}

/** Sends through a custom transport; the timeout rejects the wait if the transport ignores the signal. */
function sendCustom(attempt: Attempt, requestInitExt: Record<string, unknown> | undefined): Promise<Response> {
  const { x, timed } = attempt;
  const init: Record<string, unknown> | undefined = timed || requestInitExt !== undefined ? Object.assign(timed ? new TimedInit(attempt) : {}, requestInitExt) : undefined;
  const sent = x.call.transport(buildRequest(x, x.call.signal), init);
  if (!timed) return sent;
  return new Promise<Response>((resolve, reject) => {
    attempt.rejectWait = reject;
    sent.then(resolve, reject);
  });
}

export function attempt(settings: AttemptSettings): Send {
  const { timers, requestInitExt, nativeTransport, maxResponseBytes } = settings;

  return async function sendAttempt(x: Exchange): Promise<Reply> {
    const { call } = x;
    const current = new Attempt(x, maxResponseBytes, timers);
    let response: Response;
    try {
      response =
        call.transport === nativeTransport
          ? await call.transport(buildRequest(x, current.timed ? current.signal() : call.signal), requestInitExt)
          : await sendCustom(current, requestInitExt);
    } catch (failure) {
      throw current.failed(failure);
    }

    const { status } = response;
    const statusClass = Math.floor(status / 100);
    // A redirect is a 3xx that points elsewhere; a 304 answering If-None-Match is an ordinary answer.
    const redirect = response.redirected || (statusClass === 3 && response.headers.has("location"));
    if (statusClass < 2 || statusClass > 5 || redirect) {
      response.body?.cancel().catch(() => {});
      current.end();
      throw redirect
        ? refused(x, response, "redirect", `HTTP ${status} redirect not followed (the service does not redirect)`)
        : refused(x, response, "status", `HTTP status ${status} is outside 200–599`);
    }
    current.response = response;
    // A success's body belongs to the attempt: one cut short fails it, so the retry loop can send it
    // again. An error answer's body is read later, only if the call ends with it.
    if (response.ok) await current.text();
    return current;
  };
}
