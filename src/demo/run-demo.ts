// The end-to-end demo behind `npm start`: three users walk through a Minecraft-style lobby with the
// typed client (create with a uint64, join, activity, invite, handle queries, a conditional update,
// a session-host allocation, everyone leaves). It only needs clients, so it runs against the local
// emulator or, given real tokens, against Xbox Live.
import { randomUUID } from "node:crypto";
import type { XblClient } from "../client/client-types.js";
import { updateSession, type SessionRef } from "../client/update-session.js";
import { check, expectOk } from "./demo-steps.js";

export interface DemoUser {
  readonly name: string;
  readonly xuid: string;
  readonly client: XblClient;
}

export interface DemoSettings {
  readonly host: DemoUser;
  readonly friend: DemoUser;
  readonly invitee: DemoUser;
  readonly scid: string;
  readonly templateName: string;
  readonly titleId: string;
  /** Session-host allocation: the cloud game and preferred regions. */
  readonly cloudGameId: string;
  readonly locations: readonly string[];
  readonly log: (line: string) => void;
}

export interface DemoResult {
  readonly steps: number;
  readonly sessionName: string;
}

const SESSION = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}";
/** A real NetherNet id: above 2^53, so plain JSON.parse would corrupt it. */
export const DEMO_NETHERNET_ID = 12996504943305946298n;

function netherNetIdOf(custom: Record<string, unknown> | undefined): unknown {
  const connections = custom?.["SupportedConnections"];
  if (!Array.isArray(connections)) return undefined;
  const entry = connections.find((c): c is { NetherNetId: unknown } => typeof c === "object" && c !== null && "NetherNetId" in c);
  return entry?.NetherNetId;
}

export async function runDemo(settings: DemoSettings): Promise<DemoResult> {
  const { host, friend, invitee, scid, templateName, log } = settings;
  const ref: SessionRef = { scid, sessionTemplateName: templateName, sessionName: randomUUID() };
  const params = { path: ref };
  const sessionRef = { scid, templateName, name: ref.sessionName };
  let steps = 0;
  const done = (line: string) => log(`  ${String(++steps).padStart(2)}. ${line}`);

  log(`Session ${templateName}/${ref.sessionName}`);

  // 1. The host creates the lobby (create-only), advertising a uint64 NetherNet id.
  const created = await host.client.PUT(SESSION, {
    params: { ...params, header: { "If-None-Match": "*" } },
    body: {
      properties: {
        system: { joinRestriction: "followed", readRestriction: "followed", closed: false },
        custom: {
          hostName: `${host.name}'s world`,
          MemberCount: 1,
          MaxMemberCount: 8,
          Joinability: "joinable_by_friends",
          TransportLayer: 2,
          SupportedConnections: [{ ConnectionType: 7, HostIpAddress: "", HostPort: 0, NetherNetId: DEMO_NETHERNET_ID }],
        },
      },
      members: { me: { constants: { system: { xuid: host.xuid, initialize: true } }, properties: { system: { active: true } } } },
    },
  });
  expectOk("create lobby", created, [201]);
  done(`${host.name} created the lobby (201, ETag ${created.response.headers.get("etag")}); NetherNetId ${String(DEMO_NETHERNET_ID)}`);

  // 2. A friend joins and reads the lobby: the uint64 survives the round trip exactly.
  const joined = await friend.client.PUT(SESSION, {
    params,
    body: { members: { me: { constants: { system: { xuid: friend.xuid, initialize: true } }, properties: { system: { active: true } } } } },
  });
  const afterJoin = expectOk("friend joins", joined, [200]);
  check("friend joins", afterJoin?.membersInfo.count === 2, `expected 2 members, saw ${afterJoin?.membersInfo.count}`);
  const read = expectOk("friend reads", await friend.client.GET(SESSION, { params }), [200]);
  const seen = netherNetIdOf(read?.properties.custom);
  check("friend reads", seen === DEMO_NETHERNET_ID, `NetherNetId came back as ${String(seen)} (${typeof seen})`);
  done(`${friend.name} joined (members: 2) and read NetherNetId ${String(seen)} as a ${typeof seen}, exactly`);

  // 3. The host sets its activity and invites a third user.
  const activity = await host.client.POST("/handles", { body: { type: "activity", version: 1, sessionRef } });
  expectOk("set activity", activity, [200, 201]);
  const invite = await host.client.POST("/handles", {
    body: { type: "invite", version: 1, sessionRef, invitedXuid: invitee.xuid, inviteAttributes: { titleId: settings.titleId } },
  });
  const inviteHandle = expectOk("invite", invite, [201]);
  check("invite", inviteHandle?.type === "invite", "the answer is not an invite handle");
  const inviteId = inviteHandle?.id ?? "";
  done(`${host.name} set the activity and invited ${invitee.name} (invite ${inviteId})`);

  // 4a. Handle queries: the friend finds the host through the social graph; anyone by XUID.
  const byPeople = await friend.client.POST("/handles/query", {
    params: { query: { include: ["relatedInfo", "customProperties"] } },
    body: { type: "activity", scid, owners: { people: { moniker: "people", monikerXuid: friend.xuid } } },
  });
  const found = expectOk("query by people", byPeople, [200])?.results ?? [];
  const hostActivity = found.find((h) => h.type === "activity" && h.sessionRef.name === ref.sessionName);
  check("query by people", hostActivity !== undefined, "the host's activity was not found");
  const byXuid = await invitee.client.POST("/handles/query", {
    body: { type: "activity", scid, owners: { xuids: [host.xuid] } },
  });
  const byXuidCount = expectOk("query by xuid", byXuid, [200])?.results.length ?? 0;
  done(`${friend.name} found the lobby through people they follow; a query by XUID found ${byXuidCount} activity`);

  // 4b. The invitee accepts through the invite handle; Content-Location names the real session.
  const accepted = await invitee.client.PUT("/handles/{handleId}/session", {
    params: { path: { handleId: inviteId } },
    body: { members: { me: { constants: { system: { xuid: invitee.xuid } }, properties: { system: { active: true } } } } },
  });
  expectOk("accept invite", accepted, [200]);
  const location = accepted.response.headers.get("content-location") ?? "";
  check("accept invite", location.endsWith(`/sessions/${ref.sessionName}`), `Content-Location was "${location}"`);
  done(`${invitee.name} joined through the invite; Content-Location ${location}`);

  // 4c. A conditional update: read, change, write with If-Match; a 412 re-applies the change.
  const updated = await updateSession(
    ref,
    (current) => ({ properties: { custom: { MemberCount: current.membersInfo.count ?? 0 } } }),
    { client: host.client },
  );
  check("updateSession", updated.session?.properties.custom?.["MemberCount"] === 3, "MemberCount is not 3");
  check("updateSession", netherNetIdOf(updated.session?.properties.custom) === DEMO_NETHERNET_ID, "the uint64 changed");
  done(`${host.name} set MemberCount to 3 with If-Match (${updated.tries} write${updated.tries === 1 ? "" : "s"}), the other keys kept`);

  // 5. A session host is allocated; a 409 (not Active yet) is retried with the same sessionId.
  const sessionId = randomUUID();
  const allocation = await host.client.POST("/titles/{titleId}/sessionhosts", {
    params: { path: { titleId: settings.titleId } },
    body: { sessionId, cloudGameId: settings.cloudGameId, locations: [...settings.locations], sessionCookie: ref.sessionName },
  });
  const hostInfo = expectOk("allocate session host", allocation, [200]);
  const status = await host.client.GET("/titles/{titleId}/sessions/{sessionId}/allocationStatus", {
    params: { path: { titleId: settings.titleId, sessionId } },
  });
  const allocationStatus = expectOk("allocation status", status, [200]);
  const port = hostInfo?.portMappings[0];
  done(`allocated ${hostInfo?.hostName} in ${hostInfo?.region} (port ${port?.Value.external ?? "-"}), status ${allocationStatus?.status}`);

  // 6. Everyone leaves; the last one out deletes the session (204).
  expectOk("invitee leaves", await invitee.client.DELETE(`${SESSION}/members/me`, { params }), [200]);
  expectOk("friend leaves", await friend.client.PUT(SESSION, { params, body: { members: { me: null } } }), [200]);
  const last = await host.client.PUT(SESSION, { params, body: { members: { me: null } } });
  expectOk("host leaves", last, [204]);
  const gone = await host.client.GET(SESSION, { params });
  expectOk("session is gone", gone, [204]);
  done(`everyone left; the last leave answered 204 and the session is gone`);

  return { steps, sessionName: ref.sessionName };
}
