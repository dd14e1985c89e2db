// gameserverms session-host allocation over real HTTP: idempotent by sessionId, activation, empty pool.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { emulator } from "../support/emulator-api.js";

const TITLE = "896928775";
const request = (sessionId: string, locations = ["West US", "East US"]) => ({
  sessionId, cloudGameId: "6c7a1f0e-2b3c-4d5e-8f9a-0b1c2d3e4f5a", locations, sessionCookie: "cookie",
});

describe("session hosts", () => {
  it("allocates from the first location with a StandingBy host and is idempotent by sessionId", async () => {
    const { api, emu } = await emulator({ sessionHosts: { regions: { "West US": 0, "East US": 1 } } });
    try {
      const id = randomUUID();
      const first = await api.post(`/titles/${TITLE}/sessionhosts`, request(id));
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ region: "EastUS", fulfillmentState: "Fulfilled" });
      expect(first.body.portMappings[0]).toMatchObject({ Key: "gameport", Value: { internal: 10100 } });
      const again = await api.post(`/titles/${TITLE}/sessionhosts`, request(id));
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const status = await api.get(`/titles/${TITLE}/sessions/${id}/allocationStatus`);
      expect(status.body).toMatchObject({ sessionId: id, status: "Fulfilled", ticketId: id, gameHostId: first.body.sessionHostId, hostName: first.body.hostName });
      // The pool is now empty: a new sessionId gets 503 with Retry-After.
      const none = await api.post(`/titles/${TITLE}/sessionhosts`, request(randomUUID()));
      expect(none.status).toBe(503);
      expect(none.headers.get("retry-after")).toBe("5");
      expect((await api.get(`/titles/${TITLE}/sessions/${randomUUID()}/allocationStatus`)).status).toBe(404);
    } finally {
      await emu.close();
    }
  });

  it("a host still becoming Active answers 409 to a repeat, then 200 once Active; status goes Queued → Fulfilled", async () => {
    let now = Date.UTC(2026, 10, 21, 9, 0, 0);
    const { api, emu } = await emulator({ now: () => now, sessionHosts: { activationDelayMs: 2000 } });
    try {
      const id = randomUUID();
      const first = await api.post(`/titles/${TITLE}/sessionhosts`, request(id));
      expect(first.status).toBe(200);
      expect(first.body.fulfillmentState).toBe("Queued");
      expect((await api.get(`/titles/${TITLE}/sessions/${id}/allocationStatus`)).body.status).toBe("Queued");
      const busy = await api.post(`/titles/${TITLE}/sessionhosts`, request(id));
      expect(busy.status).toBe(409);
      now += 2000;
      const ready = await api.post(`/titles/${TITLE}/sessionhosts`, request(id));
      expect(ready.status).toBe(200);
      expect(ready.body.fulfillmentState).toBe("Fulfilled");
      expect((await api.get(`/titles/${TITLE}/sessions/${id}/allocationStatus`)).body.status).toBe("Fulfilled");
    } finally {
      await emu.close();
    }
  });

  it("validates the request (400) and requires contract version 8", async () => {
    const { api, emu } = await emulator();
    try {
      const bad = await api.post(`/titles/${TITLE}/sessionhosts`, { sessionId: "nope", cloudGameId: randomUUID(), locations: [] });
      expect(bad.status).toBe(400);
      expect(bad.text).toMatch(/sessionId|locations/);
      expect((await api.post(`/titles/${TITLE}/sessionhosts`, request(randomUUID()), { contractVersion: "107" })).status).toBe(400);
    } finally {
      await emu.close();
    }
  });
});
