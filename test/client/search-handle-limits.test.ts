// The opt-in limiter follows the contract's per-operation rules: search-handle writes and reads have
// their own windows (1 per 15 s, 20 per 300 s) on top of the host's, other handle types do not, on
// virtual time against a local HTTP server.
import { describe, expect, it } from "vitest";
import { createXblClient, operations } from "../../src/index.js";
import { TOKEN, USER_HASH } from "../support/client-fixtures.js";
import { sendJson, useTestServer } from "../support/http-server.js";
import { virtualTimers } from "../support/virtual-timers.js";

const server = useTestServer();
const sessionRef = { scid: "4fc10100-5f7a-4470-899b-280835760c07", templateName: "GameSession", name: "match-1" };
const HANDLE = `{"id":"47ca0049-a5ba-4bc1-aa22-fcf834ce4c13","type":"search","version":1,"sessionRef":${JSON.stringify(sessionRef)}}`;

function limitedClient() {
  const timers = virtualTimers();
  const xbl = createXblClient({ baseUrl: server.url, auth: { userHash: USER_HASH, xstsToken: TOKEN }, timers, limiter: true, retry: { budgetMs: 400_000 } });
  return { xbl, timers };
}

describe("search-handle rate limits in the client's limiter", () => {
  it("reads the search-handle buckets from the operation table", () => {
    const [writes] = operations.createHandle.rateLimitRules;
    expect(writes).toEqual({ bucket: "searchHandleWrites", handleTypes: ["search"], limits: [{ requests: 1, periodSeconds: 15 }, { requests: 20, periodSeconds: 300 }] });
    expect(operations.deleteHandle.rateLimitRules[0]?.bucket).toBe("searchHandleWrites");
    expect(operations.queryHandles.rateLimitRules[0]?.bucket).toBe("searchHandleReads");
  });

  it("spaces search-handle writes 15 s apart, but not activity writes", async () => {
    const { xbl, timers } = limitedClient();
    const sentAt: number[] = [];
    server.handle((_req, res) => {
      sentAt.push(timers.now());
      sendJson(res, 201, HANDLE);
    });
    const search = { version: 1 as const, type: "search" as const, sessionRef, searchAttributes: { tags: ["x"] } };
    for (let i = 0; i < 3; i++) expect((await xbl.POST("/handles", { body: search })).error).toBeUndefined();
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(15_000);
    expect(sentAt[2]! - sentAt[1]!).toBeGreaterThanOrEqual(15_000);
    const before = timers.now();
    for (let i = 0; i < 3; i++) await xbl.POST("/handles", { body: { version: 1, type: "activity", sessionRef } });
    expect(timers.now() - before).toBe(0);
  });

  it("lets at most 20 search queries through in 300 s", async () => {
    const { xbl, timers } = limitedClient();
    const sentAt: number[] = [];
    server.handle((_req, res) => {
      sentAt.push(timers.now());
      sendJson(res, 200, `{"results":[]}`);
    });
    for (let i = 0; i < 21; i++) {
      await xbl.POST("/handles/query", { body: { type: "search", scid: sessionRef.scid, templateName: "GameSession" } });
    }
    expect(sentAt[20]! - sentAt[0]!).toBeGreaterThanOrEqual(300_000);
  });
});
