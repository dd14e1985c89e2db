// createXblClient: an openapi-fetch client over the contract's paths. Per call it picks the host and
// contract version from the operation table, serializes and parses bodies bigint-safely, and hands
// the request to the retrying fetch; results carry `error` as an XblError.
import createClient, { type HeadersOptions } from "openapi-fetch";
import { type AuthOption, createAuthenticator } from "./auth.js";
import type { XblClient } from "./client-types.js";
import { withContractVersion } from "./contract-version.js";
import { newCorrelationBase } from "./correlation.js";
import { errorFromResponse } from "./error-from-response.js";
import { XblError, XblTimeoutError } from "./errors.js";
import { parseJson, stringifyJson } from "../shared/json-codec.js";
import { AttemptTimeouts } from "./retry/attempt-timeouts.js";
import { resolveRetryOptions, type RetryOptions } from "./retry/options.js";
import { type CallContext, fetchWithRetries, type RetryEnvironment, type Transport } from "./retry/retrying-fetch.js";
import { realTimers, type Timers } from "./retry/timers.js";
import { operationForTemplate } from "../contract/operation-index.js";
import { createHostResolver } from "./host-resolver.js";
import { SlidingWindowLimiter } from "./throttle/limiter.js";
import { RetryAfterMemory } from "./throttle/retry-after-memory.js";

export interface XblClientOptions {
  /** Static `{ userHash, xstsToken }` or a provider called per request (with forceRefresh after a 401). */
  readonly auth?: AuthOption;
  /** Send every operation to this origin instead of the contract's hosts (e.g. the local emulator). */
  readonly baseUrl?: string;
  /** Replace single contract hosts, e.g. { "https://gameserverms.xboxlive.com": "http://127.0.0.1:9001" }. */
  readonly hosts?: Readonly<Record<string, string>>;
  /** Transport, as in openapi-fetch: called with a Request. Defaults to globalThis.fetch (looked up per call). */
  readonly fetch?: Transport;
  /** Headers added to every request (e.g. Accept-Language). */
  readonly headers?: HeadersOptions;
  /** Retry settings (defaults from the official client), or false for a single attempt. */
  readonly retry?: Partial<RetryOptions> | false;
  /** Opt-in: queue requests so the documented per-user rate limits (operations.ts rateLimits) are never exceeded. */
  readonly limiter?: boolean;
  /** Clock and sleep; replace only in tests. */
  readonly timers?: Timers;
  /** Extra RequestInit passed to the transport (e.g. an undici `dispatcher`). */
  readonly requestInitExt?: Record<string, unknown>;
}

type AnyInit = {
  params?: { header?: object; [key: string]: unknown };
  baseUrl?: string;
  parseAs?: string;
  signal?: AbortSignal | null;
  fetch?: Transport;
  bodySerializer?: (body: unknown, headers?: Headers) => unknown;
  [key: string]: unknown;
};
type AnyResult = { data?: unknown; error?: unknown; response: Response };
type UpperMethod = "GET" | "PUT" | "POST" | "DELETE";

const defaultTransport: Transport = (request, init) => globalThis.fetch(request, init);

/** A body that can be sent again as is (streams cannot). */
function isReplayable(body: unknown): body is BodyInit {
  return (
    typeof body === "string" ||
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof URLSearchParams ||
    body instanceof FormData
  );
}

function bodyTypeOf(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const type = (body as { type?: unknown }).type;
  return typeof type === "string" ? type : undefined;
}

/** Parse a 2xx body read as text: bigint-safe JSON, the text for non-JSON types, undefined if empty. */
function parseSuccessText(text: unknown, response: Response): { ok: true; data: unknown } | { ok: false } {
  if (typeof text !== "string" || text === "") return { ok: true, data: undefined };
  const contentType = response.headers.get("content-type");
  if (contentType !== null && !/json/i.test(contentType)) return { ok: true, data: text };
  try {
    return { ok: true, data: parseJson(text) };
  } catch {
    return { ok: false };
  }
}

export function createXblClient(options: XblClientOptions = {}): XblClient {
  const resolveHost = createHostResolver(options);
  const retry = resolveRetryOptions(options.retry);
  const env: RetryEnvironment = {
    options: retry,
    timers: options.timers ?? realTimers,
    auth: createAuthenticator(options.auth),
    memory: new RetryAfterMemory(),
    limiter: options.limiter === true ? new SlidingWindowLimiter() : undefined,
    requestInitExt: options.requestInitExt,
    nativeTransport: defaultTransport,
    // 0 disables the per-attempt timeout; setTimeout cannot hold more than 2^31-1 ms.
    timeouts: retry.attemptTimeoutMs > 0 && retry.attemptTimeoutMs <= 2_147_483_647 ? new AttemptTimeouts(retry.attemptTimeoutMs) : undefined,
  };
  const transport = options.fetch ?? defaultTransport;
  const inner = createClient<Record<string, never>>({
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    bodySerializer: stringifyJson,
  });
  const request = inner.request as unknown as (method: string, url: string, init: AnyInit) => Promise<AnyResult>;

  async function call(method: UpperMethod, path: string, init: AnyInit | undefined): Promise<AnyResult> {
    const info = operationForTemplate(method, path);
    if (info === undefined) {
      throw new TypeError(`xbl-multiplayer: ${method} ${path} is not an operation of the contract`);
    }
    const host = init?.baseUrl ?? resolveHost(info);
    const userSignal = init?.signal ?? undefined;
    const ctx: CallContext = {
      info,
      host,
      transport: init?.fetch ?? transport,
      userSignal,
      correlationBase: newCorrelationBase(),
      body: undefined,
      bodyType: undefined,
      attempts: 0,
      retryAfterMs: undefined,
      errorText: undefined,
      finalLease: undefined,
    };
    const serialize = init?.bodySerializer ?? stringifyJson;
    const parseAs = init?.parseAs;
    const pending = request(method, path, {
      ...init,
      baseUrl: host,
      params: withContractVersion(init?.params, info),
      // Array query parameters as the contract declares them (e.g. `include` as a comma list).
      ...(info.arrayQuery !== null && init?.querySerializer === undefined ? { querySerializer: { array: info.arrayQuery } } : {}),
      parseAs: parseAs ?? "text",
      // Wrapped only when there is a body: keeps the serialized text so a retry re-sends it intact.
      bodySerializer:
        init?.body === undefined
          ? serialize
          : (body: unknown, headers?: Headers) => {
              ctx.bodyType = bodyTypeOf(body);
              const serialized = serialize(body, headers);
              if (isReplayable(serialized)) ctx.body = serialized;
              return serialized;
            },
      fetch: (req: Request) => fetchWithRetries(req, ctx, env),
    });
    let result: AnyResult;
    try {
      result = await pending;
    } catch (error) {
      // The body read was cut by the per-attempt timeout (the attempt had used up its time).
      if (ctx.finalLease?.timedOut() && !userSignal?.aborted) {
        throw new XblTimeoutError(`${info.operationId}: response not complete within ${retry.attemptTimeoutMs} ms`, {
          operation: info.operationId,
          attempts: ctx.attempts,
          correlationId: ctx.correlationBase,
          timeoutMs: retry.attemptTimeoutMs,
        });
      }
      throw error;
    } finally {
      // openapi-fetch has read the body (unless the caller chose parseAs): the attempt is over.
      if (parseAs === undefined) ctx.finalLease?.release();
    }
    const { response } = result;
    if (!response.ok) {
      const text = ctx.errorText ?? (typeof result.error === "string" ? result.error : undefined);
      const error = errorFromResponse(response, {
        operation: info.operationId,
        text,
        attempts: Math.max(1, ctx.attempts),
        retryAfterMs: ctx.retryAfterMs,
        correlationBase: ctx.correlationBase,
      });
      return { error, response };
    }
    if (parseAs !== undefined) return result;
    const parsed = parseSuccessText(result.data, response);
    if (parsed.ok) return { data: parsed.data, response };
    const error = new XblError(`${info.operationId}: HTTP ${response.status} response is not valid JSON`, {
      status: response.status,
      operation: info.operationId,
      body: result.data as string,
      attempts: ctx.attempts,
      correlationId: response.headers.get("x-xblcorrelationid") ?? ctx.correlationBase,
    });
    return { error, response };
  }

  const client = {
    GET: (path: string, init?: AnyInit) => call("GET", path, init),
    PUT: (path: string, init?: AnyInit) => call("PUT", path, init),
    POST: (path: string, init?: AnyInit) => call("POST", path, init),
    DELETE: (path: string, init?: AnyInit) => call("DELETE", path, init),
    use: inner.use,
    eject: inner.eject,
  };
  return client as unknown as XblClient;
}
