// Every retry rule of the contract, on a real node:http server: which statuses and failures are
// retried for safe, conditional and unsafe operations, and that bodies are re-sent intact.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createXblClient, XblNetworkError, type XblClientOptions } from "../../src/index.js";
import { SCID, SESSION_PATH, sessionParams, TOKEN, USER_HASH } from "../support/client-fixtures.js";
import { sendJson, sendText, startServer, useTestServer } from "../support/http-server.js";
import { virtualTimers } from "../support/virtual-timers.js";

const server = useTestServer();

const auth = { userHash: USER_HASH, xstsToken: TOKEN };
const SESSION_JSON = `{"constants":{"system":{}},"properties":{"system":{},"custom":{}}}`;

function client(extra: Partial<XblClientOptions> = {}) {
  const timers = virtualTimers();
  const xbl = createXblClient({ baseUrl: server.url, auth, timers, retry: { baseDelayMs: 5, maxDelayMs: 40 }, ...extra });
  return { xbl, timers };
}

/** Fail with `status` for the first `failures` requests, then answer 200 with a session. */
function failThenSucceed(status: number, failures = 1, headers: Record<string, string> = {}) {
  server.handle((_req, res, index) => {
    if (index < failures) sendText(res, status, `failure ${index}`, headers);
    else sendJson(res, 200, SESSION_JSON, { etag: '"2"' });
  });
}

const invite = {
  version: 1 as const,
  type: "invite" as const,
  sessionRef: { scid: SCID, templateName: "MinecraftLobby", name: "lobby-1" },
  invitedXuid: "2535405290311111",
  inviteAttributes: { titleId: "896928775" },
};
const activity = { version: 1 as const, type: "activity" as const, sessionRef: invite.sessionRef };
const lobbyBody = { properties: { custom: { MemberCount: 3 } } };

describe("safe operations (GET)", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries %i and then succeeds", async (status) => {
    failThenSucceed(status, 2);
    const { xbl, timers } = client();
    const { data, error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error).toBeUndefined();
    expect(data?.constants).toBeDefined();
    expect(server.requests).toHaveLength(3);
    // Exponential with jitter: retry n waits within [5·2^(n-1), 5·2^n] ms.
    expect(timers.sleeps[0]).toBeGreaterThanOrEqual(5);
    expect(timers.sleeps[0]).toBeLessThanOrEqual(10);
    expect(timers.sleeps[1]).toBeGreaterThanOrEqual(10);
    expect(timers.sleeps[1]).toBeLessThanOrEqual(20);
  });

  it.each([400, 403, 404, 412])("never retries %i", async (status) => {
    failThenSucceed(status, 5);
    const { xbl } = client();
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error?.status).toBe(status);
    expect(error?.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it("caps the delay at maxDelayMs and stops at maxAttempts", async () => {
    failThenSucceed(500, 100);
    const { xbl, timers } = client({ retry: { baseDelayMs: 5, maxDelayMs: 12, maxAttempts: 5 } });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error?.status).toBe(500);
    expect(error?.attempts).toBe(5);
    expect(server.requests).toHaveLength(5);
    expect(Math.max(...timers.sleeps)).toBeLessThanOrEqual(12);
  });

  it("stops when the next wait would not fit the budget", async () => {
    failThenSucceed(503, 100);
    const { xbl, timers } = client({ retry: { baseDelayMs: 100, maxDelayMs: 10_000, budgetMs: 350 } });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error?.status).toBe(503);
    const total = timers.sleeps.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(350);
    expect(server.requests.length).toBe(timers.sleeps.length + 1);
  });

  it("retry: false makes a single attempt", async () => {
    failThenSucceed(503, 1);
    const xbl = createXblClient({ baseUrl: server.url, auth, retry: false });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error?.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });
});

describe("unsafe writes (blind session PUT, invite)", () => {
  it.each([500, 502, 503, 504, 408])("does not repeat a blind PUT after %i", async (status) => {
    failThenSucceed(status, 1);
    const { xbl } = client();
    const { error } = await xbl.PUT(SESSION_PATH, { params: sessionParams(), body: lobbyBody });
    expect(error?.status).toBe(status);
    expect(server.requests).toHaveLength(1);
  });

  it("repeats a blind PUT after 429 and after 503 with Retry-After, body intact", async () => {
    for (const [status, headers] of [
      [429, { "retry-after": "0" }],
      [503, { "retry-after": "0" }],
    ] as const) {
      server.requests.length = 0;
      failThenSucceed(status, 1, headers);
      const { xbl } = client();
      const { error } = await xbl.PUT(SESSION_PATH, { params: sessionParams(`s${status}`), body: lobbyBody });
      expect(error).toBeUndefined();
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
      expect(JSON.parse(server.requests[1]!.body)).toEqual(lobbyBody);
    }
  });

  it("does not repeat an invite after 500, but repeats an activity handle", async () => {
    failThenSucceed(500, 1);
    const { xbl } = client();
    const inviteResult = await xbl.POST("/handles", { body: invite });
    expect(inviteResult.error?.status).toBe(500);
    expect(server.requests).toHaveLength(1);

    server.requests.length = 0;
    failThenSucceed(500, 1);
    const activityResult = await xbl.POST("/handles", { body: activity });
    expect(activityResult.error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body).toBe(JSON.stringify(activity));
  });

  it("repeats an invite after a 429 (the service dropped it)", async () => {
    failThenSucceed(429, 1, { "retry-after": "0" });
    const { xbl } = client();
    const { error } = await xbl.POST("/handles", { body: invite });
    expect(error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });
});

describe("conditional writes", () => {
  it("repeats a PUT with If-Match: <etag> after 500, with the same body and header", async () => {
    failThenSucceed(500, 1);
    const { xbl } = client();
    const { error } = await xbl.PUT(SESSION_PATH, { params: { ...sessionParams(), header: { "If-Match": '"7"' } }, body: lobbyBody });
    expect(error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.headers["if-match"]).toBe('"7"');
    expect(server.requests[1]!.body).toBe(JSON.stringify(lobbyBody));
  });

  it("repeats a create-only PUT (If-None-Match: *) after 502", async () => {
    failThenSucceed(502, 1);
    const { xbl } = client();
    const { error } = await xbl.PUT(SESSION_PATH, { params: { ...sessionParams(), header: { "If-None-Match": "*" } }, body: lobbyBody });
    expect(error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it("treats If-Match: * as unsafe (no retry after 500)", async () => {
    failThenSucceed(500, 1);
    const { xbl } = client();
    const { error } = await xbl.PUT(SESSION_PATH, { params: { ...sessionParams(), header: { "If-Match": "*" } }, body: lobbyBody });
    expect(error?.status).toBe(500);
    expect(server.requests).toHaveLength(1);
  });
});

describe("session-host allocation", () => {
  it("retries 409 (host not Active yet) with the same sessionId", async () => {
    server.handle((_req, res, index) => {
      if (index < 2) sendText(res, 409, "host not active");
      else sendJson(res, 200, `{"fulfillmentState":"Fulfilled","hostName":"h.example","sessionHostId":"s","region":"West US","portMappings":[]}`);
    });
    const { xbl } = client();
    const body = { sessionId: "9b2f7b53-8a0c-4c56-9a0a-4a6f0d9c1e11", cloudGameId: "5d2b0c3e-1111-4222-8333-944455556666", locations: ["West US"] };
    const { data, error } = await xbl.POST("/titles/{titleId}/sessionhosts", { params: { path: { titleId: "896928775" } }, body });
    expect(error).toBeUndefined();
    expect(data?.hostName).toBe("h.example");
    expect(server.requests).toHaveLength(3);
    for (const request of server.requests) expect(JSON.parse(request.body).sessionId).toBe(body.sessionId);
  });

  it("does not retry 409 on session writes", async () => {
    failThenSucceed(409, 1);
    const { xbl } = client();
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error?.status).toBe(409);
    expect(server.requests).toHaveLength(1);
  });
});

describe("network failures", () => {
  let flaky: Server;
  let flakyUrl: string;
  let hits = 0;
  beforeAll(async () => {
    // Destroys the socket after reading the whole request: the service may have applied it.
    flaky = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        hits++;
        if (hits % 2 === 1) req.socket.destroy();
        else res.writeHead(200, { "content-type": "application/json" }).end(SESSION_JSON);
      });
    });
    await new Promise<void>((resolve) => flaky.listen(0, "127.0.0.1", resolve));
    flakyUrl = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        flaky.closeAllConnections();
        flaky.close(() => resolve());
      }),
  );

  it("retries a GET whose connection broke after sending", async () => {
    hits = 0;
    const xbl = createXblClient({ baseUrl: flakyUrl, auth, timers: virtualTimers(), retry: { baseDelayMs: 5 } });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error).toBeUndefined();
    expect(hits).toBe(2);
  });

  it("does not repeat a blind PUT whose connection broke after sending", async () => {
    hits = 0;
    const xbl = createXblClient({ baseUrl: flakyUrl, auth, timers: virtualTimers(), retry: { baseDelayMs: 5 } });
    const failure = await xbl.PUT(SESSION_PATH, { params: sessionParams(), body: lobbyBody }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(XblNetworkError);
    expect((failure as XblNetworkError).beforeSend).toBe(false);
    expect((failure as XblNetworkError).attempts).toBe(1);
    expect(hits).toBe(1);
  });

  it("repeats a blind PUT when the connection was refused (nothing was sent)", async () => {
    // A port that was just closed refuses connections; the second attempt goes to the live server.
    const closed = await startServer();
    const deadUrl = closed.url;
    await closed.close();
    server.handle((_req, res) => sendJson(res, 200, SESSION_JSON));
    let calls = 0;
    const transport = (request: Request) => {
      calls++;
      const target = calls === 1 ? deadUrl : server.url;
      return fetch(new Request(request.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, target), request));
    };
    const xbl = createXblClient({ baseUrl: server.url, auth, fetch: transport, timers: virtualTimers(), retry: { baseDelayMs: 5 } });
    const { error } = await xbl.PUT(SESSION_PATH, { params: sessionParams(), body: lobbyBody });
    expect(error).toBeUndefined();
    expect(calls).toBe(2);
    expect(server.requests.at(-1)!.body).toBe(JSON.stringify(lobbyBody));
  });
});
