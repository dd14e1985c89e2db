// createXblClient: the adapter between openapi-fetch's call shape and the request pipeline. A call is
// looked up in the operation index, its request built (directly, or by openapi-fetch when middleware
// or custom serializers are involved), sent through the pipeline, and its answer turned into a result.
import createClient, { type HeadersOptions, type Middleware } from "openapi-fetch";
import { operationForTemplate } from "../contract/operation-index.js";
import type { OperationInfo } from "../contract/operation-types.js";
import { stringifyJson } from "../shared/json-codec.js";
import { type AuthOption, createAuthenticator } from "./auth.js";
import { type CallResult, callResult } from "./call-result.js";
import type { XblClient } from "./client-types.js";
import { realTimers, type Timers } from "./clock.js";
import { withContractVersion } from "./contract-version.js";
import { newCorrelationBase } from "./correlation.js";
import { createHostResolver } from "./host-resolver.js";
import { type Call, exchange, type Reply, type RequestSpec, type Transport } from "./pipeline/exchange.js";
import { createPipeline } from "./pipeline/pipeline.js";
import { bodyTypeOf, isPlainInit, type PlainInit, specFromInit, specFromRequest, trimSlash } from "./request-spec.js";
import type { RetryHooks } from "./retry/hooks.js";
import { resolveRetryOptions, type RetryOptions } from "./retry/options.js";
import { retryPolicy } from "./retry/policy-source.js";
import { SlidingWindowLimiter } from "./throttle/limiter.js";
import { RetryAfterMemory } from "./throttle/retry-after-memory.js";

export interface XblClientOptions extends RetryHooks {
  /** Static `{ userHash, xstsToken }` or a provider called per attempt (with forceRefresh after rejected credentials). */
  readonly auth?: AuthOption;
  /** Send every operation to this origin instead of the contract's hosts (e.g. the local emulator). */
  readonly baseUrl?: string;
  /** Replace single contract hosts, e.g. { "https://gameserverms.xboxlive.com": "http://127.0.0.1:9001" }. */
  readonly hosts?: Readonly<Record<string, string>>;
  /** Transport, as in openapi-fetch: called with a Request. Defaults to globalThis.fetch (looked up per call). */
  readonly fetch?: Transport;
  /** Headers added to every request (e.g. Accept-Language). */
  readonly headers?: HeadersOptions;
  /** Retry settings (defaults from the contract's retry policy), or false for a single attempt. */
  readonly retry?: Partial<RetryOptions> | false;
  /** Opt-in: queue requests so the contract's per-user rate limits are never exceeded. */
  readonly limiter?: boolean;
  /** Largest response body read, in bytes; a larger one fails the call with XblResponseError "too-large". */
  readonly maxResponseBytes?: number;
  /** Clock, sleep and timers (backoff, per-attempt timeout, Retry-After, limiter); replace only in tests. */
  readonly timers?: Timers;
  /** Extra RequestInit passed to the transport (e.g. an undici `dispatcher`). */
  readonly requestInitExt?: Record<string, unknown>;
}

type AnyInit = PlainInit & {
  baseUrl?: string;
  parseAs?: string;
  signal?: AbortSignal | null;
  fetch?: Transport;
  retry?: Partial<RetryOptions> | false;
  querySerializer?: unknown;
  [key: string]: unknown;
};
type UpperMethod = "GET" | "PUT" | "POST" | "DELETE";

const defaultTransport: Transport = (request, init) => globalThis.fetch(request, init);

/** The final body text: read already for a success; an error answer that broke off has none. */
function finalText(reply: Reply): Promise<string | undefined> {
  return reply.response.ok ? reply.text() : reply.text().catch(() => undefined);
}

/** A readable copy of an answer whose body the pipeline consumed, for openapi-fetch and middleware. */
function rebuilt(response: Response, text: string | undefined): Response {
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  try {
    return new Response(text === undefined || text === "" ? null : text, init);
  } catch {
    return new Response(null, init); // a status that may not carry a body
  }
}

export function createXblClient(options: XblClientOptions = {}): XblClient {
  const resolveHost = createHostResolver(options);
  const retry = resolveRetryOptions(options.retry);
  const timers = options.timers ?? realTimers;
  const auth = createAuthenticator(options.auth);
  const hasAuth = auth !== undefined;
  const hooks: RetryHooks = { onRetryDecision: options.onRetryDecision, onThrottleRefusal: options.onThrottleRefusal };
  const transport = options.fetch ?? defaultTransport;
  const send = createPipeline({
    timers,
    auth,
    memory: new RetryAfterMemory(),
    limiter: options.limiter === true ? new SlidingWindowLimiter() : undefined,
    requestInitExt: options.requestInitExt,
    nativeTransport: defaultTransport,
    maxResponseBytes: options.maxResponseBytes ?? retryPolicy.maxResponseBytes,
  });
  const inner = createClient<Record<string, never>>({
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    bodySerializer: stringifyJson,
  });
  const request = inner.request as unknown as (method: string, url: string, init: AnyInit) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const middleware: Middleware[] = [];

  function newCall(info: OperationInfo, host: string, spec: RequestSpec, init: AnyInit | undefined): Call {
    const callOptions = init?.retry === undefined ? retry : resolveRetryOptions(init.retry, retry);
    return {
      info,
      host,
      spec,
      transport: init?.fetch ?? transport,
      signal: init?.signal ?? undefined,
      correlationBase: newCorrelationBase(),
      options: callOptions,
      hooks,
      deadline: timers.now() + callOptions.budgetMs,
    };
  }

  async function viaOpenapiFetch(method: UpperMethod, path: string, info: OperationInfo, host: string, init: AnyInit | undefined): Promise<CallResult> {
    let reply: Reply | undefined;
    let text: string | undefined;
    let handedOver: Response | undefined;
    let correlationBase = "";
    const parseAs = init?.parseAs;
    const result = await request(method, path, {
      ...init,
      baseUrl: host,
      params: withContractVersion(init?.params ?? undefined, info),
      ...(info.arrayQuery !== null && init?.querySerializer === undefined ? { querySerializer: { array: info.arrayQuery } } : {}),
      parseAs: parseAs ?? "text",
      redirect: "manual",
      fetch: async (built: Request) => {
        const call = newCall(info, host, await specFromRequest(built, bodyTypeOf(init?.body), hasAuth), init);
        correlationBase = call.correlationBase;
        reply = await send(exchange(call, 1, undefined));
        text = await finalText(reply);
        handedOver = rebuilt(reply.response, text);
        return handedOver;
      },
    });
    const { response } = result;
    if (reply !== undefined && response === handedOver) {
      if (parseAs !== undefined && response.ok) return result as CallResult;
      return callResult(info, reply, text, correlationBase, reply.response);
    }
    // Middleware answered itself or replaced the answer: judge the response it gave.
    const given = response.ok ? result.data : result.error;
    const givenText = typeof given === "string" ? given : given === undefined ? undefined : stringifyJson(given);
    if (parseAs !== undefined && response.ok) return result as CallResult;
    return callResult(info, { attempts: reply?.attempts ?? 0, retryAfterMs: reply?.retryAfterMs, verdict: undefined }, givenText, correlationBase, response);
  }

  async function call(method: UpperMethod, path: string, init: AnyInit | undefined): Promise<CallResult> {
    const info = operationForTemplate(method, path);
    if (info === undefined) {
      throw new TypeError(`xbl-multiplayer: ${method} ${path} is not an operation of the contract`);
    }
    const host = init?.baseUrl ? trimSlash(init.baseUrl) : resolveHost(info);
    if (middleware.length > 0 || !isPlainInit(init)) return viaOpenapiFetch(method, path, info, host, init);
    const call = newCall(info, host, specFromInit(method, info, host, init, options.headers, hasAuth), init);
    const reply = await send(exchange(call, 1, undefined));
    return callResult(info, reply, await finalText(reply), call.correlationBase, reply.response);
  }

  const client = {
    GET: (path: string, init?: AnyInit) => call("GET", path, init),
    PUT: (path: string, init?: AnyInit) => call("PUT", path, init),
    POST: (path: string, init?: AnyInit) => call("POST", path, init),
    DELETE: (path: string, init?: AnyInit) => call("DELETE", path, init),
    use(...added: Middleware[]) {
      inner.use(...added);
      for (const m of added) if (m) middleware.push(m);
    },
    eject(...removed: Middleware[]) {
      inner.eject(...removed);
      for (const m of removed) {
        const at = middleware.indexOf(m);
        if (at !== -1) middleware.splice(at, 1);
      }
    },
  };
  return client as unknown as XblClient;
}
