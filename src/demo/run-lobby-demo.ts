// The lobby half of `npm start`: a Minecraft lobby kept alive on Real-Time Activity by hostMinecraftLobby.
// Steve hosts it; Alex finds it through Steve's activity and joins; Sunny is invited and joins through
// the invite; the lobby writes each one's join nonce. Then the emulator drops Steve's RTA socket and
// later leaves it half-open: each time the lobby writes its new ConnectionId inside the removal window
// and republishes the activity, and once the window has passed Steve is still an active member. Kai then
// finds the lobby through the activity and joins, everyone leaves, and the lobby closes cleanly. Each
// step is printed with the timeline's time. Without fault injection (Xbox Live) the two faults are skipped.
import { randomUUID } from "node:crypto";
import { rtaProtocol } from "../../generated/rta.js";
import type { XblClient } from "../client/client-types.js";
import { asMinecraftLobby, netherNetIdOf, type MinecraftLobbyCustom } from "../client/minecraft-lobby.js";
import type { Lobby, LobbyRef } from "../lobby/index.js";
import { hostMinecraftLobby } from "../lobby/index.js";
import type { RtaClient } from "../rta/client.js";
import { check, expectOk } from "./demo-steps.js";
import { formatElapsed, formatSeconds as seconds, type DemoTimeline } from "./demo-timeline.js";
import { DEMO_NETHERNET_ID } from "./run-demo.js";

export interface LobbyDemoUser {
  readonly name: string;
  readonly xuid: string;
  readonly rest: XblClient;
  /** Signed in as the same user; the demo closes it. */
  readonly rta: RtaClient;
}

export type LobbyDemoFault = "drop" | "halfOpen";

/** The emulator's RTA fault injection and socket count (`RunningEmulator["rta"]`). */
export interface LobbyDemoFaults {
  inject(fault: LobbyDemoFault, xuid: string): number;
  readonly sockets: number;
}

export interface LobbyDemoSettings {
  readonly host: LobbyDemoUser;
  /** Joins through the host's activity. */
  readonly friend: LobbyDemoUser;
  /** Joins through an invite. */
  readonly invitee: LobbyDemoUser;
  /** Joins through the activity after the faults; without one, the friend only finds the lobby again. */
  readonly newcomer?: LobbyDemoUser;
  readonly scid: string;
  readonly templateName: string;
  readonly titleId: string;
  readonly timeline: DemoTimeline;
  /** The emulator's fault injection; without it (Xbox Live) the fault steps are skipped. */
  readonly faults?: LobbyDemoFaults;
  readonly log: (line: string) => void;
}

export interface FaultOutcome {
  readonly fault: LobbyDemoFault;
  /** From the fault to the moment the host's RTA client saw its socket go. */
  readonly detectedAfterMs: number;
  /** From the socket's end to the new ConnectionId written into the host's member. */
  readonly rewrittenAfterMs: number;
}

export interface LobbyDemoResult {
  readonly steps: number;
  readonly sessionName: string;
  readonly faults: readonly FaultOutcome[];
  /** Times the lobby had to rejoin or recreate (0 when every repair beat the removal window). */
  readonly recoveries: number;
}

/**
 * Liveness of the demo's RTA clients: ping a quiet socket every 10 s and replace it 5 s after an
 * unanswered ping, so a host learns of a half-open socket (and of the shoulder taps it is missing)
 * within 15 s rather than the client's default 45 s.
 */
export const LOBBY_DEMO_LIVENESS = { pingIntervalMs: 10_000, pongTimeoutMs: 5_000 } as const;

const SESSION = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}";
const MEMBER_ME = `${SESSION}/members/me` as const;
const REMOVAL_WINDOW_MS = rtaProtocol.memberRemovalAfterDisconnectSeconds * 1000;
/** How long past the removal window the demo looks again, to show nothing was removed. */
const WINDOW_MARGIN_MS = 5_000;

/** The first 8 characters of an id: enough to tell ids apart in the output. */
function short(id: string | undefined): string {
  return id === undefined ? "-" : `${id.slice(0, 8)}…`;
}

/** What a joining game writes: its member, active on its own RTA connection, subscribed to changes. */
function joinBody(xuid: string, connectionId: string) {
  return {
    members: {
      me: {
        constants: { system: { xuid, initialize: true } },
        properties: { system: { active: true, connection: connectionId, subscription: { id: randomUUID(), changeTypes: ["everything" as const] } } },
      },
    },
  };
}

function lobbyCustom(host: LobbyDemoUser): MinecraftLobbyCustom {
  return {
    hostName: `${host.name}'s world`,
    worldName: "Bedrock Level",
    version: "1.26.51",
    MemberCount: 1,
    MaxMemberCount: 8,
    ownerId: host.xuid,
    nonces: {},
    SupportedConnections: [{ ConnectionType: 7, HostIpAddress: "", HostPort: 0, NetherNetId: DEMO_NETHERNET_ID }],
  };
}

interface Stamped<T> {
  readonly at: number;
  readonly value: T;
}

export async function runLobbyDemo(settings: LobbyDemoSettings): Promise<LobbyDemoResult> {
  const { host, friend, invitee, newcomer, timeline, faults, log } = settings;
  const guests = [friend, invitee, ...(newcomer === undefined ? [] : [newcomer])];
  let steps = 0;
  const step = (line: string) => log(`${formatElapsed(timeline.elapsed())}  ${String(++steps).padStart(2)}. ${line}`);
  const detail = (line: string) => log(`${formatElapsed(timeline.elapsed())}      ${line}`);
  const stamp = <T>(value: T): Stamped<T> => ({ at: timeline.elapsed(), value });

  let lobby: Lobby<MinecraftLobbyCustom> | undefined;
  try {
    // 1. The host's lobby: RTA first (its ConnectionId goes into the member), then the session and the activity.
    lobby = await timeline.until(
      `${host.name} hosts the lobby`,
      hostMinecraftLobby({
        client: host.rest,
        rta: host.rta,
        xuid: host.xuid,
        scid: settings.scid,
        templateName: settings.templateName,
        titleId: settings.titleId,
        joinability: "friends",
        properties: { custom: lobbyCustom(host) },
      }),
    );
    const hosted = lobby;
    const ref: LobbyRef = hosted.ref;
    const params = { path: { scid: ref.scid, sessionTemplateName: ref.templateName, sessionName: ref.name } };
    const joins = new Map<string, number>();
    const leaves = new Map<string, number>();
    const written: Stamped<string>[] = [];
    const published: Stamped<string>[] = [];
    const disconnects: Stamped<{ code: number; reason: string }>[] = [];
    let recoveries = 0;
    hosted.on("memberJoined", (m) => joins.set(m.xuid, timeline.elapsed()));
    hosted.on("memberLeft", (m) => leaves.set(m.xuid, timeline.elapsed()));
    hosted.on("connectionWritten", (e) => written.push(stamp(e.connectionId)));
    hosted.on("activityPublished", (e) => published.push(stamp(e.handleId)));
    hosted.on("recovered", (e) => {
      recoveries++;
      detail(`the lobby had to recover: ${e.kind} ${e.session.name}`);
    });
    hosted.on("error", (e) => detail(`a lobby sync failed (${e.error.name}); it is retried in ${seconds(e.retryInMs)}`));
    host.rta.on("disconnected", (e) => disconnects.push(stamp({ code: e.code, reason: e.reason })));

    const hostedId = netherNetIdOf(hosted.session?.properties.custom);
    check("host the lobby", hostedId === DEMO_NETHERNET_ID, `the session holds NetherNetId ${String(hostedId)}`);
    step(
      `${host.name} hosts lobby ${short(ref.name)} (${ref.templateName}) on RTA ConnectionId ${short(host.rta.connectionId)}: ` +
        `NetherNetId ${String(hostedId)}, activity handle ${short(hosted.activityHandleId)}`,
    );

    const guestName = (xuid: string) => guests.find((g) => g.xuid === xuid)?.name ?? "someone";
    const nonceOf = (xuid: string) => hosted.session?.properties.custom?.nonces?.[xuid];

    /** Finds the host's activity for this lobby as `user`. */
    const findActivity = async (user: LobbyDemoUser) => {
      const what = `${user.name} queries ${host.name}'s activity`;
      const answer = await timeline.until(
        what,
        user.rest.POST("/handles/query", {
          params: { query: { include: ["relatedInfo"] } },
          body: { type: "activity", scid: ref.scid, owners: { xuids: [host.xuid] } },
        }),
      );
      const handle = (expectOk(what, answer, [200])?.results ?? []).find((h) => h.type === "activity" && h.sessionRef.name === ref.name);
      check(what, handle !== undefined, `no activity handle points at lobby ${ref.name}`);
      return handle as NonNullable<typeof handle> & { type: "activity" };
    };

    /** `user` joins through a handle on its own RTA connection. */
    const joinThrough = async (user: LobbyDemoUser, handleId: string) => {
      const connectionId = await timeline.until(`${user.name} opens RTA`, user.rta.connectionIdNow());
      const what = `${user.name} joins through handle ${handleId}`;
      const answer = await timeline.until(what, user.rest.PUT("/handles/{handleId}/session", { params: { path: { handleId } }, body: joinBody(user.xuid, connectionId) }));
      expectOk(what, answer, [200, 201]);
      const location = answer.response.headers.get("content-location") ?? "";
      check(what, location.endsWith(`/sessions/${ref.name}`), `Content-Location was "${location}"`);
      return connectionId;
    };

    /** The host sees `user` join and writes a nonce for them; `user` reads the same one back. */
    const nonceWritten = async (user: LobbyDemoUser) => {
      await timeline.when(`${host.name}'s lobby writes ${user.name}'s nonce`, () => joins.has(user.xuid) && typeof nonceOf(user.xuid) === "string");
      const what = `${user.name} reads the lobby`;
      const read = asMinecraftLobby(expectOk(what, await timeline.until(what, user.rest.GET(SESSION, { params })), [200]));
      const seen = read?.properties.custom?.nonces?.[user.xuid];
      check(what, seen !== undefined && seen === nonceOf(user.xuid), `${user.name}'s nonce is not the one the host wrote`);
      const count = read?.properties.custom?.MemberCount;
      detail(`${host.name}'s lobby saw ${user.name} join (memberJoined), wrote a join nonce for them (If-Match) and MemberCount ${count}; ${user.name} reads the nonce back`);
    };

    // 2. A friend joins through the host's activity, on their own RTA connection.
    const activity = await findActivity(friend);
    const friendConnection = await joinThrough(friend, activity.id);
    step(`${friend.name} finds ${host.name}'s activity (POST /handles/query) and joins through it (PUT /handles/{id}/session) on ConnectionId ${short(friendConnection)}`);
    await nonceWritten(friend);

    // 3. An invite, sent once; the invitee joins through the invite handle.
    const [outcome] = await timeline.until(`${host.name} invites ${invitee.name}`, hosted.invite(invitee.xuid));
    check("invite", outcome?.status === "sent", `the invite was ${outcome?.status ?? "not sent"}`);
    const inviteId = outcome?.status === "sent" ? outcome.handleId : "";
    const inviteeConnection = await joinThrough(invitee, inviteId);
    step(`${host.name} invites ${invitee.name} (lobby.invite: invite handle ${short(inviteId)}); ${invitee.name} joins through it on ConnectionId ${short(inviteeConnection)}`);
    await nonceWritten(invitee);

    // 4-5. The emulator's RTA faults on the host's socket; the lobby must repair before the window closes.
    const results: FaultOutcome[] = [];
    const survive = async (fault: LobbyDemoFault, injector: LobbyDemoFaults): Promise<FaultOutcome> => {
      const before = host.rta.connectionId;
      const counts = { written: written.length, published: published.length, disconnects: disconnects.length };
      const start = timeline.elapsed();
      check(fault, injector.inject(fault, host.xuid) >= 1, `${host.name} has no RTA socket to fault`);
      step(
        fault === "drop"
          ? `The emulator drops ${host.name}'s RTA socket (no close frame)`
          : `The emulator leaves ${host.name}'s RTA socket half-open: still open, but no frames and no pongs`,
      );
      await timeline.when(`${host.name}'s RTA client notices`, () => disconnects.length > counts.disconnects, 120_000);
      const gone = disconnects[counts.disconnects] as Stamped<{ code: number; reason: string }>;
      detail(
        fault === "drop"
          ? `${host.name}'s RTA client sees the close (code ${gone.value.code}) and reconnects with backoff`
          : `${host.name}'s RTA client pinged, had no answer, found the socket ${gone.value.reason} ${seconds(gone.at - start)} after the fault and replaced it`,
      );
      // The service starts its removal window when the socket ends; the repair must land inside it.
      await timeline.when(
        `${host.name}'s lobby writes the new ConnectionId within ${seconds(REMOVAL_WINDOW_MS)}`,
        () => written.length > counts.written && published.length > counts.published,
        REMOVAL_WINDOW_MS,
      );
      const rewrite = written[counts.written] as Stamped<string>;
      check(fault, rewrite.value !== before && rewrite.value === host.rta.connectionId, "the ConnectionId written is not the new one");
      const handle = (published[counts.published] as Stamped<string>).value;
      detail(
        `new ConnectionId ${short(rewrite.value)} written into ${host.name}'s member ${seconds(rewrite.at - gone.at)} after the socket ended ` +
          `(the service allows ${seconds(REMOVAL_WINDOW_MS)}); activity republished (${handle === activity.id ? "the same handle" : `handle ${short(handle)}`})`,
      );
      await timeline.pass(Math.max(0, gone.at + REMOVAL_WINDOW_MS + WINDOW_MARGIN_MS - timeline.elapsed()));
      const what = `${friend.name} reads the lobby after the window`;
      const view = expectOk(what, await timeline.until(what, friend.rest.GET(SESSION, { params })), [200]);
      const members = Object.values(view?.members ?? {});
      const me = members.find((m) => m.constants?.system?.xuid === host.xuid);
      check(what, me?.properties?.system?.active === true, `${host.name} is no longer an active member`);
      check(what, me?.properties?.system?.connection === host.rta.connectionId, `${host.name}'s member is not on the current ConnectionId`);
      const present = members.map((m) => m.constants?.system?.xuid).filter((x): x is string => x !== undefined && x !== host.xuid);
      check(what, [friend.xuid, invitee.xuid].every((x) => present.includes(x)), "a member was removed");
      check(what, recoveries === 0, "the lobby had to rejoin or recreate");
      detail(
        `${seconds(timeline.elapsed() - gone.at)} after the socket ended, ${host.name} is still an active member on the new connection; ` +
          `${present.map(guestName).join(" and ")} still in; no rejoin was needed`,
      );
      return { fault, detectedAfterMs: gone.at - start, rewrittenAfterMs: rewrite.at - gone.at };
    };
    if (faults !== undefined) {
      results.push(await survive("drop", faults));
      results.push(await survive("halfOpen", faults));
    } else {
      detail("RTA faults skipped: only the local emulator can drop or half-open a socket on purpose");
    }

    // 6. Still there and joinable: the activity still leads to the same session, with its members.
    const seeker = newcomer ?? friend;
    const again = await findActivity(seeker);
    const count = again.relatedInfo?.membersCount;
    if (newcomer === undefined) {
      step(`${seeker.name} still finds the lobby through ${host.name}'s activity: the same session, ${count} members`);
    } else {
      const connection = await joinThrough(newcomer, again.id);
      step(`${newcomer.name} finds the lobby through ${host.name}'s activity (the same session, ${count} members) and joins on ConnectionId ${short(connection)}`);
      await nonceWritten(newcomer);
    }

    // 7. Everyone leaves; the host sees each leave and drops their nonces; then the lobby closes.
    const leaving = [...guests].reverse();
    for (const guest of leaving) {
      const what = `${guest.name} leaves`;
      expectOk(what, await timeline.until(what, guest.rest.DELETE(MEMBER_ME, { params })), [200, 204]);
    }
    await timeline.when(`${host.name}'s lobby sees everyone leave`, () => guests.every((g) => leaves.has(g.xuid) && typeof nonceOf(g.xuid) !== "string"));
    step(`${leaving.map((g) => g.name).join(", ")} leave; ${host.name}'s lobby saw each leave (memberLeft) and removed their nonces; MemberCount ${hosted.session?.properties.custom?.MemberCount}`);

    await timeline.until(`${host.name} closes the lobby`, hosted.close());
    const what = "the session after close";
    const gone = await timeline.until(what, host.rest.GET(SESSION, { params }));
    expectOk(what, gone, [204]);
    await Promise.all(guests.map((g) => timeline.until(`${g.name} closes RTA`, g.rta.close())));
    let sockets = "";
    if (faults !== undefined) {
      await timeline.when("every RTA socket closes", () => faults.sockets === 0);
      sockets = "; no RTA socket left open";
    }
    step(`${host.name} closes the lobby: activity deleted, member removed, session gone (GET answers 204), RTA closed${sockets}`);

    return { steps, sessionName: ref.name, faults: results, recoveries };
  } finally {
    // After a failed step: leave nothing running (the lobby closes the host's RTA client). Done ones are no-ops.
    const quietly = (what: string, closing: Promise<void>) => timeline.until(what, closing).catch(() => undefined);
    if (lobby !== undefined) await quietly("the lobby closes", lobby.close());
    await Promise.all([host, ...guests].map((u) => quietly(`${u.name}'s RTA client closes`, u.rta.close())));
  }
}
