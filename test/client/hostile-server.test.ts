// The client against servers that misbehave, over real HTTP on 127.0.0.1: credentials a header cannot
// carry, statuses outside 200–599, bodies cut short or falsely gzipped, wrong content, redirects,
// extreme Retry-After values and huge bodies. Each failure is one of the client's own error types,
// with the cause attached where there is one, and never shows a token.
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createNetServer, type Server as NetServer } from "node:net";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createXblClient,
  XblAuthError,
  XblNetworkError,
  XblResponseError,
  XblThrottledError,
  type XblCredentials,
} from "../../src/index.js";
import { SESSION_PATH, sessionParams, TOKEN, USER_HASH } from "../support/client-fixtures.js";
import { sendJson, sendText, useTestServer } from "../support/http-server.js";
import { virtualTimers } from "../support/virtual-timers.js";

const server = useTestServer();
const SESSION_JSON = `{"constants":{"system":{}},"properties":{"system":{},"custom":{}}}`;
const auth = { userHash: USER_HASH, xstsToken: TOKEN };

/** Every way an error may be shown or logged. */
function views(value: unknown): string[] {
  return [
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    String(value),
    value instanceof Error ? `${value.message}\n${value.stack}` : "",
    JSON.stringify(value),
  ];
}

/** A server answering each connection with fixed raw bytes, for what node:http refuses to send. */
async function rawServer(reply: string): Promise<{ url: string; server: NetServer }> {
  const raw = createNetServer((socket) => {
    socket.once("data", () => socket.end(reply));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(raw.address() as AddressInfo).port}`, server: raw };
}

describe("credentials a header cannot carry", () => {
  for (const [label, bad] of [
    ["CR", "\r"],
    ["LF", "\n"],
    ["NUL", "\u0000"],
  ] as const) {
    it(`refuses a provider token holding ${label} without showing it anywhere, and sends nothing`, async () => {
      const secret = `${TOKEN}${bad}injected: yes`;
      const provider = async (): Promise<XblCredentials> => ({ userHash: USER_HASH, xstsToken: secret });
      const xbl = createXblClient({ baseUrl: server.url, auth: provider });
      const failure = await xbl.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(XblAuthError);
      for (const view of views(failure)) {
        expect(view).not.toContain(TOKEN);
        expect(view).not.toContain(USER_HASH);
      }
      expect(server.requests).toHaveLength(0);
    });
  }

  it("refuses static credentials with a bad user hash when the client is made, without showing them", () => {
    const hash = `${USER_HASH}\r\nX-Evil: 1`;
    let failure: unknown;
    try {
      createXblClient({ baseUrl: server.url, auth: { userHash: hash, xstsToken: TOKEN } });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(XblAuthError);
    for (const view of views(failure)) {
      expect(view).not.toContain(TOKEN);
      expect(view).not.toContain(USER_HASH);
    }
  });
});

describe("answers outside the HTTP model", () => {
  const raws: NetServer[] = [];
  afterAll(() => Promise.all(raws.map((raw) => new Promise((resolve) => raw.close(resolve)))));
  async function callRaw(reply: string) {
    const raw = await rawServer(reply);
    raws.push(raw.server);
    const xbl = createXblClient({ baseUrl: raw.url, auth, retry: false });
    return xbl.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e);
  }

  it("rejects a status above 599 with XblResponseError (problem: status)", async () => {
    const failure = await callRaw(`HTTP/1.1 600 Odd\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`);
    expect(failure).toBeInstanceOf(XblResponseError);
    expect(failure).toMatchObject({ problem: "status", status: 600, operation: "getSession" });
  });

  it("rejects a status below 100 with XblNetworkError carrying the parser's complaint as cause", async () => {
    const failure = await callRaw(`HTTP/1.1 099 Odd\r\nContent-Length: 2\r\n\r\n{}`);
    expect(failure).toBeInstanceOf(XblNetworkError);
    expect((failure as XblNetworkError).cause).toBeInstanceOf(Error);
  });

  it("rejects a body cut short (Content-Length larger than what arrives) with XblNetworkError and its cause", async () => {
    const failure = await callRaw(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"constants":`);
    expect(failure).toBeInstanceOf(XblNetworkError);
    expect((failure as XblNetworkError).beforeSend).toBe(false);
    expect((failure as XblNetworkError).cause).toMatchObject({ message: expect.any(String) });
  });

  it("rejects a gzip body that is not gzip with XblNetworkError and the zlib cause", async () => {
    const failure = await callRaw(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 10\r\n\r\nnotgzip!!!`);
    expect(failure).toBeInstanceOf(XblNetworkError);
    expect((failure as XblNetworkError).cause).toMatchObject({ code: "Z_DATA_ERROR" });
  });

  it("retries a safe read whose body was cut short, and succeeds", async () => {
    server.handle((req, res, index) => {
      if (index === 0) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
        res.write('{"constants":');
        res.destroy();
      } else sendJson(res, 200, SESSION_JSON);
    });
    const xbl = createXblClient({ baseUrl: server.url, auth, timers: virtualTimers(), retry: { baseDelayMs: 5 } });
    const { data, error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error).toBeUndefined();
    expect(data).toMatchObject({ constants: { system: {} } });
    expect(server.requests).toHaveLength(2);
  });
});

describe("wrong content on a success", () => {
  it("returns XblResponseError (content-type) for a 2xx text/plain answer where JSON is declared", async () => {
    server.handle((_req, res) => sendText(res, 200, "<html>captive portal</html>"));
    const xbl = createXblClient({ baseUrl: server.url, auth });
    const { data, error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(data).toBeUndefined();
    expect(error).toBeInstanceOf(XblResponseError);
    expect(error).toMatchObject({ problem: "content-type", status: 200, body: "<html>captive portal</html>" });
  });

  it("returns XblResponseError (empty-body) for a 200 without a body, unlike a 204 (no such session)", async () => {
    server.handle((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end());
    const xbl = createXblClient({ baseUrl: server.url, auth });
    const empty = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(empty.error).toBeInstanceOf(XblResponseError);
    expect(empty.error).toMatchObject({ problem: "empty-body", status: 200 });

    server.handle((_req, res) => res.writeHead(204).end());
    const absent = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(absent.error).toBeUndefined();
    expect(absent.data).toBeUndefined();
    expect(absent.response.status).toBe(204);
  });

  it("returns XblResponseError (invalid-json) for a declared-JSON success that does not parse", async () => {
    server.handle((_req, res) => sendJson(res, 200, "{not json"));
    const xbl = createXblClient({ baseUrl: server.url, auth });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error).toMatchObject({ name: "XblResponseError", problem: "invalid-json", body: "{not json" });
  });
});

describe("redirects", () => {
  let other: HttpServer;
  let otherUrl = "";
  const reached: string[] = [];
  beforeAll(async () => {
    other = createHttpServer((req, res) => {
      reached.push(`${req.method} ${req.url}`);
      sendJson(res, 200, `{"properties":{"custom":{"from":"elsewhere"}}}`);
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

  it("does not follow a redirect to another origin, and re-sends no body there", async () => {
    server.handle((req, res) => res.writeHead(307, { location: `${otherUrl}${req.url}` }).end());
    const xbl = createXblClient({ baseUrl: server.url, auth });
    const failure = await xbl.PUT(SESSION_PATH, { params: sessionParams(), body: { properties: { custom: { a: 1 } } } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(XblResponseError);
    expect(failure).toMatchObject({ problem: "redirect", status: 307 });
    expect(reached).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("does not follow a redirect within the same origin either", async () => {
    server.handle((req, res) => (req.url.endsWith("/moved") ? sendJson(res, 200, SESSION_JSON) : res.writeHead(302, { location: `${req.url}/moved` }).end()));
    const xbl = createXblClient({ baseUrl: server.url, auth });
    const failure = await xbl.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: "XblResponseError", problem: "redirect", status: 302 });
    expect(server.requests).toHaveLength(1);
  });
});

describe("a 304 is an answer, not a redirect", () => {
  it("returns a 304 to a conditional GET as the result's response", async () => {
    server.handle((_req, res) => res.writeHead(304, { etag: '"7"' }).end());
    const xbl = createXblClient({ baseUrl: server.url, auth });
    const { response } = await xbl.GET(SESSION_PATH, { params: { ...sessionParams(), header: { "If-None-Match": '"7"' } } });
    expect(response.status).toBe(304);
  });
});

describe("Retry-After extremes", () => {
  const THROTTLE = `{"limitType":"rate","maxRequests":30,"periodInSeconds":15}`;

  it("remembers a ten-year Retry-After for at most retryAfterMaxMs, then lets calls through", async () => {
    const timers = virtualTimers();
    server.handle((_req, res, index) => (index === 0 ? sendJson(res, 429, THROTTLE, { "retry-after": "315360000" }) : sendJson(res, 200, SESSION_JSON)));
    const xbl = createXblClient({ baseUrl: server.url, auth, timers, retry: { retryAfterMaxMs: 300_000 } });
    const first = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(first.error).toBeInstanceOf(XblThrottledError);
    expect(first.error?.retryAfterMs).toBe(300_000);
    const refused = await xbl.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ source: "retry-after-memory" });
    timers.advance(300_000);
    const later = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(later.error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it("never waits less than the backoff: Retry-After 0 does not turn retries into a burst", async () => {
    const timers = virtualTimers();
    server.handle((_req, res, index) => (index < 3 ? sendJson(res, 429, THROTTLE, { "retry-after": "0" }) : sendJson(res, 200, SESSION_JSON)));
    const xbl = createXblClient({ baseUrl: server.url, auth, timers, retry: { baseDelayMs: 1000, budgetMs: 60_000, random: () => 0 } });
    const { error } = await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(error).toBeUndefined();
    expect(timers.sleeps).toEqual([1000, 2000, 4000]);
  });

  it("waits max(backoff, Retry-After) when the Retry-After is the longer one", async () => {
    const timers = virtualTimers();
    server.handle((_req, res, index) => (index === 0 ? sendJson(res, 429, THROTTLE, { "retry-after": "7" }) : sendJson(res, 200, SESSION_JSON)));
    const xbl = createXblClient({ baseUrl: server.url, auth, timers, retry: { baseDelayMs: 1000, random: () => 0 } });
    await xbl.GET(SESSION_PATH, { params: sessionParams() });
    expect(timers.sleeps).toEqual([7000]);
  });
});

describe("response size cap", () => {
  it("refuses a body that grows past maxResponseBytes and stops reading it", async () => {
    let written = 0;
    let closed = false;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }); // chunked: no length announced
      res.on("close", () => (closed = true));
      const pump = () => {
        // Up to 50 MB, but only as fast as the client reads.
        while (written < 50 * 1024 * 1024 && !closed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        if (!closed) res.end();
      };
      pump();
    });
    const xbl = createXblClient({ baseUrl: server.url, auth, retry: false, maxResponseBytes: 1024 * 1024 });
    const failure = await xbl.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(XblResponseError);
    expect(failure).toMatchObject({ problem: "too-large", status: 200 });
    await expect.poll(() => closed, { timeout: 2000 }).toBe(true);
    // What the server got out before the client hung up: the cap plus socket buffers, not 50 MB.
    expect(written).toBeLessThan(16 * 1024 * 1024);
  });

  it("refuses an announced Content-Length above the cap without reading the body", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(50 * 1024 * 1024) });
      res.write("{");
    });
    const xbl = createXblClient({ baseUrl: server.url, auth, retry: false, maxResponseBytes: 1024 * 1024 });
    const failure = await xbl.GET(SESSION_PATH, { params: sessionParams() }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: "XblResponseError", problem: "too-large" });
  });
});
