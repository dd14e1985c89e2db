// The lobby part of `npm start` against a fresh emulator over loopback HTTP and websockets: every step
// runs, the lobby survives the dropped and the half-open socket inside the removal window, and the run
// fails loudly when the lobby cannot repair in time. Time is the demo's own virtual timeline, so
// nothing here depends on how fast the machine is.
import { afterEach, describe, expect, it, vi } from "vitest";
import { rtaProtocol } from "../../generated/rta.js";
import { createXblClient } from "../../src/client/create-client.js";
import { realTimeline, virtualTimeline, type DemoTimeline } from "../../src/demo/demo-timeline.js";
import { LOBBY_DEMO_LIVENESS, runLobbyDemo, type LobbyDemoSettings, type LobbyDemoUser } from "../../src/demo/run-lobby-demo.js";
import { DEMO_NETHERNET_ID } from "../../src/demo/run-demo.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { createRtaClient, type RtaClientOptions } from "../../src/rta/index.js";

const SCID = "4fc10100-5f7a-4470-899b-280835760c07";
const XUIDS = { host: "2535405290000031", friend: "2535405290000032", invitee: "2535405290000033", newcomer: "2535405290000034" };
const WINDOW_MS = rtaProtocol.memberRemovalAfterDisconnectSeconds * 1000;

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function world(timeline: DemoTimeline, follows: "everyone" | Record<string, string[]> = "everyone") {
  const started = await startEmulator({
    ...(timeline.virtual ? { clock: timeline.clock } : {}),
    ...(follows === "everyone" ? { everyoneFollowsEveryone: true } : { follows }),
  });
  emulator = started;
  const user = (name: string, xuid: string, rta: Partial<RtaClientOptions> = {}): LobbyDemoUser => {
    const auth = { userHash: `uhs-${name}`, xstsToken: xuid };
    return {
      name,
      xuid,
      rest: createXblClient({ baseUrl: started.url, auth }),
      rta: createRtaClient({ baseUrl: started.url, auth, clock: timeline.clock, liveness: LOBBY_DEMO_LIVENESS, ...rta }),
    };
  };
  return { emulator: started, user };
}

function settings(timeline: DemoTimeline, user: Awaited<ReturnType<typeof world>>["user"], lines: string[]): Omit<LobbyDemoSettings, "faults"> {
  return {
    host: user("Steve", XUIDS.host),
    friend: user("Alex", XUIDS.friend),
    invitee: user("Sunny", XUIDS.invitee),
    newcomer: user("Kai", XUIDS.newcomer),
    scid: SCID,
    templateName: "MinecraftLobby",
    titleId: "896928775",
    timeline,
    log: (line) => lines.push(line),
  };
}

describe("the lobby demo", () => {
  it("runs every step and the lobby survives a dropped and a half-open socket without a rejoin", async () => {
    const timeline = virtualTimeline();
    const { emulator: running, user } = await world(timeline);
    const lines: string[] = [];
    const result = await runLobbyDemo({ ...settings(timeline, user, lines), faults: running.rta });

    expect(result.steps).toBe(8);
    expect(result.recoveries).toBe(0);
    expect(result.faults.map((f) => f.fault)).toEqual(["drop", "halfOpen"]);
    for (const fault of result.faults) expect(fault.rewrittenAfterMs).toBeLessThan(WINDOW_MS);
    // A dropped socket is seen at once; a half-open one only after an unanswered ping.
    expect(result.faults[0]!.detectedAfterMs).toBeLessThan(1_000);
    expect(result.faults[1]!.detectedAfterMs).toBeGreaterThanOrEqual(LOBBY_DEMO_LIVENESS.pongTimeoutMs);
    expect(result.faults[1]!.detectedAfterMs).toBeLessThanOrEqual(LOBBY_DEMO_LIVENESS.pingIntervalMs + LOBBY_DEMO_LIVENESS.pongTimeoutMs + 1_000);

    const text = lines.join("\n");
    expect(text).toContain(`NetherNetId ${String(DEMO_NETHERNET_ID)}`);
    for (const want of [
      /1\. Steve hosts lobby .* on RTA ConnectionId/,
      /2\. Alex finds Steve's activity \(POST \/handles\/query\) and joins through it/,
      /Steve's lobby saw Alex join \(memberJoined\), wrote a join nonce/,
      /3\. Steve invites Sunny \(lobby\.invite/,
      /Steve's lobby saw Sunny join \(memberJoined\), wrote a join nonce/,
      /4\. The emulator drops Steve's RTA socket/,
      /sees the close \(code 1006\)/,
      /5\. The emulator leaves Steve's RTA socket half-open/,
      /found the socket half-open/,
      /6\. Kai finds the lobby through Steve's activity \(the same session, 3 members\) and joins/,
      /7\. Kai, Sunny, Alex leave; .* removed their nonces; MemberCount 1/,
      /8\. Steve closes the lobby: .*session gone \(GET answers 204\).*no RTA socket left open/,
    ]) {
      expect(text).toMatch(want);
    }
    // Twice: a new ConnectionId inside the window, and the host still active once the window has passed.
    expect(text.match(/new ConnectionId \S+ written into Steve's member .* activity republished/g)).toHaveLength(2);
    expect(text.match(/Steve is still an active member on the new connection; Alex and Sunny still in/g)).toHaveLength(2);
    // Every line carries the timeline's time; no user hash or token (the emulator's tokens are the XUIDs).
    for (const line of lines) expect(line).toMatch(/^ +\+\d+\.\d s {2}/);
    for (const secret of [...Object.values(XUIDS), "uhs-"]) expect(text).not.toContain(secret);
    expect(running.rta.sockets).toBe(0);
  });

  it("fails at the fault when the host cannot reconnect inside the removal window", async () => {
    const timeline = virtualTimeline();
    const { emulator: running, user } = await world(timeline);
    const lines: string[] = [];
    // Reconnect jitter of nearly a minute: the first reconnect after the drop comes too late.
    const host = user("Steve", XUIDS.host, { backoff: { maxJitterSeconds: 60, random: () => 0.99 } });
    await expect(runLobbyDemo({ ...settings(timeline, user, lines), host, faults: running.rta })).rejects.toThrow(
      /^Steve's lobby writes the new ConnectionId within 30\.0 s: not after 30 s$/,
    );
    expect(lines.join("\n")).toContain("4. The emulator drops Steve's RTA socket");
    // Nothing is left running after the failure.
    await vi.waitFor(() => expect(running.rta.sockets).toBe(0));
  });

  it("fails loudly when the friend may not see the lobby", async () => {
    const timeline = virtualTimeline();
    // Nobody follows the host, so the friends-only lobby is invisible to the friend's handle query.
    const { emulator: running, user } = await world(timeline, {});
    await expect(runLobbyDemo({ ...settings(timeline, user, []), faults: running.rta })).rejects.toThrow(
      /^Alex queries Steve's activity: no activity handle points at lobby /,
    );
  });

  it("in real time and without fault injection (as against Xbox Live), skips the faults and still finds the lobby", async () => {
    const timeline = realTimeline();
    const { user } = await world(timeline);
    const lines: string[] = [];
    const { newcomer: _none, ...rest } = settings(timeline, user, lines);
    const result = await runLobbyDemo(rest);
    expect(result.faults).toEqual([]);
    const text = lines.join("\n");
    expect(text).toContain("RTA faults skipped: only the local emulator can drop or half-open a socket on purpose");
    expect(text).toMatch(/4\. Alex still finds the lobby through Steve's activity: the same session, 3 members/);
    expect(text).toMatch(/6\. Steve closes the lobby: .*session gone \(GET answers 204\), RTA closed$/m);
    expect(result.steps).toBe(6);
  });
});
