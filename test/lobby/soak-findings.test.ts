// What the lobby soak (bench/lobby-soak.mjs) found, kept as a test over loopback. When the service replaces
// the shoulder tap of a join with a resync within five minutes of the host connecting, the RTA client
// ignores the resync (as the SDK does), so the host does not learn of the join then: it writes the
// joiner's nonce at its next periodic refresh, which is what bounds the joiner's wait.
import { describe, expect, it } from "vitest";
import type { MinecraftLobbyCustom } from "../../src/client/index.js";
import { hostMinecraftLobby, type LobbySession } from "../../src/lobby/index.js";
import { FRIEND, HOST, joinBody, lobbyWorldPerTest, minecraftCustom, SCID, settle, TITLE_ID, until } from "./support.js";

const start = lobbyWorldPerTest();
const SESSION = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}" as const;

const nonceOf = (session: LobbySession<MinecraftLobbyCustom> | undefined, xuid: string) => session?.properties.custom?.nonces?.[xuid];

describe("lobby soak findings", () => {
  it("a join whose tap became an ignored resync gets its nonce at the next refresh, not before", async () => {
    const w = await start({ faults: { rtaResync: 1 } });
    const rtaLog: string[] = [];
    const lobby = w.track(
      await hostMinecraftLobby({
        client: w.rest(HOST),
        rta: w.rta(HOST, { log: (line) => rtaLog.push(line) }),
        xuid: HOST,
        titleId: TITLE_ID,
        clock: w.clientClock,
        joinability: "friendsOfFriends",
        properties: { custom: minecraftCustom(HOST) },
        refreshIntervalMs: 60_000,
      }),
    );
    const path = { scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName: lobby.ref.name };
    const friendConnection = await w.rta(FRIEND).connectionIdNow();
    const joined = await w.rest(FRIEND).PUT(SESSION, { params: { path }, body: joinBody(FRIEND, friendConnection) });
    expect(joined.error).toBeUndefined();
    await until(() => rtaLog.some((line) => /resync \d+ ms after connecting ignored/.test(line)), "the join's tap arriving as a resync");

    w.clientClock.advance(30_000);
    await settle(50);
    expect(lobby.members).toEqual([]);
    expect(nonceOf(lobby.session, FRIEND)).toBeUndefined();

    w.clientClock.advance(30_000);
    await until(() => typeof nonceOf(lobby.session, FRIEND) === "string", "the nonce written after the refresh read");
    const { data } = await w.rest(FRIEND).GET(SESSION, { params: { path } });
    expect(nonceOf(data as LobbySession<MinecraftLobbyCustom>, FRIEND)).toMatch(/^[0-9a-f]{16}$/);
  });
});
