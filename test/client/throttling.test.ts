// Retry-After (seconds and HTTP-date), budget exhaustion with a typed throttling error, fast-fail
// memory per user/host/operation, and the opt-in limiter, on virtual time.
import { describe, expect, it } from "vitest";
import { createXblClient, operations, XblThrottledError, type XblClientOptions } from "../../src/index.js";
import { parseRetryAfter } from "../../src/client/throttle/retry-after.js";
import { SESSION_PATH, sessionParams, TOKEN, USER_HASH } from "../support/client-fixtures.js";
import { sendJson, useTestServer } from "../support/http-server.js";
import { virtualTimers } from "../support/virtual-timers.js";

const server = useTestServer();

const SESSION_JSON = `{"constants":{"system":{}},"properties":{"system":{},"custom":{}}}`;
const THROTTLE_BODY = `{"version":1,"currentRequests":31,"maxRequests":30,"periodInSeconds":15,"limitType":"rate"}`;

function client(extra: Partial<XblClientOptions> = {}, userHash = USER_HASH) {
  const timers = virtualTimers();
  const xbl = createXblClient({
    baseUrl: server.url,
    auth: { userHash, xstsToken: TOKEN },
    timers,
    retry: { baseDelayMs: 5, maxDelayMs: 40 },
    ...extra,
  });
  return { xbl, timers };
}

describe("Retry-After parsing", () => {
  const now = Date.UTC(2026, 10, 21, 9, 0, 0);
  it("reads delta-seconds and HTTP dates, and ignores garbage", () => {
    expect(parseRetryAfter("15", now)).toBe(15_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 7000).toUTCString(), now)).toBe(7000);
    expect(parseRetryAfter(new Date(now - 7000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter("1.5", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("honouring Retry-After", () => {
  it.each([
    ["delta-seconds", (_now: number) => "3"],
    ["HTTP-date", (now: number) => new Date(now + 3000).toUTCString()],
  ])("waits between 1x and 1.2x a %s Retry-After on 429", async (_form, header) => {
    const { xbl, timers } = client();
    server.handle((_req, res, index) => {
      if (index === 0) sendJson(res, 429, THROTTLE_BODY, { "retry-after": header(timers.now()) });
      else sendJson(res, 200, SESSION_JSON);
    });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(timers.sleeps).toHaveLength(1);
    expect(timers.sleeps[0]).toBeGreaterThanOrEqual(3000);
    expect(timers.sleeps[0]).toBeLessThanOrEqual(3600);
  });

  it("uses the whole jitter range up to 1.2x", async () => {
    const { xbl, timers } = client({ retry: { baseDelayMs: 5, random: () => 0.999999 } });
    server.handle((_req, res, index) => {
      if (index === 0) sendJson(res, 503, "{}", { "retry-after": "10" });
      else sendJson(res, 200, SESSION_JSON);
    });
    await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(timers.sleeps[0]).toBeGreaterThan(11_990);
    expect(timers.sleeps[0]).toBeLessThanOrEqual(12_000);
  });

  it("fails at once with a typed throttling error when the wait does not fit the budget", async () => {
    const { xbl, timers } = client({ retry: { budgetMs: 20_000 } });
    server.handle((_req, res) => sendJson(res, 429, THROTTLE_BODY, { "retry-after": "30" }));
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(server.requests).toHaveLength(1);
    expect(timers.sleeps).toEqual([]);
    expect(error).toBeInstanceOf(XblThrottledError);
    const throttled = error as XblThrottledError;
    expect(throttled.status).toBe(429);
    expect(throttled.source).toBe("service");
    expect(throttled.retryAfterMs).toBe(30_000);
    expect(throttled.body).toEqual({ version: 1, currentRequests: 31, maxRequests: 30, periodInSeconds: 15, limitType: "rate" });
    expect(throttled.attempts).toBe(1);
  });
});

describe("fast-fail memory", () => {
  it("refuses other calls of the same user and operation until the Retry-After passes", async () => {
    const { xbl, timers } = client({ retry: { budgetMs: 1000 } });
    server.handle((_req, res, index) =>
      index === 0 ? sendJson(res, 429, THROTTLE_BODY, { "retry-after": "5" }) : sendJson(res, 200, SESSION_JSON),
    );
    const first = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(first.error?.status).toBe(429);

    const refused = await xbl.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(XblThrottledError);
    expect((refused as XblThrottledError).source).toBe("retry-after-memory");
    expect((refused as XblThrottledError).retryAfterMs).toBe(5000);
    expect((refused as XblThrottledError).body).toEqual(JSON.parse(THROTTLE_BODY));
    expect(server.requests).toHaveLength(1); // refused without a request

    // Another operation of the same user is not blocked.
    const other = await xbl.PUT(SESSION_PATH, { params: { ...sessionParams(), header: { "If-Match": '"1"' } }, body: {} });
    expect(other.error).toBeUndefined();

    timers.advance(5000);
    const after = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(after.error).toBeUndefined();
  });

  it("ignores a Retry-After on a success: it neither delays nor blocks later calls", async () => {
    const { xbl, timers } = client();
    server.handle((_req, res) => sendJson(res, 200, SESSION_JSON, { "retry-after": "60" }));
    const first = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(first.error).toBeUndefined();
    const second = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(second.error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(timers.sleeps).toEqual([]);
  });

  it("keys the memory by user: another user's calls go through", async () => {
    const timers = virtualTimers();
    let user = "user-a";
    const xbl = createXblClient({
      baseUrl: server.url,
      auth: async () => ({ userHash: user, xstsToken: TOKEN }),
      timers,
      retry: { baseDelayMs: 5, budgetMs: 1000 },
    });
    server.handle((req, res) =>
      String(req.headers.authorization).includes("user-a")
        ? sendJson(res, 429, THROTTLE_BODY, { "retry-after": "60" })
        : sendJson(res, 200, SESSION_JSON),
    );
    await xbl.GET(SESSION_PATH, { params: sessionParams() });
    await expect(xbl.GET(SESSION_PATH, { params: sessionParams() })).rejects.toBeInstanceOf(XblThrottledError);
    user = "user-b";
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it("lets the call that got the Retry-After wait it out while others fail fast", async () => {
    const timers = virtualTimers();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const xbl = createXblClient({
      baseUrl: server.url,
      auth: { userHash: USER_HASH, xstsToken: TOKEN },
      retry: { baseDelayMs: 5 },
      timers: {
        now: timers.now,
        schedule: timers.schedule,
        async sleep(ms) {
          timers.sleeps.push(ms);
          await gate; // hold the owner in its wait so the other call runs meanwhile
          timers.advance(ms);
        },
      },
    });
    server.handle((_req, res, index) =>
      index === 0 ? sendJson(res, 429, THROTTLE_BODY, { "retry-after": "2" }) : sendJson(res, 200, SESSION_JSON),
    );
    const owner = xbl.GET(SESSION_PATH, { params: sessionParams() });
    await expect.poll(() => timers.sleeps.length, { timeout: 2000 }).toBe(1);
    await expect(xbl.GET(SESSION_PATH, { params: sessionParams() })).rejects.toMatchObject({ source: "retry-after-memory" });
    release();
    const { error } = await owner;
    expect(error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });
});

describe("client-side limiter", () => {
  const [burst, sustain] = operations.getSession.rateLimits;

  it("reads the MPSD limits from the operation table", () => {
    expect(burst).toEqual({ requests: 30, periodSeconds: 15 });
    expect(sustain).toEqual({ requests: 300, periodSeconds: 300 });
  });

  it("spaces requests so no 15 s window holds more than 30 and the service never answers 429", async () => {
    const { xbl, timers } = client({ limiter: true, retry: { budgetMs: 60_000 } });
    const sentAt: number[] = [];
    server.handle((_req, res) => {
      sentAt.push(timers.now());
      // A strict FGRL emulation: 429 if this request is the 31st within 15 s.
      const inWindow = sentAt.filter((t) => t > timers.now() - 15_000).length;
      if (inWindow > 30) sendJson(res, 429, THROTTLE_BODY, { "retry-after": "15" });
      else sendJson(res, 200, SESSION_JSON);
    });
    for (let i = 0; i < 65; i++) {
      const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
      expect(error).toBeUndefined();
    }
    expect(server.requests).toHaveLength(65);
    for (let i = 30; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 30]!).toBeGreaterThanOrEqual(15_000);
    expect(timers.sleeps.filter((ms) => ms > 0).length).toBe(2); // request 31 and 61 had to wait
  });

  it("enforces the 300 per 300 s window too", async () => {
    const { xbl, timers } = client({ limiter: true, retry: { budgetMs: 300_000 } });
    server.handle((_req, res) => sendJson(res, 200, SESSION_JSON));
    for (let i = 0; i < 301; i++) await xbl.GET(SESSION_PATH, { params: sessionParams() });
    const total = timers.sleeps.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(300_000); // the 301st waits for the first to leave the 300 s window
  });

  it("refuses with a limiter error when the wait exceeds the budget", async () => {
    const { xbl } = client({ limiter: true, retry: { budgetMs: 1000 } });
    server.handle((_req, res) => sendJson(res, 200, SESSION_JSON));
    for (let i = 0; i < 30; i++) await xbl.GET(SESSION_PATH, { params: sessionParams() });
    const refused = await xbl.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(XblThrottledError);
    expect((refused as XblThrottledError).source).toBe("limiter");
    expect(server.requests).toHaveLength(30);
  });

  it("is off by default", async () => {
    const { xbl, timers } = client();
    server.handle((_req, res) => sendJson(res, 200, SESSION_JSON));
    for (let i = 0; i < 40; i++) await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(timers.sleeps).toEqual([]);
  });
});
