// The RTA client against the emulator's faults, over real websockets on loopback, on manual clocks:
// shoulder taps, reconnect with resubscription and a new ConnectionId, half-open detection, 1001/1002,
// resync, the proactive and the service's two-hour reconnects, and a close that leaves nothing behind.
import { describe, expect, it } from "vitest";
import { RtaStatusError, type RtaClient, type RtaClientEvents } from "../../src/rta/index.js";
import { driveUntil, HOST, memberBody, putSession, rtaWorldPerTest, settle, until, type RtaWorld } from "./support.js";

const start = rtaWorldPerTest();

function collect<K extends keyof RtaClientEvents>(client: RtaClient, name: K): RtaClientEvents[K][] {
  const out: RtaClientEvents[K][] = [];
  client.on(name, (v) => out.push(v));
  return out;
}

describe("shoulder taps", () => {
  it("taps the member on every committed change, with the session's branch and changeNumber", async () => {
    const w = await start();
    const client = w.client(HOST);
    const taps = collect(client, "shoulderTap");
    const id = await client.connectionIdNow();
    const created = await putSession(w.emulator, HOST, "taps", memberBody(HOST, id));
    expect(created.status).toBe(201);
    await until(() => taps.length === 1, "the first tap");
    const updated = await putSession(w.emulator, HOST, "taps", { properties: { custom: { hostName: "World" } } });
    expect(updated.status).toBe(200);
    await until(() => taps.length === 2, "the second tap");
    expect(taps.map((t) => [t.session.name, t.branch, t.changeNumber])).toEqual([
      ["taps", created.body.branch, created.body.changeNumber],
      ["taps", updated.body.branch, updated.body.changeNumber],
    ]);
    // A write that changes nothing commits nothing and taps no one.
    await putSession(w.emulator, HOST, "taps", { properties: { custom: { hostName: "World" } } });
    await settle(30);
    expect(taps).toHaveLength(2);
  });

  it("taps only for the change types a member subscribed to", async () => {
    const w = await start();
    const client = w.client(HOST);
    const taps = collect(client, "shoulderTap");
    const id = await client.connectionIdNow();
    const body = memberBody(HOST, id);
    (body.members as any).me.properties.system.subscription.changeTypes = ["membersList"];
    await putSession(w.emulator, HOST, "types", body);
    await until(() => taps.length === 1, "the tap for the new member");
    await putSession(w.emulator, HOST, "types", { properties: { custom: { x: 1 } } });
    await settle(30);
    expect(taps).toHaveLength(1);
  });
});

describe("reconnects", () => {
  it("after a dropped socket (1006) subscribes again: same subscription object, a new ConnectionId announced", async () => {
    const w = await start({ faults: { rtaDrop: 1 } });
    const client = w.client(HOST, { liveness: false });
    const announced = collect(client, "connectionId");
    const disconnects = collect(client, "disconnected");
    const subscription = await client.subscribe();
    const first = client.connectionId!;
    await putSession(w.emulator, HOST, "drop", memberBody(HOST, first));
    await until(() => disconnects.length === 1, "the drop");
    expect(disconnects[0]!.code).toBe(1006);
    await driveUntil(w.clientClock, client.once("connectionId"), 1000);
    expect(announced.map((a) => a.previous)).toEqual([undefined, first]);
    expect(client.connectionId).not.toBe(first);
    expect(subscription.active).toBe(true);
    expect(await client.subscribe()).toBe(subscription);
    expect((subscription.data as { ConnectionId: string }).ConnectionId).toBe(client.connectionId);
  });

  it("detects a half-open socket by ping/pong and replaces it", async () => {
    const w = await start({ faults: { rtaHalfOpen: 1 } });
    const client = w.client(HOST, { liveness: { pingIntervalMs: 10_000, pongTimeoutMs: 5_000 } });
    const disconnects = collect(client, "disconnected");
    const first = await client.connectionIdNow();
    // A healthy socket answers the ping: no replacement.
    w.clientClock.advance(10_000);
    await settle(30);
    w.clientClock.advance(5_000);
    expect(disconnects).toHaveLength(0);
    await putSession(w.emulator, HOST, "half-open", memberBody(HOST, first));
    await settle(30);
    expect(client.isOpen).toBe(true); // open, but it delivers nothing now
    const replaced = client.once("connectionId");
    await driveUntil(w.clientClock, replaced, 5_000);
    expect(disconnects.map((d) => d.reason)).toEqual(["half-open"]);
    expect(client.connectionId).not.toBe(first);
  });

  it("reconnects before the service's two-hour close, and after it", async () => {
    const w = await start();
    const proactive = w.client(HOST, { liveness: false, proactiveReconnectMs: 60 * 60 * 1000 });
    const events = collect(proactive, "disconnected");
    const before = await proactive.connectionIdNow();
    w.clientClock.advance(60 * 60 * 1000);
    await driveUntil(w.clientClock, proactive.once("connectionId"), 1000);
    expect(events.map((e) => e.reason)).toEqual(["proactive"]);
    expect(proactive.connectionId).not.toBe(before);
    await proactive.close();

    const late = w.client(HOST, { liveness: false });
    const lateEvents = collect(late, "disconnected");
    const lateBefore = await late.connectionIdNow();
    w.serverClock.advance(2 * 60 * 60 * 1000); // the emulator closes every socket after two hours
    await until(() => lateEvents.length === 1, "the service's close");
    expect(lateEvents[0]!.code).toBe(1000);
    await driveUntil(w.clientClock, late.once("connectionId"), 1000);
    expect(late.connectionId).not.toBe(lateBefore);
  });

  it("waits min(n², 60) s plus jitter between failed reconnects", async () => {
    const w = await start();
    const client = w.client(HOST, { liveness: false, backoff: { random: () => 0.5, maxJitterSeconds: 2 } });
    const delays = collect(client, "reconnecting");
    await client.connectionIdNow();
    await w.emulator.close(); // nothing to reconnect to
    await until(() => delays.length === 1, "the first reconnect");
    for (let i = 0; i < 4; i++) {
      const next = delays.length + 1;
      w.clientClock.advance(delays.at(-1)!.delayMs);
      await until(() => delays.length === next, `reconnect ${next}`);
    }
    expect(delays.map((d) => d.delayMs)).toEqual([1000, 2000, 5000, 10_000, 17_000]);
  });
});

describe("1001, 1002 and resync", () => {
  it("retries a throttled subscribe like the SDK, then rejects with the status", async () => {
    const w = await start({ faults: { rtaThrottled: 1 } });
    const logs: string[] = [];
    const client = w.client(HOST, { maxSubscribeAttempts: 3, log: (l) => logs.push(l) });
    const error = await driveUntil(w.clientClock, client.subscribe(), 1000).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RtaStatusError);
    expect((error as RtaStatusError).status).toBe(1001);
    expect((error as RtaStatusError).statusName).toBe("Throttled");
    expect((error as RtaStatusError).attempts).toBe(3);
    expect(logs.filter((l) => l.includes("answered 1001"))).toEqual([
      "rta: subscribe answered 1001; again in 0 ms",
      "rta: subscribe answered 1001; again in 1000 ms",
    ]);
  });

  it("retries an unavailable (1002) subscribe until the service serves it", async () => {
    // With this seed the emulator answers the first subscribe 1002 and serves the next.
    const w = await start({ faults: { rtaUnavailable: 0.5, seed: 7 } });
    const logs: string[] = [];
    const client = w.client(HOST, { log: (l) => logs.push(l) });
    const subscription = await driveUntil(w.clientClock, client.subscribe(), 1000);
    expect(subscription.active).toBe(true);
    expect(logs.some((l) => l.includes("answered 1002"))).toBe(true);
  });

  it("turns a resync into an event (outside the first minutes after connecting)", async () => {
    const w = await start({ faults: { rtaResync: 1 } });
    const eager = w.client(HOST, { ignoreResyncForMs: 0 });
    const resyncs = collect(eager, "resync");
    const id = await eager.connectionIdNow();
    await putSession(w.emulator, HOST, "resync", memberBody(HOST, id));
    await until(() => resyncs.length === 1, "the resync");

    const logs: string[] = [];
    const patient = w.client(HOST, { log: (l) => logs.push(l) }); // default: ignored for 5 minutes, as the SDK does
    const ignored = collect(patient, "resync");
    const skipped = collect(patient, "resyncIgnored");
    const id2 = await patient.connectionIdNow();
    await putSession(w.emulator, HOST, "resync-2", memberBody(HOST, id2));
    await until(() => logs.some((l) => l.includes("resync")), "the ignored resync");
    expect(ignored).toHaveLength(0);
    // ...but said as such, for a caller that tracks few resources and re-reads them anyway.
    expect(skipped).toHaveLength(1);
  });
});

describe("close", () => {
  it("leaves no timer and no socket behind, and rejects what was pending", async () => {
    const w = await start();
    const client = w.client(HOST, { liveness: { pingIntervalMs: 1000, pongTimeoutMs: 1000 } });
    await client.connectionIdNow();
    expect(w.clientClock.pendingTimers()).toBeGreaterThan(0);
    await client.close();
    expect(w.clientClock.pendingTimers()).toBe(0);
    await until(() => w.emulator.rta.sockets === 0, "the emulator to see the socket close");
    await expect(client.subscribe()).rejects.toThrow(/closed/);
  });

  it("closes from an AbortSignal, also while reconnecting", async () => {
    const w = await start({ faults: { rtaDrop: 1 } });
    const abort = new AbortController();
    const client = w.client(HOST, { signal: abort.signal, liveness: false });
    const id = await client.connectionIdNow();
    await putSession(w.emulator, HOST, "abort", memberBody(HOST, id));
    await client.once("reconnecting");
    abort.abort();
    await until(() => w.clientClock.pendingTimers() === 0, "no client timers");
    await until(() => w.emulator.rta.sockets === 0, "no sockets");
  });
});
