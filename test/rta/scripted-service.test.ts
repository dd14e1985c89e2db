// The RTA client against a scripted service on loopback (a plain ws server that sends exactly the
// frames a test needs): duplicate and stale shoulder taps, a subscribe that is never answered,
// unsubscribe replies, and frames that do not fit the protocol.
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import type { AddressInfo } from "node:net";
import { createRtaClient, manualClock, RtaStatusError, RtaTimeoutError, rtaProtocol, type RtaClient } from "../../src/rta/index.js";
import { settle, until } from "./support.js";

let server: WebSocketServer | undefined;
let client: RtaClient | undefined;
afterEach(async () => {
  await client?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = client = undefined;
});

/** A service that answers subscribes with `reply(frame)` (undefined: no answer) and hands out its sockets. */
async function scripted(reply: (frame: unknown[]) => unknown[] | undefined): Promise<{ url: string; sockets: WebSocket[] }> {
  const sockets: WebSocket[] = [];
  server = new WebSocketServer({ host: "127.0.0.1", port: 0, handleProtocols: () => rtaProtocol.subprotocols[0] });
  server.on("connection", (socket) => {
    sockets.push(socket);
    socket.on("message", (data) => {
      const answer = reply(JSON.parse(String(data)) as unknown[]);
      if (answer !== undefined) socket.send(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server!.once("listening", () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets };
}

const connectionsReply = (frame: unknown[]) => (frame[0] === 1 ? [1, frame[1], 0, 5, { ConnectionId: "d01a8c1b-2f83-4e03-9278-3048b480928f" }] : [2, frame[1], 0]);

function tap(changeNumber: number, branch = "b65ae271-a117-4359-b963-27ff55d3ab92", name = "s1") {
  return {
    timestamp: "2026-11-21T09:00:00.0000000Z",
    subscription: "c35aa3c2-0169-492b-8ae2-0939c7089f38",
    resourceType: "mpsd/session",
    resource: `03f90100-a67f-4125-84af-a59b4ac02697~gamesession10~${name}`,
    branch,
    changeNumber,
  };
}

describe("shoulder-tap deduplication", () => {
  it("drops taps that repeat or are older than the last one seen for the session (same branch)", async () => {
    const service = await scripted(connectionsReply);
    client = createRtaClient({ baseUrl: service.url, auth: { userHash: "u", xstsToken: "t" }, clock: manualClock() });
    const seen: string[] = [];
    client.on("shoulderTap", (t) => seen.push(`${t.session.name}@${t.changeNumber}`));
    await client.subscribe();
    const socket = service.sockets[0]!;
    socket.send(JSON.stringify([3, 5, { ncid: "508e6b30-e694-42ad-a396-5ff48612463f", shoulderTaps: [tap(2), tap(2), tap(1), tap(3, undefined, "s2")] }]));
    socket.send(JSON.stringify([3, 5, { shoulderTaps: [tap(3), tap(3)] }]));
    // A new branch (the session was recreated) starts again from any changeNumber.
    socket.send(JSON.stringify([3, 5, { shoulderTaps: [tap(1, "0f0e0d0c-0b0a-4909-8807-060504030201")] }]));
    await until(() => seen.length === 4, "four distinct taps");
    await settle(20);
    expect(seen).toEqual(["s1@2", "s2@3", "s1@3", "s1@1"]);
  });
});

describe("requests", () => {
  it("rejects a subscribe the service never answers with RtaTimeoutError after the request timeout", async () => {
    const service = await scripted(() => undefined);
    const clock = manualClock();
    client = createRtaClient({ baseUrl: service.url, auth: { userHash: "u", xstsToken: "t" }, clock, requestTimeoutMs: 10_000 });
    const pending = client.subscribe();
    pending.catch(() => undefined);
    await until(() => service.sockets.length === 1, "the socket");
    await settle(20);
    clock.advance(9_999);
    await settle(10);
    clock.advance(1);
    const error = await pending.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RtaTimeoutError);
    expect((error as RtaTimeoutError).timeoutMs).toBe(10_000);
  });

  it("rejects a refused subscribe with the status, and resolves an unsubscribe with the reply", async () => {
    const service = await scripted((frame) => (frame[0] === 1 && frame[2] !== rtaProtocol.connectionsResource ? [1, frame[1], 3] : connectionsReply(frame)));
    client = createRtaClient({ baseUrl: service.url, auth: { userHash: "u", xstsToken: "t" }, clock: manualClock() });
    const refused = await client.subscribe("https://userpresence.xboxlive.com/users/xuid(1)/richpresence").then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(RtaStatusError);
    expect((refused as RtaStatusError).status).toBe(3);
    expect((refused as RtaStatusError).statusName).toBe("NoResourceData");
    const subscription = await client.subscribe();
    const frames: unknown[][] = [];
    service.sockets[0]!.on("message", (d) => frames.push(JSON.parse(String(d))));
    await client.unsubscribe(subscription);
    expect(frames).toHaveLength(1);
    expect(frames[0]![0]).toBe(2);
    expect(frames[0]![2]).toBe(5);
    expect(subscription.active).toBe(false);
    expect(client.connectionId).toBeUndefined();
  });

  it("ignores frames that do not fit the protocol and reports them as errors", async () => {
    const service = await scripted(connectionsReply);
    client = createRtaClient({ baseUrl: service.url, auth: { userHash: "u", xstsToken: "t" }, clock: manualClock() });
    const errors: string[] = [];
    client.on("error", (e) => errors.push(e.message));
    await client.subscribe();
    for (const bad of ["not json", "{}", "[]", "[9]", "[1,\"x\"]", "[3]", "[3,99,{}]"]) service.sockets[0]!.send(bad);
    await until(() => errors.length === 6, "six reports"); // [3,99,{}] is well-formed, for an unknown subscription
    expect(client.isOpen).toBe(true);
  });
});
