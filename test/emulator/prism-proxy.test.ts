// The client's whole lobby life cycle (create, invite, query, join, refresh, leave, allocate a host)
// with the real xbl-multiplayer client, through Prism's
// validating proxy (`prism proxy generated/openapi.json <emulator> --errors`) in front of the
// emulator. Prism checks every request and response against the contract: no response may carry
// `sl-violations`, and Prism itself must never answer 422 (bad request) or 500 (bad response).
// Note: Prism re-serializes JSON with JSON.parse, so integers above 2^53 are rounded *by Prism*;
// exact uint64 round trips are asserted directly against the emulator in sessions.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { createXblClient } from "../../src/index.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { HOST, joinBody, lobbyCreateBody, PEER, SCID, STRANGER } from "../support/emulator-api.js";

const PRISM_BIN = "node_modules/@stoplight/prism-cli/dist/index.js";
let emu: RunningEmulator;
let prism: ChildProcess;
let prismUrl: string;
let prismLog = "";
const seen: Array<{ method: string; url: string; status: number; violations: string | null }> = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  emu = await startEmulator({ rateLimits: false, rta: { requireLiveConnections: false }, follows: { [HOST]: [PEER], [PEER]: [HOST] } });
  const port = await freePort();
  prismUrl = `http://127.0.0.1:${port}`;
  prism = spawn(process.execPath, [PRISM_BIN, "proxy", "generated/openapi.json", emu.url, "--errors", "-h", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  prism.stdout!.on("data", (c: Buffer) => (prismLog += c.toString()));
  prism.stderr!.on("data", (c: Buffer) => (prismLog += c.toString()));
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      await fetch(`${prismUrl}/`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`prism did not start:\n${prismLog}`);
}, 60_000);

afterAll(async () => {
  if (prism && prism.exitCode === null) {
    const exited = new Promise((r) => prism.once("exit", r));
    prism.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (prism.exitCode === null) prism.kill("SIGKILL");
  }
  await emu?.close();
});

function clientFor(xuid: string) {
  return createXblClient({
    baseUrl: prismUrl,
    auth: { userHash: `uhs${xuid}`, xstsToken: xuid },
    retry: false,
    fetch: async (request, init) => {
      const response = await fetch(request, init);
      seen.push({ method: request.method, url: request.url, status: response.status, violations: response.headers.get("sl-violations") });
      return response;
    },
  });
}

const SESSION = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}" as const;
const pathOf = (name: string, template = "MinecraftLobby") => ({ scid: SCID, sessionTemplateName: template, sessionName: name });
const refOf = (name: string, templateName = "MinecraftLobby") => ({ scid: SCID, templateName, name });

describe("client flows through Prism's validating proxy", () => {
  it("the whole lobby life cycle produces no contract violations", async () => {
    const host = clientFor(HOST);
    const peer = clientFor(PEER);
    const stranger = clientFor(STRANGER);
    const name = randomUUID();
    const any = (x: unknown) => x as never; // bodies are built by helpers; the contract types them

    // The host creates the lobby (create-only), reads it, republishes properties, patches custom properties.
    const created = await host.PUT(SESSION, { params: { path: pathOf(name), header: any({ "If-None-Match": "*" }) }, body: any(lobbyCreateBody(HOST)) });
    expect(created.response.status).toBe(201);
    const etag = created.response.headers.get("etag")!;
    const read = await host.GET(SESSION, { params: { path: pathOf(name) } });
    expect(read.response.status).toBe(200);
    const same = await host.PUT(SESSION, { params: { path: pathOf(name) }, body: any({ properties: (read.data as { properties: unknown }).properties }) });
    expect(same.response.status).toBe(200);
    const patched = await host.PUT(SESSION, { params: { path: pathOf(name) }, body: any({ properties: { custom: { MemberCount: 3, MaxMemberCount: 20 } } }) });
    expect(patched.response.status).toBe(200);
    const stale = await host.PUT(SESSION, { params: { path: pathOf(name), header: any({ "If-Match": etag }) }, body: any({ properties: { custom: { MemberCount: 4 } } }) });
    expect(stale.response.status).toBe(412);
    const unchanged = await host.GET(SESSION, { params: { path: pathOf(name), header: any({ "If-None-Match": patched.response.headers.get("etag") }) } });
    expect(unchanged.response.status).toBe(304);
    const activity = await host.POST("/handles", { body: any({ version: 1, type: "activity", sessionRef: refOf(name) }) });
    expect(activity.response.status).toBe(201);

    // The host invites a friend.
    const invite = await host.POST("/handles", {
      body: any({ version: 1, type: "invite", sessionRef: refOf(name), invitedXuid: STRANGER, inviteAttributes: { titleId: "896928775" } }),
    });
    expect(invite.response.status).toBe(201);
    const inviteId = (invite.data as { id: string }).id;

    // A friend finds the lobby by query and joins; the host refreshes its connection.
    const found = await peer.POST("/handles/query", {
      params: { query: { include: ["relatedInfo", "customProperties"] } },
      body: any({ type: "activity", scid: SCID, owners: { people: { moniker: "people", monikerXuid: PEER } } }),
    });
    expect(found.response.status).toBe(200);
    expect((found.data as { results: unknown[] }).results).toHaveLength(1);
    const joined = await peer.PUT(SESSION, { params: { path: pathOf(name) }, body: any(joinBody(PEER)) });
    expect(joined.response.status).toBe(200);
    const refreshed = await peer.PUT(SESSION, {
      params: { path: pathOf(name) },
      body: any({ members: { me: { properties: { system: { active: true, connection: "5f8e4a6c-1b2d-4e3f-8a9b-0c1d2e3f4a5b" } } } } }),
    });
    expect(refreshed.response.status).toBe(200);
    expect((await peer.PUT(`${SESSION}/properties`, { params: { path: pathOf(name) }, body: any({ custom: { nonces: { [PEER]: "00112233aabbccdd" } } }) })).response.status).toBe(200);

    // The invitee joins through the invite handle (Content-Location names the session).
    const viaHandle = await stranger.PUT("/handles/{handleId}/session", {
      params: { path: { handleId: inviteId }, header: any({ "If-Match": "*" }) },
      body: any(joinBody(STRANGER)),
    });
    expect(viaHandle.response.status).toBe(200);
    expect(viaHandle.response.headers.get("content-location")).toContain(name);
    expect((await stranger.GET("/handles/{handleId}/session", { params: { path: { handleId: inviteId } } })).response.status).toBe(200);

    // Error answers travel through the proxy too (text/plain 403 and 400 from the emulator).
    expect((await stranger.PUT(SESSION, { params: { path: pathOf(name) }, body: any({ members: { "0": null } }) })).response.status).toBe(403);

    // Everyone leaves; the last one out gets 204.
    expect((await stranger.DELETE(`${SESSION}/members/me`, { params: { path: pathOf(name) } })).response.status).toBe(200);
    expect((await peer.PUT(SESSION, { params: { path: pathOf(name) }, body: any({ members: { me: null } }) })).response.status).toBe(200);
    expect((await host.DELETE("/handles/{handleId}", { params: { path: { handleId: (activity.data as { id: string }).id } } })).response.status).toBe(204);
    expect((await host.DELETE(`${SESSION}/members/me`, { params: { path: pathOf(name) } })).response.status).toBe(204);
    expect((await host.GET(SESSION, { params: { path: pathOf(name) } })).response.status).toBe(204);

    // A session host is allocated and its status read.
    const sessionId = randomUUID();
    const allocation = await host.POST("/titles/{titleId}/sessionhosts", {
      params: { path: { titleId: "896928775" } },
      body: { sessionId, cloudGameId: randomUUID(), locations: ["West US"] },
    });
    expect(allocation.response.status).toBe(200);
    const status = await host.GET("/titles/{titleId}/sessions/{sessionId}/allocationStatus", { params: { path: { titleId: "896928775", sessionId } } });
    expect(status.response.status).toBe(200);

    expect(seen.length).toBe(22); // every call above went through the proxy
    const bad = seen.filter((s) => s.violations !== null || s.status === 422 || s.status === 500);
    expect(bad, `${JSON.stringify(bad, null, 2)}\n${prismLog.slice(-3000)}`).toEqual([]);
  }, 60_000);

  it("the proxy really validates: an invalid request is refused by Prism with 422 listing the violation", async () => {
    const response = await fetch(`${prismUrl}/serviceconfigs/${SCID}/sessiontemplates/MinecraftLobby/sessions/${randomUUID()}`, {
      method: "PUT",
      headers: { Authorization: `XBL3.0 x=h;${HOST}`, "x-xbl-contract-version": "107", "Content-Type": "application/json" },
      body: JSON.stringify({ bogus: true }),
    });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toMatch(/problem\+json/);
    expect(await response.text()).toContain("bogus");
  });
});
