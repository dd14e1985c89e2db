// Session semantics of the emulator over real HTTP: creating and publishing a lobby, joining, member
// properties, leaving, access and constants, identity, contract version and validation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Api, emulator, HOST, joinBody, lobbyCreateBody, NETHER_ID, PEER, SCID, sessionPath, STRANGER } from "../support/emulator-api.js";
import type { RunningEmulator } from "../../src/emulator/index.js";

let api: Api;
let emu: RunningEmulator;
beforeAll(async () => {
  ({ api, emu } = await emulator({ follows: { [HOST]: [PEER] } }));
});
afterAll(() => emu.close());

const fresh = (): string => randomUUID();

describe("a host creates and publishes a lobby", () => {
  it("creates with 201, fills template constants, keeps uint64 custom values exact, returns an ETag", async () => {
    const name = fresh();
    const res = await api.put(sessionPath(name), lobbyCreateBody(HOST));
    expect(res.status).toBe(201);
    expect(res.headers.get("etag")).toMatch(/^".+"$/);
    const doc = res.body;
    expect(doc.members["0"].constants.system).toEqual({ xuid: HOST, initialize: true, index: 0 });
    expect(doc.members["0"].joinTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(doc.members["0"].next).toBe(1);
    expect(doc.membersInfo).toEqual({ first: 0, next: 1, count: 1, accepted: 1, active: 1 });
    expect(doc.properties.custom.SupportedConnections[0].NetherNetId).toBe(NETHER_ID);
    expect(doc.properties.custom.WebRTCNetworkId).toBe(NETHER_ID);
    expect(res.text).toContain('"NetherNetId":12996504943305946298');
    expect(doc.constants.system).toMatchObject({ maxMembersCount: 30, visibility: "open", inviteProtocol: "game", sessionEmptyTimeout: 0 });
    expect(doc.contractVersion).toBe(107);
    expect(doc.changeNumber).toBe(1);
    expect(typeof doc.branch).toBe("string");
    expect(typeof doc.correlationId).toBe("string");
    expect(typeof doc.startTime).toBe("string");
  });

  it("GET returns the same document; re-PUT of the same properties changes nothing; a patch merges", async () => {
    const name = fresh();
    const created = await api.put(sessionPath(name), lobbyCreateBody(HOST));
    const got = await api.get(sessionPath(name));
    expect(got.status).toBe(200);
    expect(got.body.changeNumber).toBe(created.body.changeNumber);
    expect(got.headers.get("etag")).toBe(created.headers.get("etag"));

    const again = await api.put(sessionPath(name), { properties: got.body.properties });
    expect(again.status).toBe(200);
    expect(again.body.changeNumber).toBe(created.body.changeNumber);
    expect(again.headers.get("etag")).toBe(created.headers.get("etag"));

    const patched = await api.put(sessionPath(name), { properties: { custom: { MemberCount: 3, MaxMemberCount: 20 } } });
    expect(patched.status).toBe(200);
    expect(patched.body.changeNumber).toBe(created.body.changeNumber + 1);
    expect(patched.body.properties.custom.MemberCount).toBe(3);
    expect(patched.body.properties.custom.worldName).toBe("World");
    expect(patched.body.properties.custom.SupportedConnections[0].NetherNetId).toBe(NETHER_ID);
    expect(patched.headers.get("etag")).not.toBe(created.headers.get("etag"));
  });

  it("null deletes a custom key, nested objects deep-merge, absent keys stay, system fields replace whole", async () => {
    const name = fresh();
    await api.put(sessionPath(name), lobbyCreateBody(HOST));
    await api.put(sessionPath(name), { properties: { custom: { nonces: { [PEER]: "a1b2c3d4e5f60718", "2535405290000009": "ffffffffffffffff" } } } });
    const res = await api.put(sessionPath(name), {
      properties: { system: { joinRestriction: "local" }, custom: { nonces: { [PEER]: null }, worldType: null } },
    });
    expect(res.body.properties.custom.nonces).toEqual({ "2535405290000009": "ffffffffffffffff" });
    expect(res.body.properties.custom.worldType).toBeUndefined();
    expect(res.body.properties.system).toEqual({ joinRestriction: "local", readRestriction: "followed", closed: false });
  });

  it("If-None-Match: * creates once, then 412 with the current session; GET with a current ETag is 304", async () => {
    const name = fresh();
    const first = await api.put(sessionPath(name), lobbyCreateBody(HOST), { headers: { "If-None-Match": "*" } });
    expect(first.status).toBe(201);
    const second = await api.put(sessionPath(name), lobbyCreateBody(HOST), { headers: { "If-None-Match": "*" } });
    expect(second.status).toBe(412);
    expect(second.body.changeNumber).toBe(first.body.changeNumber);
    const etag = first.headers.get("etag")!;
    const unchanged = await api.get(sessionPath(name), { headers: { "If-None-Match": etag } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe("");
  });

  it("a stale If-Match gets 412 with the current session and its ETag; a current one writes", async () => {
    const name = fresh();
    const created = await api.put(sessionPath(name), lobbyCreateBody(HOST));
    const stale = created.headers.get("etag")!;
    const updated = await api.put(sessionPath(name), { properties: { custom: { MemberCount: 2 } } });
    const conflict = await api.put(sessionPath(name), { properties: { custom: { MemberCount: 9 } } }, { headers: { "If-Match": stale } });
    expect(conflict.status).toBe(412);
    expect(conflict.headers.get("etag")).toBe(updated.headers.get("etag"));
    expect(conflict.body.properties.custom.MemberCount).toBe(2);
    const ok = await api.put(sessionPath(name), { properties: { custom: { MemberCount: 9 } } }, { headers: { "If-Match": updated.headers.get("etag")! } });
    expect(ok.status).toBe(200);
    expect(ok.body.properties.custom.MemberCount).toBe(9);
  });

  it("If-Match: * on a missing session is 412 without a body; GET of a missing session is 204", async () => {
    const name = fresh();
    const res = await api.put(sessionPath(name), joinBody(HOST), { headers: { "If-Match": "*" } });
    expect(res.status).toBe(412);
    expect(res.text).toBe("");
    expect((await api.get(sessionPath(name))).status).toBe(204);
  });

  it("nocommit=true returns the would-be result and stores nothing", async () => {
    const name = fresh();
    const dry = await api.put(`${sessionPath(name)}?nocommit=true`, lobbyCreateBody(HOST));
    expect(dry.status).toBe(201);
    expect(dry.body.members["0"].constants.system.xuid).toBe(HOST);
    expect((await api.get(sessionPath(name))).status).toBe(204);
    const real = await api.put(sessionPath(name), lobbyCreateBody(HOST));
    const dryPatch = await api.put(`${sessionPath(name)}?nocommit=true`, { properties: { custom: { MemberCount: 7 } } });
    expect(dryPatch.body.properties.custom.MemberCount).toBe(7);
    const after = await api.get(sessionPath(name));
    expect(after.body.properties.custom.MemberCount).toBe(1);
    expect(after.headers.get("etag")).toBe(real.headers.get("etag"));
  });
});

describe("join, member properties, leave", () => {
  it("a followed peer joins at index 1; host properties stay; membersInfo and next links update", async () => {
    const name = fresh();
    await api.put(sessionPath(name), lobbyCreateBody(HOST));
    const joined = await api.put(sessionPath(name), joinBody(PEER), { as: PEER });
    expect(joined.status).toBe(200);
    expect(joined.body.members["1"].constants.system).toEqual({ xuid: PEER, initialize: true, index: 1 });
    expect(joined.body.members["0"].next).toBe(1);
    expect(joined.body.members["1"].next).toBe(2);
    expect(joined.body.membersInfo).toEqual({ first: 0, next: 2, count: 2, accepted: 2, active: 2 });
    expect(joined.body.properties.custom.hostName).toBe("Host");
    expect(joined.body.members["1"].activeTitleId).toBe("896928775");
  });

  it("refreshing the connection keeps index, subscription and constants", async () => {
    const name = fresh();
    await api.put(sessionPath(name), lobbyCreateBody(HOST));
    const connection = "4f8e4a6c-1b2d-4e3f-8a9b-0c1d2e3f4a5b";
    const res = await api.put(sessionPath(name), { members: { me: { properties: { system: { active: true, connection } } } } });
    const me = res.body.members["0"];
    expect(me.properties.system.connection).toBe(connection);
    expect(me.properties.system.subscription.changeTypes).toEqual(["everything"]);
    expect(me.constants.system.initialize).toBe(true);
  });

  it("leaving removes the member; the last one out gets 204 and the session is gone", async () => {
    const name = fresh();
    await api.put(sessionPath(name), lobbyCreateBody(HOST));
    await api.put(sessionPath(name), joinBody(PEER), { as: PEER });
    const left = await api.put(sessionPath(name), { members: { me: null } }, { as: PEER });
    expect(left.status).toBe(200);
    expect(Object.keys(left.body.members)).toEqual(["0"]);
    expect(left.body.membersInfo).toMatchObject({ count: 1, next: 2 });
    const last = await api.del(`${sessionPath(name)}/members/me`);
    expect(last.status).toBe(204);
    expect(last.text).toBe("");
    expect((await api.get(sessionPath(name))).status).toBe(204);
  });

  it("DELETE members/me honours If-Match (412 with the current session when stale)", async () => {
    const name = fresh();
    const created = await api.put(sessionPath(name), lobbyCreateBody(HOST));
    await api.put(sessionPath(name), joinBody(PEER), { as: PEER });
    const stale = await api.del(`${sessionPath(name)}/members/me`, { as: PEER, headers: { "If-Match": created.headers.get("etag")! } });
    expect(stale.status).toBe(412);
    expect(stale.body.membersInfo.count).toBe(2);
    const current = stale.headers.get("etag")!;
    const left = await api.del(`${sessionPath(name)}/members/me`, { as: PEER, headers: { "If-Match": current } });
    expect(left.status).toBe(200);
    expect(left.body.membersInfo.count).toBe(1);
  });

  it("a rejoining member gets a new index; correlationId survives delete + recreate", async () => {
    const name = fresh();
    const a = await api.put(sessionPath(name), lobbyCreateBody(HOST));
    await api.put(sessionPath(name), { members: { me: null } });
    const b = await api.put(sessionPath(name), lobbyCreateBody(HOST));
    expect(b.status).toBe(201);
    expect(b.body.correlationId).toBe(a.body.correlationId);
    expect(b.body.branch).not.toBe(a.body.branch);
  });

  it("a member's properties can only be written by that member", async () => {
    const name = fresh();
    await api.put(sessionPath(name), lobbyCreateBody(HOST));
    await api.put(sessionPath(name), joinBody(PEER), { as: PEER });
    const res = await api.put(sessionPath(name), { members: { "1": null } });
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/server principal/);
    const write = await api.put(sessionPath(name), { members: { "1": { properties: { custom: { hijacked: true } } } } });
    expect(write.status).toBe(403);
    const after = await api.get(sessionPath(name), { as: PEER });
    expect(after.body.members["1"].properties.custom).not.toHaveProperty("hijacked");
  });

  it("members.me.constants.system.xuid must be the caller", async () => {
    const name = fresh();
    const res = await api.put(sessionPath(name), joinBody(PEER));
    expect(res.status).toBe(400);
    expect(res.text).toContain("/members/me/constants/system/xuid");
  });

  it("reserve_N makes reservations that the reserved user accepts by joining", async () => {
    const name = fresh();
    await api.put(sessionPath(name), lobbyCreateBody(HOST));
    const reserved = await api.put(sessionPath(name), { members: { reserve_0: { constants: { system: { xuid: STRANGER } } } } });
    expect(reserved.body.members["1"]).toMatchObject({ reserved: true, constants: { system: { xuid: STRANGER, index: 1 } } });
    expect(reserved.body.membersInfo).toMatchObject({ count: 2, accepted: 1 });
    // STRANGER is not followed by anyone and joinRestriction is 'followed': only the reservation lets them in.
    const accepted = await api.put(sessionPath(name), joinBody(STRANGER), { as: STRANGER });
    expect(accepted.status).toBe(200);
    expect(accepted.body.members["1"].reserved).toBeUndefined();
    expect(accepted.body.membersInfo).toMatchObject({ count: 2, accepted: 2 });
    expect(accepted.body.members["1"].constants.system.initialize).toBe(true);
  });

  it("reservations expire after reservedRemovalTimeout (lazy timers, injected clock)", async () => {
    let now = Date.parse("2026-11-21T09:00:00Z");
    const local = await emulator({ now: () => now });
    try {
      const name = fresh();
      const created = await local.api.put(sessionPath(name), lobbyCreateBody(HOST));
      await local.api.put(sessionPath(name), { members: { reserve_0: { constants: { system: { xuid: STRANGER } } } } });
      const timeout = created.body.constants.system.reservedRemovalTimeout as number;
      now += timeout - 1;
      expect(Object.keys((await local.api.get(sessionPath(name))).body.members)).toEqual(["0", "1"]);
      now += 2;
      const later = await local.api.get(sessionPath(name));
      expect(Object.keys(later.body.members)).toEqual(["0"]);
    } finally {
      await local.emu.close();
    }
  });
});

describe("access and constants", () => {
  it("readRestriction followed: a non-followed stranger gets 403; the followed peer can read", async () => {
    const name = fresh();
    await api.put(sessionPath(name), lobbyCreateBody(HOST));
    expect((await api.get(sessionPath(name), { as: STRANGER })).status).toBe(403);
    expect((await api.get(sessionPath(name), { as: PEER })).status).toBe(200);
    const join = await api.put(sessionPath(name), joinBody(STRANGER), { as: STRANGER });
    expect(join.status).toBe(403);
    expect(join.text).toMatch(/joinRestriction/);
  });

  it("a private session is readable only by members (403 with the MPSD message)", async () => {
    const name = fresh();
    const created = await api.put(sessionPath(name, "GameSession"), { ...joinBody(HOST), constants: { system: { visibility: "private" } } });
    expect(created.status).toBe(201);
    const res = await api.get(sessionPath(name, "GameSession"), { as: PEER });
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/Private Sessions can only be read by members/);
  });

  it("closed, visible and full sessions refuse joins", async () => {
    const closed = fresh();
    await api.put(sessionPath(closed, "GameSession"), { ...joinBody(HOST), properties: { system: { closed: true } } });
    expect((await api.put(sessionPath(closed, "GameSession"), joinBody(PEER), { as: PEER })).status).toBe(403);

    const visible = fresh();
    expect((await api.put(sessionPath(visible, "GameSession"), { ...joinBody(HOST), constants: { system: { visibility: "visible" } } })).status).toBe(201);
    expect((await api.put(sessionPath(visible, "GameSession"), joinBody(PEER), { as: PEER })).status).toBe(400);

    const full = fresh();
    expect((await api.put(sessionPath(full, "GameSession"), { ...joinBody(HOST), constants: { system: { maxMembersCount: 1 } } })).status).toBe(201);
    const refused = await api.put(sessionPath(full, "GameSession"), joinBody(PEER), { as: PEER });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/full/);
  });

  it("constants conflicting with the template get 409; new constants merge; later changes get 409", async () => {
    const conflict = await api.put(sessionPath(fresh()), { ...lobbyCreateBody(HOST), constants: { system: { maxMembersCount: 99 } } });
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain("/constants/system/maxMembersCount");

    const name = fresh();
    const created = await api.put(sessionPath(name), { ...lobbyCreateBody(HOST), constants: { custom: { mode: "creative" } } });
    expect(created.status).toBe(201);
    expect(created.body.constants.custom).toEqual({ mode: "creative" });
    const same = await api.put(sessionPath(name), { constants: { custom: { mode: "creative" } } });
    expect(same.status).toBe(200);
    const changed = await api.put(sessionPath(name), { constants: { custom: { mode: "survival" } } });
    expect(changed.status).toBe(409);
  });

  it("a large session lists only the caller as 'me'", async () => {
    const name = fresh();
    await api.put(sessionPath(name, "LargeSession"), joinBody(HOST));
    const res = await api.put(sessionPath(name, "LargeSession"), joinBody(PEER), { as: PEER });
    expect(Object.keys(res.body.members)).toEqual(["me"]);
    expect(res.body.members.me.constants.system.xuid).toBe(PEER);
    expect(res.body.membersInfo.count).toBe(2);
    const reserve = await api.put(sessionPath(name, "LargeSession"), { members: { reserve_0: { constants: { system: { xuid: STRANGER } } } } });
    expect(reserve.status).toBe(400);
  });

  it("PUT …/properties needs an existing session and membership", async () => {
    const name = fresh();
    expect((await api.put(`${sessionPath(name)}/properties`, { custom: { a: 1 } })).status).toBe(404);
    await api.put(sessionPath(name), lobbyCreateBody(HOST));
    const ok = await api.put(`${sessionPath(name)}/properties`, { custom: { nonces: { [PEER]: "0011223344556677" } } });
    expect(ok.status).toBe(200);
    expect(ok.body.properties.custom.nonces[PEER]).toBe("0011223344556677");
    expect((await api.put(`${sessionPath(name)}/properties`, { custom: { a: 1 } }, { as: PEER })).status).toBe(403);
  });

  it("unknown templates are 404; bad template names in the path are 400", async () => {
    expect((await api.get(sessionPath(fresh(), "NoSuchTemplate"))).status).toBe(404);
    expect((await api.get(sessionPath(fresh(), "x".repeat(120)))).status).toBe(400);
  });
});

describe("identity, contract version, validation", () => {
  it("missing or malformed Authorization → 401", async () => {
    expect((await api.get(sessionPath(fresh()), { as: null })).status).toBe(401);
    const bad = await api.get(sessionPath(fresh()), { as: null, headers: { Authorization: "XBL3.0 x=hash;not-a-xuid" } });
    expect(bad.status).toBe(401);
    expect(bad.text).not.toContain("not-a-xuid");
  });

  it("missing or unsupported x-xbl-contract-version → 400", async () => {
    const missing = await api.get(sessionPath(fresh()), { contractVersion: null });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("x-xbl-contract-version");
    expect((await api.get(sessionPath(fresh()), { contractVersion: "106" })).status).toBe(400);
    expect((await api.get(sessionPath(fresh()), { contractVersion: "105" })).status).toBe(204);
  });

  it("schema violations are 400 with a text body naming the field", async () => {
    const res = await api.put(sessionPath(fresh()), { members: { me: { constants: { system: { xuid: 12 } } } } });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(res.text).toContain("/members/me/constants/system/xuid");
    const extra = await api.put(sessionPath(fresh()), { bogus: true });
    expect(extra.status).toBe(400);
    expect(extra.text).toContain("bogus");
  });

  it("wrong verbs are 405 with Allow; unknown paths are 404", async () => {
    const res = await api.call("POST", sessionPath(fresh()), { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, PUT");
    expect((await api.get("/nothing/here")).status).toBe(404);
  });

  it("paths are case-insensitive in their literal segments (SDK sends sessionTemplates)", async () => {
    const name = fresh();
    const res = await api.put(`/serviceconfigs/${SCID}/sessionTemplates/MinecraftLobby/sessions/${name}`, lobbyCreateBody(HOST));
    expect(res.status).toBe(201);
    expect((await api.get(sessionPath(name.toUpperCase()))).status).toBe(200);
  });
});
