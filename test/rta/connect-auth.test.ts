// Opening RTA against the emulator over real websockets: header auth and the nonce flow, one forced
// refresh on 401, tokens absent from errors, clients written to the real protocol, and per-instance
// sequence numbers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createRtaClient, RtaAuthError, rtaProtocol } from "../../src/rta/index.js";
import { HOST, PEER, rtaWorld, type RtaWorld } from "./support.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let world: RtaWorld;
beforeAll(async () => {
  world = await rtaWorld();
});
afterAll(() => world.close());

function wsUrl(query = ""): string {
  return `${world.emulator.url.replace(/^http/, "ws")}/connect${query}`;
}

/** A raw client speaking the wire protocol directly, as the SDK and third-party clients do. */
async function rawSubscribe(socket: WebSocket, sequence: number): Promise<unknown[]> {
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const reply = new Promise<unknown[]>((resolve) => socket.once("message", (data) => resolve(JSON.parse(String(data)))));
  socket.send(JSON.stringify([1, sequence, rtaProtocol.connectionsResource]));
  return reply;
}

describe("connect and ConnectionId", () => {
  it("subscribes to connections/ with the Authorization header and gets a ConnectionId bound to the socket", async () => {
    const client = world.client(HOST);
    const subscription = await client.subscribe();
    expect(subscription.resource).toBe("https://sessiondirectory.xboxlive.com/connections/");
    expect(subscription.id).toEqual(expect.any(Number));
    const id = (subscription.data as { ConnectionId: string }).ConnectionId;
    expect(id).toMatch(GUID);
    expect(client.connectionId).toBe(id);
    // Subscribing again to the same resource is the same subscription, not a second one.
    expect(await client.subscribe()).toBe(subscription);
    await client.close();
  });

  it("uses the nonce flow when headers cannot be set", async () => {
    const seen: string[] = [];
    const client = world.client(HOST, {
      authMode: "nonce",
      fetch: (input, init) => {
        seen.push(new URL(input).pathname);
        return fetch(input, init);
      },
    });
    expect(await client.connectionIdNow()).toMatch(GUID);
    expect(seen).toEqual(["/nonce"]);
    await client.close();
  });

  it("answers GET /nonce like an ordinary contract operation, and a nonce opens one socket only", async () => {
    const res = await fetch(`${world.emulator.url}/nonce`, { headers: { Authorization: `XBL3.0 x=uhs;${HOST}` } });
    expect(res.status).toBe(200);
    const { nonce } = (await res.json()) as { nonce: string };
    const first = new WebSocket(wsUrl(`?nonce=${nonce}`), rtaProtocol.subprotocols[0]);
    const reply = await rawSubscribe(first, 1);
    expect(reply.slice(0, 3)).toEqual([1, 1, 0]);
    first.close();
    const second = new WebSocket(wsUrl(`?nonce=${nonce}`), rtaProtocol.subprotocols[0]);
    const status = await new Promise<number>((resolve) => second.once("unexpected-response", (_req, r) => resolve(r.statusCode ?? 0)));
    expect(status).toBe(401);
    second.on("error", () => undefined);
    second.terminate();
    expect((await fetch(`${world.emulator.url}/nonce`)).status).toBe(401);
  });

  it("accepts a client written to the real protocol with only the host redirected (SDK header auth, and echo-protocol)", async () => {
    for (const protocol of ["rta.xboxlive.com.V2", "echo-protocol"]) {
      const socket = new WebSocket(wsUrl(), protocol, { headers: { Authorization: `XBL3.0 x=abcdef;${PEER}` } });
      const reply = await rawSubscribe(socket, 7);
      expect(socket.protocol).toBe(protocol);
      expect(reply[0]).toBe(1);
      expect(reply[1]).toBe(7);
      expect(reply[2]).toBe(0);
      expect((reply[4] as { ConnectionId: string }).ConnectionId).toMatch(GUID);
      // An unknown resource gets UnknownResource, not a dropped socket.
      const unknown = new Promise<unknown[]>((resolve) => socket.once("message", (d) => resolve(JSON.parse(String(d)))));
      socket.send(JSON.stringify([1, 8, "https://example.invalid/nothing"]));
      expect(await unknown).toEqual([1, 8, 1]);
      socket.close();
    }
  });

  it("gives each client its own sequence numbers and ConnectionId (no cross-resolved replies)", async () => {
    const a = world.client(HOST);
    const b = world.client(PEER);
    const [idA, idB] = await Promise.all([a.connectionIdNow(), b.connectionIdNow()]);
    expect(idA).not.toBe(idB);
    expect(a.connectionId).toBe(idA);
    expect(b.connectionId).toBe(idB);
    await Promise.all([a.close(), b.close()]);
  });
});

describe("401 at the upgrade or the nonce call", () => {
  const SECRET = "not-a-xuid-SECRET-TOKEN-123";
  const SECRET_HASH = "SECRET-USERHASH-456";

  for (const authMode of ["header", "nonce"] as const) {
    it(`refreshes the token once and connects (${authMode})`, async () => {
      const calls: boolean[] = [];
      const client = createRtaClient({
        baseUrl: world.emulator.url,
        authMode,
        clock: world.clientClock,
        auth: ({ forceRefresh }) => {
          calls.push(forceRefresh);
          return forceRefresh ? { userHash: "uhs", xstsToken: HOST } : { userHash: SECRET_HASH, xstsToken: SECRET };
        },
      });
      await client.connect();
      expect(calls).toEqual([false, true]);
      await client.close();
    });

    it(`rejects with RtaAuthError after one refresh, and no error carries the token (${authMode})`, async () => {
      const calls: boolean[] = [];
      const logs: string[] = [];
      const client = createRtaClient({
        baseUrl: world.emulator.url,
        authMode,
        clock: world.clientClock,
        log: (line) => logs.push(line),
        auth: ({ forceRefresh }) => {
          calls.push(forceRefresh);
          return { userHash: SECRET_HASH, xstsToken: SECRET };
        },
      });
      const errors: unknown[] = [];
      client.on("error", (e) => errors.push(e));
      const error = await client.connect().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(RtaAuthError);
      expect((error as RtaAuthError).httpStatus).toBe(401);
      expect((error as RtaAuthError).phase).toBe(authMode === "nonce" ? "nonce" : "upgrade");
      expect(calls).toEqual([false, true]);
      const text = [String(error), (error as Error).stack, JSON.stringify(error), JSON.stringify(errors), ...logs].join("\n");
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SECRET_HASH);
      await client.close();
    });
  }
});
