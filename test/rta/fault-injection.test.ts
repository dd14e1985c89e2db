// Faults applied on demand to one user's RTA sockets (emulator.rta.inject), over real websockets on
// loopback: only that user's sockets are hit, each kind does what it says, bad input is refused.
import { describe, expect, it } from "vitest";
import { HOST, PEER, rtaWorldPerTest, until } from "./support.js";

const start = rtaWorldPerTest();

describe("emulator.rta.inject", () => {
  it("sends a resync to the chosen user's socket only", async () => {
    const w = await start();
    const host = w.client(HOST, { liveness: false, ignoreResyncForMs: 0 });
    const peer = w.client(PEER, { liveness: false, ignoreResyncForMs: 0 });
    await Promise.all([host.connectionIdNow(), peer.connectionIdNow()]);
    let hostResyncs = 0;
    let peerResyncs = 0;
    host.on("resync", () => hostResyncs++);
    peer.on("resync", () => peerResyncs++);
    expect(w.emulator.rta.inject("resync", HOST)).toBe(1);
    await until(() => hostResyncs === 1, "the host's resync");
    expect(peerResyncs).toBe(0);
  });

  it("drops (1006) the chosen user's socket and its ConnectionId ends", async () => {
    const w = await start();
    const host = w.client(HOST, { liveness: false });
    const peer = w.client(PEER, { liveness: false });
    await Promise.all([host.connectionIdNow(), peer.connectionIdNow()]);
    const codes: number[] = [];
    host.on("disconnected", ({ code }) => codes.push(code));
    expect(w.emulator.rta.inject("drop", HOST)).toBe(1);
    await until(() => codes.length === 1 && w.emulator.rta.liveConnections === 1, "the drop");
    expect(codes).toEqual([1006]);
    expect(peer.isOpen).toBe(true);
  });

  it("hits nobody for a user without sockets, and refuses an unknown fault", async () => {
    const w = await start();
    await w.client(HOST, { liveness: false }).connectionIdNow();
    expect(w.emulator.rta.inject("halfOpen", "2535405290009999")).toBe(0);
    expect(() => w.emulator.rta.inject("explode" as never, HOST)).toThrow(TypeError);
    expect(w.emulator.rta.liveConnections).toBe(1);
  });
});
