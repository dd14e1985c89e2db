// Rate limits (from operations.ts rateLimits) and fault injection, over real HTTP.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { operations } from "../../generated/operations.js";
import { Api, emulator, HOST, PEER, rawRequest, sessionPath } from "../support/emulator-api.js";
import { startEmulator } from "../../src/emulator/index.js";
import { parseFaultSpec } from "../../src/emulator/http/faults.js";

const [burst, sustained] = operations.getSession.rateLimits;

describe("rate limits", () => {
  it("the burst limit answers 429 with Retry-After and the throttle JSON; other users are unaffected; it recovers", async () => {
    let now = Date.parse("2026-11-21T09:00:00Z");
    const { api, emu } = await emulator({ rateLimits: true, now: () => now });
    try {
      const path = sessionPath(randomUUID());
      for (let i = 0; i < burst!.requests; i++) expect((await api.get(path)).status).toBe(204);
      const throttled = await api.get(path);
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get("retry-after"))).toBe(burst!.periodSeconds);
      expect(throttled.body).toMatchObject({
        version: 1, currentRequests: burst!.requests, maxRequests: burst!.requests, periodInSeconds: burst!.periodSeconds, limitType: "rate",
      });
      expect((await api.get(path, { as: PEER })).status).toBe(204);
      now += burst!.periodSeconds * 1000;
      expect((await api.get(path)).status).toBe(204);
    } finally {
      await emu.close();
    }
  });

  it("the sustained limit applies over its longer period", async () => {
    let now = Date.parse("2026-11-21T09:00:00Z");
    const { api, emu } = await emulator({ rateLimits: true, now: () => now });
    try {
      const path = sessionPath(randomUUID());
      // Stay under the burst limit: spread the sustained budget evenly over its period.
      const step = Math.ceil((burst!.periodSeconds * 1000) / (burst!.requests - 1));
      for (let i = 0; i < sustained!.requests; i++) {
        expect((await api.get(path)).status).toBe(204);
        now += step;
      }
      const throttled = await api.get(path);
      expect(throttled.status).toBe(429);
      expect(throttled.body).toMatchObject({ maxRequests: sustained!.requests, periodInSeconds: sustained!.periodSeconds });
    } finally {
      await emu.close();
    }
  });

  it("can be switched off; gameserverms operations have no limits", async () => {
    const { api, emu } = await emulator({ rateLimits: false });
    try {
      const path = sessionPath(randomUUID());
      for (let i = 0; i < burst!.requests + 5; i++) expect((await api.get(path)).status).toBe(204);
    } finally {
      await emu.close();
    }
    const limited = await emulator({ rateLimits: true });
    try {
      for (let i = 0; i < burst!.requests + 5; i++) {
        expect((await limited.api.get(`/titles/896928775/sessions/${randomUUID()}/allocationStatus`)).status).toBe(404);
      }
    } finally {
      await limited.emu.close();
    }
  });
});

describe("fault injection", () => {
  async function statuses(seed: number, count: number): Promise<number[]> {
    const { api, emu } = await emulator({ faults: { error500: 0.3, error503: 0.3, seed } });
    try {
      const out: number[] = [];
      for (let i = 0; i < count; i++) {
        const res = await api.get(sessionPath("s"));
        if (res.status === 503) expect(res.headers.get("retry-after")).toBe("1");
        out.push(res.status);
      }
      return out;
    } finally {
      await emu.close();
    }
  }

  it("injects 500s and 503s with the configured probability, reproducibly for a seed", async () => {
    const a = await statuses(42, 40);
    const b = await statuses(42, 40);
    const c = await statuses(7, 40);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toContain(500);
    expect(a).toContain(503);
    expect(a).toContain(204);
  });

  it("resets connections", async () => {
    const emu = await startEmulator({ faults: "reset=1", rateLimits: false });
    try {
      await expect(new Api(emu.url).get(sessionPath("s"))).rejects.toThrow();
    } finally {
      await emu.close();
    }
  });

  it("parses the CLI spec and refuses nonsense", () => {
    expect(parseFaultSpec("500=0.05, 503=0.1,reset=0.01,seed=7")).toEqual({ error500: 0.05, error503: 0.1, reset: 0.01, seed: 7 });
    expect(() => parseFaultSpec("500=2")).toThrow(/between 0 and 1/);
    expect(() => parseFaultSpec("teapot=0.1")).toThrow(/Unknown fault/);
    expect(() => parseFaultSpec("500=0.6,503=0.6")).toThrow(/more than 1/);
  });
});

describe("oversized bodies", () => {
  it("answers 413 (declared length and chunked) and keeps serving", async () => {
    const { api, emu } = await emulator({ maxBodyBytes: 4096 });
    try {
      const big = JSON.stringify({ properties: { custom: { blob: "x".repeat(10_000) } } });
      const declared = await api.call("PUT", sessionPath(randomUUID()), { rawBody: big });
      expect(declared.status).toBe(413);
      const chunked = await rawRequest(emu.url, "PUT", sessionPath(randomUUID()), {
        Authorization: `XBL3.0 x=h;${HOST}`, "x-xbl-contract-version": "107", "Content-Type": "application/json",
      }, [big.slice(0, 3000), big.slice(3000)]);
      expect(chunked?.status).toBe(413);
      expect((await api.get(sessionPath(randomUUID()), { as: HOST })).status).toBe(204);
    } finally {
      await emu.close();
    }
  });
});
