// MPSD's liveness rules in the emulator, on its manual clock: a member whose RTA socket dies is made
// inactive and removed 30 s later and the emptied session deleted; only one's own live ConnectionId
// may be written; connectionRequiredForActiveMembers in "decay" and "refuse" mode; the member and
// session timeouts of the template.
import { describe, expect, it } from "vitest";
import type { EmulatorOptions } from "../../src/emulator/index.js";
import { getSession, HOST, memberBody, PEER, putSession, rtaWorldPerTest, settle, until, type RtaWorld } from "./support.js";

const start = rtaWorldPerTest();

/** A template like MinecraftLobby, with the timeouts under test. */
function template(system: Record<string, unknown>): EmulatorOptions {
  return {
    templates: {
      Timed: {
        constants: {
          system: {
            version: 1,
            maxMembersCount: 8,
            visibility: "open",
            capabilities: { connectivity: true, connectionRequiredForActiveMembers: true },
            ...system,
          },
        },
      },
    },
  };
}

describe("a dead RTA socket", () => {
  it("makes its member inactive and removes it 30 virtual seconds later; the empty session is deleted", async () => {
    const w = await start(template({ inactiveRemovalTimeout: 0, sessionEmptyTimeout: 0 }));
    const client = w.client(HOST, { liveness: false });
    const id = await client.connectionIdNow();
    expect((await putSession(w.emulator, HOST, "lobby", memberBody(HOST, id), "Timed")).status).toBe(201);
    await client.close();
    await until(() => w.emulator.rta.liveConnections === 0, "the emulator to see the socket close");
    await settle(10);
    w.serverClock.advance(29_999);
    const during = await getSession(w.emulator, HOST, "lobby", "Timed");
    expect(during.status).toBe(200);
    expect(during.body.membersInfo.count).toBe(1);
    w.serverClock.advance(1);
    await settle(10);
    expect((await getSession(w.emulator, HOST, "lobby", "Timed")).status).toBe(204); // MPSD answers a GET of a missing session with 204
  });

  it("keeps a member that reconnects and writes its new ConnectionId within the grace", async () => {
    const w = await start(template({ inactiveRemovalTimeout: 0, sessionEmptyTimeout: 0 }));
    const first = w.client(HOST, { liveness: false });
    await putSession(w.emulator, HOST, "kept", memberBody(HOST, await first.connectionIdNow()), "Timed");
    await first.close();
    await until(() => w.emulator.rta.liveConnections === 0, "the close");
    await settle(10);
    w.serverClock.advance(20_000);
    const second = w.client(HOST, { liveness: false });
    const id = await second.connectionIdNow();
    expect((await putSession(w.emulator, HOST, "kept", { members: { me: { properties: { system: { active: true, connection: id } } } } }, "Timed")).status).toBe(200);
    await settle(10);
    w.serverClock.advance(60_000);
    await settle(10);
    const now = await getSession(w.emulator, HOST, "kept", "Timed");
    expect(now.status).toBe(200);
    expect(Object.values(now.body.members as Record<string, any>)[0].properties.system.active).toBe(true);
  });

  it("taps the other members when one is made inactive and removed", async () => {
    const w = await start(template({ inactiveRemovalTimeout: 10_000, sessionEmptyTimeout: 0 }));
    const host = w.client(HOST, { liveness: false });
    const peer = w.client(PEER, { liveness: false });
    await putSession(w.emulator, HOST, "taps", memberBody(HOST, await host.connectionIdNow()), "Timed");
    await putSession(w.emulator, PEER, "taps", memberBody(PEER, await peer.connectionIdNow()), "Timed");
    const taps: number[] = [];
    host.on("shoulderTap", (t) => taps.push(t.changeNumber));
    await peer.close();
    await until(() => w.emulator.rta.liveConnections === 1, "the peer's close");
    await settle(10);
    w.serverClock.advance(30_000); // inactive
    await until(() => taps.length === 1, "the tap for the inactive peer");
    w.serverClock.advance(10_000); // removed after inactiveRemovalTimeout
    await until(() => taps.length === 2, "the tap for the removal");
    const session = await getSession(w.emulator, HOST, "taps", "Timed");
    expect(session.body.membersInfo.count).toBe(1);
    expect(taps).toEqual([3, 4]);
  });
});

describe("the member's connection", () => {
  it("may only be one of the caller's own live ConnectionIds", async () => {
    const w = await start();
    const host = w.client(HOST);
    const peer = w.client(PEER);
    const [hostId, peerId] = await Promise.all([host.connectionIdNow(), peer.connectionIdNow()]);
    const foreign = await putSession(w.emulator, HOST, "own", memberBody(HOST, peerId));
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatch(/live RTA connections/);
    expect((await putSession(w.emulator, HOST, "own", memberBody(HOST, "0f0e0d0c-0b0a-4909-8807-060504030201"))).status).toBe(400);
    expect((await putSession(w.emulator, HOST, "own", memberBody(HOST, hostId))).status).toBe(201);
  });

  it("decays an active member without one on a connection-required template (default)", async () => {
    const w = await start(template({ inactiveRemovalTimeout: 0, sessionEmptyTimeout: 0 }));
    expect((await putSession(w.emulator, HOST, "decay", memberBody(HOST, undefined), "Timed")).status).toBe(201);
    await settle(10);
    w.serverClock.advance(29_000);
    expect((await getSession(w.emulator, HOST, "decay", "Timed")).status).toBe(200);
    w.serverClock.advance(1_000);
    await settle(10);
    expect((await getSession(w.emulator, HOST, "decay", "Timed")).status).toBe(204); // MPSD answers a GET of a missing session with 204
  });

  it("refuses an active member without one when configured to", async () => {
    const w = await start({ ...template({}), rta: { activeWithoutConnection: "refuse" } });
    const refused = await putSession(w.emulator, HOST, "refuse", memberBody(HOST, undefined), "Timed");
    expect(refused.status).toBe(400);
    expect(refused.body).toMatch(/live RTA connection/);
    const client = w.client(HOST);
    expect((await putSession(w.emulator, HOST, "refuse", memberBody(HOST, await client.connectionIdNow()), "Timed")).status).toBe(201);
  });
});

describe("template timeouts", () => {
  it("honours readyRemovalTimeout, reservedRemovalTimeout, inactiveRemovalTimeout and sessionEmptyTimeout", async () => {
    const w = await start(
      template({ readyRemovalTimeout: 10_000, reservedRemovalTimeout: 20_000, inactiveRemovalTimeout: 50_000, sessionEmptyTimeout: 5_000 }),
    );
    const host = w.client(HOST, { liveness: false });
    const id = await host.connectionIdNow();
    await putSession(w.emulator, HOST, "timed", { ...memberBody(HOST, id), members: { ...(memberBody(HOST, id).members as object), reserve_1: { constants: { system: { xuid: "2535405290000009" } } } } }, "Timed");
    await putSession(w.emulator, PEER, "timed", { members: { me: { constants: { system: { xuid: PEER, initialize: true } }, properties: { system: { ready: true } } } } }, "Timed");
    const count = async () => (await getSession(w.emulator, HOST, "timed", "Timed")).body.membersInfo?.count;
    await settle(10);
    expect(await count()).toBe(3);
    w.serverClock.advance(10_000); // the ready peer is removed
    await settle(10);
    expect(await count()).toBe(2);
    w.serverClock.advance(10_000); // the reservation expires
    await settle(10);
    expect(await count()).toBe(1);
    await host.close(); // inactive 30 s after this, removed 50 s after that, session deleted 5 s later
    await until(() => w.emulator.rta.liveConnections === 0, "the close");
    await settle(10);
    w.serverClock.advance(30_000 + 49_000);
    await settle(10);
    expect(await count()).toBe(1);
    w.serverClock.advance(1_000);
    await settle(10);
    const empty = await getSession(w.emulator, HOST, "timed", "Timed");
    expect(empty.status).toBe(200);
    expect(empty.body.membersInfo.count).toBe(0);
    w.serverClock.advance(5_000);
    await settle(10);
    expect((await getSession(w.emulator, HOST, "timed", "Timed")).status).toBe(204); // MPSD answers a GET of a missing session with 204
  });
});
