// Auth (shared 401 refresh), abort, per-attempt timeout, middleware seeing one request per call,
// discarded bodies not hanging, and tokens never leaking into errors or logs.
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createXblClient,
  XblAuthError,
  XblError,
  XblNetworkError,
  XblThrottledError,
  XblTimeoutError,
  type XblCredentials,
} from "../../src/index.js";
import { SESSION_PATH, sessionParams, TOKEN, USER_HASH } from "../support/client-fixtures.js";
import { sendJson, sendText, useTestServer } from "../support/http-server.js";
import { type VirtualTimers, virtualTimers } from "../support/virtual-timers.js";

const server = useTestServer();

const SESSION_JSON = `{"constants":{"system":{}},"properties":{"system":{},"custom":{}}}`;
const FRESH = "fresh-token-after-refresh";

describe("auth", () => {
  /** Accepts only the fresh token; counts provider calls by mode. */
  function refreshingProvider() {
    const calls = { normal: 0, forced: 0 };
    let token = TOKEN;
    const provider = async ({ forceRefresh }: { forceRefresh: boolean }): Promise<XblCredentials> => {
      if (forceRefresh) {
        calls.forced++;
        await new Promise((resolve) => setTimeout(resolve, 10)); // a refresh takes a while
        token = FRESH;
      } else calls.normal++;
      return { userHash: USER_HASH, xstsToken: token };
    };
    return { provider, calls };
  }

  it("refreshes once on 401 and retries with the new token", async () => {
    server.handle((req, res) =>
      req.headers.authorization === `XBL3.0 x=${USER_HASH};${FRESH}` ? sendJson(res, 200, SESSION_JSON) : sendText(res, 401, "expired"),
    );
    const { provider, calls } = refreshingProvider();
    const xbl = createXblClient({ baseUrl: server.url, auth: provider, timers: virtualTimers() });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error).toBeUndefined();
    expect(calls.forced).toBe(1);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      `XBL3.0 x=${USER_HASH};${TOKEN}`,
      `XBL3.0 x=${USER_HASH};${FRESH}`,
    ]);
  });

  it("shares one refresh between concurrent 401s, even for a blind PUT", async () => {
    server.handle((req, res) =>
      req.headers.authorization?.endsWith(FRESH) ? sendJson(res, 200, SESSION_JSON) : sendText(res, 401, "expired"),
    );
    const { provider, calls } = refreshingProvider();
    const xbl = createXblClient({ baseUrl: server.url, auth: provider, timers: virtualTimers() });
    const results = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => xbl.GET(SESSION_PATH, { params: sessionParams(`s${i}`) })),
      xbl.PUT(SESSION_PATH, { params: sessionParams("blind"), body: { properties: { custom: { a: 1 } } } }),
    ]);
    for (const result of results) expect(result.error).toBeUndefined();
    expect(calls.forced).toBe(1);
    expect(server.requests).toHaveLength(14);
  });

  it("does not retry a second 401 after the refresh", async () => {
    server.handle((_req, res) => sendText(res, 401, "still unauthorized"));
    const { provider, calls } = refreshingProvider();
    const xbl = createXblClient({ baseUrl: server.url, auth: provider, timers: virtualTimers() });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error?.status).toBe(401);
    expect(error?.attempts).toBe(2);
    expect(calls.forced).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it("returns the 401 at once with static credentials (nothing to refresh)", async () => {
    server.handle((_req, res) => sendText(res, 401, "expired"));
    const xbl = createXblClient({ baseUrl: server.url, auth: { userHash: USER_HASH, xstsToken: TOKEN } });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error?.status).toBe(401);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects unusable credentials without echoing them", async () => {
    const xbl = createXblClient({ baseUrl: server.url, auth: async () => ({ userHash: "", xstsToken: TOKEN }) });
    const failure = await xbl.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(XblAuthError);
    expect(inspect(failure, { depth: 10 })).not.toContain(TOKEN);
  });
});

describe("abort and timeout", () => {
  it("aborts a request that is waiting for the server", async () => {
    server.handle(() => {}); // never answers
    const xbl = createXblClient({ baseUrl: server.url, auth: { userHash: USER_HASH, xstsToken: TOKEN } });
    const controller = new AbortController();
    const pending = xbl.GET(SESSION_PATH, { params: sessionParams(), signal: controller.signal });
    // Abort once the server holds the request, so it cannot arrive during the next test.
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 2000 });
    controller.abort();
    const started = Date.now();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("aborts during a backoff wait", async () => {
    server.handle((_req, res) => sendText(res, 503, "busy"));
    const xbl = createXblClient({
      baseUrl: server.url,
      auth: { userHash: USER_HASH, xstsToken: TOKEN },
      retry: { baseDelayMs: 5_000 },
    });
    const controller = new AbortController();
    const pending = xbl.GET(SESSION_PATH, { params: sessionParams(), signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 2000 });
    const started = Date.now();
    controller.abort(new Error("user gave up"));
    await expect(pending).rejects.toThrow("user gave up");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });

  /** Fires the per-attempt timeout of the `n`-th request once the server holds it. */
  async function timeOutRequest(timers: VirtualTimers, n: number, timeoutMs: number) {
    await vi.waitFor(() => expect(server.requests.length).toBeGreaterThanOrEqual(n), { timeout: 2000 });
    await vi.waitFor(() => expect(timers.pending()).toBeGreaterThan(0), { timeout: 2000 });
    timers.advance(timeoutMs);
  }

  it("times out each attempt on the client clock, retries safe reads, then throws XblTimeoutError", async () => {
    server.handle(() => {});
    const timers = virtualTimers();
    const xbl = createXblClient({
      baseUrl: server.url,
      auth: { userHash: USER_HASH, xstsToken: TOKEN },
      timers,
      retry: { attemptTimeoutMs: 1000, baseDelayMs: 5, maxAttempts: 3 },
    });
    const pending = xbl.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e);
    for (let n = 1; n <= 3; n++) await timeOutRequest(timers, n, 1000);
    const failure = await pending;
    expect(failure).toBeInstanceOf(XblTimeoutError);
    expect((failure as XblTimeoutError).attempts).toBe(3);
    expect((failure as XblTimeoutError).timeoutMs).toBe(1000);
    expect(server.requests).toHaveLength(3);
    expect(timers.pending()).toBe(0);
  });

  it("times out only the stalled attempt; a concurrent one succeeds and cancels its own timer", async () => {
    server.handle((req, res) => (req.url.endsWith("/stall") ? undefined : sendJson(res, 200, SESSION_JSON)));
    const timers = virtualTimers();
    const xbl = createXblClient({
      baseUrl: server.url,
      auth: { userHash: USER_HASH, xstsToken: TOKEN },
      timers,
      retry: { attemptTimeoutMs: 1000, maxAttempts: 1 },
    });
    const stalled = xbl.GET(SESSION_PATH, { params: sessionParams("stall") }).catch((e: unknown) => e);
    const quick = await xbl.GET(SESSION_PATH, { params: sessionParams("quick") });
    expect(quick.error).toBeUndefined();
    await timeOutRequest(timers, 2, 1000);
    expect(await stalled).toBeInstanceOf(XblTimeoutError);
    const later = await xbl.GET(SESSION_PATH, { params: sessionParams("later") });
    expect(later.error).toBeUndefined();
    expect(timers.pending()).toBe(0);
  });

  it("gives a custom transport the attempt's signal in init, and aborts it on timeout", async () => {
    server.handle(() => {});
    const timers = virtualTimers();
    const seen: AbortSignal[] = [];
    const xbl = createXblClient({
      baseUrl: server.url,
      auth: { userHash: USER_HASH, xstsToken: TOKEN },
      timers,
      retry: { attemptTimeoutMs: 1000, maxAttempts: 1 },
      fetch: (request, init) => {
        const signal = init?.signal as AbortSignal;
        seen.push(signal);
        return globalThis.fetch(request, { signal });
      },
    });
    const pending = xbl.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e);
    await timeOutRequest(timers, 1, 1000);
    expect(await pending).toBeInstanceOf(XblTimeoutError);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(AbortSignal);
    expect(seen[0]?.aborted).toBe(true);
    expect(timers.pending()).toBe(0);
  });

  it("times out a custom transport that ignores the signal", async () => {
    const timers = virtualTimers();
    let calls = 0;
    const xbl = createXblClient({
      baseUrl: server.url,
      auth: { userHash: USER_HASH, xstsToken: TOKEN },
      timers,
      retry: { attemptTimeoutMs: 1000, maxAttempts: 1 },
      fetch: () => {
        calls++;
        return new Promise<Response>(() => {}); // never settles, whatever the signal says
      },
    });
    const pending = xbl.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(timers.pending()).toBe(1), { timeout: 2000 });
    timers.advance(1000);
    expect(await pending).toBeInstanceOf(XblTimeoutError);
    expect(calls).toBe(1);
  });

  it("bounds a response body that stops arriving", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"constants":'); // and never more
    });
    const timers = virtualTimers();
    const xbl = createXblClient({
      baseUrl: server.url,
      auth: { userHash: USER_HASH, xstsToken: TOKEN },
      timers,
      retry: { attemptTimeoutMs: 1000, maxAttempts: 1 },
    });
    const pending = xbl.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e);
    await timeOutRequest(timers, 1, 1000);
    expect(await pending).toBeInstanceOf(XblTimeoutError);
  });

  it("does not repeat a blind PUT that timed out (it may have been applied)", async () => {
    server.handle(() => {});
    const timers = virtualTimers();
    const xbl = createXblClient({
      baseUrl: server.url,
      auth: { userHash: USER_HASH, xstsToken: TOKEN },
      timers,
      retry: { attemptTimeoutMs: 1000, baseDelayMs: 5 },
    });
    const pending = xbl.PUT(SESSION_PATH, { params: sessionParams(), body: {} }).catch((e: unknown) => e);
    await timeOutRequest(timers, 1, 1000);
    expect(await pending).toBeInstanceOf(XblTimeoutError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("middleware and bodies", () => {
  it("runs middleware once per call: retries are invisible to it", async () => {
    server.handle((_req, res, index) => (index < 2 ? sendText(res, 503, "busy") : sendJson(res, 200, SESSION_JSON)));
    const xbl = createXblClient({
      baseUrl: server.url,
      auth: { userHash: USER_HASH, xstsToken: TOKEN },
      timers: virtualTimers(),
      retry: { baseDelayMs: 5 },
    });
    const seen = { requests: 0, responses: [] as number[], contractVersion: "", authorization: null as string | null };
    xbl.use({
      onRequest({ request }) {
        seen.requests++;
        seen.contractVersion = request.headers.get("x-xbl-contract-version") ?? "";
        seen.authorization = request.headers.get("authorization");
      },
      onResponse({ response }) {
        seen.responses.push(response.status);
      },
    });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error).toBeUndefined();
    expect(server.requests).toHaveLength(3);
    expect(seen).toEqual({ requests: 1, responses: [200], contractVersion: "107", authorization: null });
  });

  it("does not hang on a discarded response whose body never ends", async () => {
    server.handle((_req, res, index) => {
      if (index === 0) {
        res.writeHead(503, { "content-type": "text/plain" });
        res.write("x".repeat(64 * 1024)); // then never end this body
      } else sendJson(res, 200, SESSION_JSON);
    });
    const xbl = createXblClient({
      baseUrl: server.url,
      auth: { userHash: USER_HASH, xstsToken: TOKEN },
      timers: virtualTimers(),
      retry: { baseDelayMs: 5 },
    });
    const started = Date.now();
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("returns 204 with no data and no error (session deleted / absent)", async () => {
    server.handle((_req, res) => res.writeHead(204).end());
    const xbl = createXblClient({ baseUrl: server.url, auth: { userHash: USER_HASH, xstsToken: TOKEN } });
    const result = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(result.error).toBeUndefined();
    expect(result.data).toBeUndefined();
    expect(result.response.status).toBe(204);
  });

  it("reports a 2xx body that is not valid JSON as an XblError", async () => {
    server.handle((_req, res) => sendJson(res, 200, "{not json"));
    const xbl = createXblClient({ baseUrl: server.url, auth: { userHash: USER_HASH, xstsToken: TOKEN } });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error).toBeInstanceOf(XblError);
    expect(error?.body).toBe("{not json");
  });
});

describe("secrets", () => {
  const logs: unknown[][] = [];
  const spies: ReturnType<typeof vi.spyOn>[] = [];
  beforeEach(() => {
    logs.length = 0;
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      spies.push(vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logs.push(args)));
    }
  });
  afterEach(() => {
    for (const spy of spies.splice(0)) spy.mockRestore();
  });

  function assertNoToken(value: unknown) {
    const views = [
      inspect(value, { depth: Infinity, showHidden: true, getters: true }),
      JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
      String(value),
      value instanceof Error ? `${value.message}\n${value.stack}` : "",
    ];
    for (const view of views) {
      expect(view).not.toContain(TOKEN);
      expect(view).not.toContain(FRESH);
    }
  }

  it("keeps tokens out of every error the client produces, and logs nothing", async () => {
    const timers = virtualTimers();
    const base = { auth: async () => ({ userHash: USER_HASH, xstsToken: TOKEN }), timers, retry: { baseDelayMs: 5, budgetMs: 100, attemptTimeoutMs: 40 } };
    const failures: unknown[] = [];

    server.handle((_req, res) => sendText(res, 401, "unauthorized"));
    failures.push((await createXblClient({ ...base, baseUrl: server.url }).GET(SESSION_PATH, { params: sessionParams() })).error);

    server.handle((_req, res) => sendJson(res, 429, `{"limitType":"rate"}`, { "retry-after": "60" }));
    const throttled = createXblClient({ ...base, baseUrl: server.url });
    failures.push((await throttled.GET(SESSION_PATH, { params: sessionParams() })).error);
    failures.push(await throttled.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e));

    server.handle(() => {});
    const stalled = createXblClient({ ...base, baseUrl: server.url, retry: { ...base.retry, maxAttempts: 1 } }).GET(SESSION_PATH, { params: sessionParams() });
    await vi.waitFor(() => expect(timers.pending()).toBe(1), { timeout: 2000 });
    timers.advance(40);
    failures.push(await stalled.catch((e: unknown) => e));

    const refused = createXblClient({ ...base, fetch: () => Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } })) });
    failures.push(await refused.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e));

    // A custom transport that hangs the Request (with its Authorization header) on its error.
    const leaky = createXblClient({
      ...base,
      fetch: (request: Request) => Promise.reject(Object.assign(new Error("socket hang up"), { request, code: "ECONNRESET" })),
    });
    failures.push(await leaky.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e));
    expect((failures[5] as XblNetworkError).cause).toMatchObject({ message: "socket hang up", code: "ECONNRESET" });

    expect(failures[0]).toBeInstanceOf(XblError);
    expect(failures[1]).toBeInstanceOf(XblThrottledError);
    expect(failures[2]).toBeInstanceOf(XblThrottledError);
    expect(failures[3]).toBeInstanceOf(XblTimeoutError);
    expect(failures[4]).toBeInstanceOf(XblNetworkError);
    for (const failure of failures) assertNoToken(failure);
    expect(logs).toEqual([]);
  });
});
