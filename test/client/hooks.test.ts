// Caller hooks and per-call retry settings, over real HTTP on 127.0.0.1: the decision callback sees
// every failed attempt with the policy's verdict and can veto a retry; local throttle refusals are
// reported before the call rejects; a call can override the client's retry settings.
import { describe, expect, it } from "vitest";
import { createXblClient, type RetryDecision, type ThrottleRefusal } from "../../src/index.js";
import { SESSION_PATH, sessionParams, TOKEN, USER_HASH } from "../support/client-fixtures.js";
import { sendJson, sendText, useTestServer } from "../support/http-server.js";
import { virtualTimers } from "../support/virtual-timers.js";

const server = useTestServer();
const auth = { userHash: USER_HASH, xstsToken: TOKEN };
const SESSION_JSON = `{"constants":{"system":{}},"properties":{"system":{},"custom":{}}}`;

describe("onRetryDecision", () => {
  it("sees each failed attempt with the policy's decision, the wait and the status", async () => {
    server.handle((_req, res, index) => (index < 2 ? sendText(res, 503, "busy") : sendJson(res, 200, SESSION_JSON)));
    const decisions: RetryDecision[] = [];
    const xbl = createXblClient({
      baseUrl: server.url,
      auth,
      timers: virtualTimers(),
      retry: { baseDelayMs: 5, random: () => 0 },
      onRetryDecision: (decision) => void decisions.push(decision),
    });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error).toBeUndefined();
    expect(decisions.map(({ attempt, failure, status, retry, delayMs, operation }) => ({ attempt, failure, status, retry, delayMs, operation }))).toEqual([
      { attempt: 1, failure: "status", status: 503, retry: true, delayMs: 5, operation: "getSession" },
      { attempt: 2, failure: "status", status: 503, retry: true, delayMs: 10, operation: "getSession" },
    ]);
    expect(JSON.stringify(decisions)).not.toContain(TOKEN);
  });

  it("reports decisions not to retry too, and can veto a planned retry", async () => {
    server.handle((_req, res) => sendText(res, 503, "busy"));
    const decisions: RetryDecision[] = [];
    const xbl = createXblClient({
      baseUrl: server.url,
      auth,
      timers: virtualTimers(),
      retry: { baseDelayMs: 5 },
      onRetryDecision: (decision) => {
        decisions.push(decision);
        return false;
      },
    });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error?.status).toBe(503);
    expect(error?.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.retry).toBe(true); // what the policy wanted; the hook said no

    server.handle((_req, res) => sendText(res, 400, "bad"));
    await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(decisions[1]).toMatchObject({ status: 400, retry: false, delayMs: 0 });
  });
  it("a hook that throws rejects the call with its own error, and the answer it was shown is released", async () => {
    server.handle((_req, res) => sendText(res, 503, "busy"));
    const timers = virtualTimers();
    const mistake = new Error("hook bug");
    const xbl = createXblClient({
      baseUrl: server.url,
      auth,
      timers,
      retry: { baseDelayMs: 5 },
      onRetryDecision: () => {
        throw mistake;
      },
    });
    await expect(xbl.GET(SESSION_PATH, { params: sessionParams() })).rejects.toBe(mistake);
    expect(server.requests).toHaveLength(1);
    // The attempt ended: its timeout timer is gone, nothing is left waiting on the unread body.
    expect(timers.pending()).toBe(0);
  });
});

describe("onThrottleRefusal", () => {
  it("is told of a call refused by a remembered Retry-After before the call rejects", async () => {
    server.handle((_req, res) => sendJson(res, 429, `{"limitType":"rate"}`, { "retry-after": "60" }));
    const refusals: ThrottleRefusal[] = [];
    const xbl = createXblClient({ baseUrl: server.url, auth, timers: virtualTimers(), onThrottleRefusal: (r) => void refusals.push(r) });
    await xbl.GET(SESSION_PATH, { params: sessionParams() });
    await expect(xbl.GET(SESSION_PATH, { params: sessionParams() })).rejects.toMatchObject({ source: "retry-after-memory" });
    expect(refusals).toEqual([{ operation: "getSession", source: "retry-after-memory", retryAfterMs: 60_000, correlationId: expect.any(String) }]);
  });

  it("is told of a call refused by the limiter", async () => {
    server.handle((_req, res) => sendJson(res, 200, SESSION_JSON));
    const refusals: ThrottleRefusal[] = [];
    const xbl = createXblClient({ baseUrl: server.url, auth, timers: virtualTimers(), limiter: true, retry: { budgetMs: 0 }, onThrottleRefusal: (r) => void refusals.push(r) });
    const results = await Promise.allSettled(Array.from({ length: 31 }, () => xbl.GET(SESSION_PATH, { params: sessionParams() })));
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(refusals).toMatchObject([{ source: "limiter", operation: "getSession" }]);
  });
  it("a refusal hook that throws rejects the call with its own error; nothing is sent", async () => {
    server.handle((_req, res) => sendJson(res, 429, `{"limitType":"rate"}`, { "retry-after": "60" }));
    const mistake = new Error("hook bug");
    const xbl = createXblClient({
      baseUrl: server.url,
      auth,
      timers: virtualTimers(),
      onThrottleRefusal: () => {
        throw mistake;
      },
    });
    await xbl.GET(SESSION_PATH, { params: sessionParams() });
    await expect(xbl.GET(SESSION_PATH, { params: sessionParams() })).rejects.toBe(mistake);
    expect(server.requests).toHaveLength(1);
  });
});

describe("per-call retry settings", () => {
  it("retry: false on one call makes that call a single attempt; the next call retries again", async () => {
    server.handle((_req, res, index) => (index === 0 || index === 1 ? sendText(res, 503, "busy") : sendJson(res, 200, SESSION_JSON)));
    const xbl = createXblClient({ baseUrl: server.url, auth, timers: virtualTimers(), retry: { baseDelayMs: 5 } });
    const single = await xbl.GET(SESSION_PATH, { params: sessionParams(), retry: false });
    expect(single.error?.attempts).toBe(1);
    const retried = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(retried.error).toBeUndefined();
    expect(server.requests).toHaveLength(3);
  });

  it("a per-call maxAttempts overrides the client's", async () => {
    server.handle((_req, res) => sendText(res, 503, "busy"));
    const xbl = createXblClient({ baseUrl: server.url, auth, timers: virtualTimers(), retry: { baseDelayMs: 5, maxAttempts: 5 } });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams(), retry: { maxAttempts: 2 } });
    expect(error?.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });
});
