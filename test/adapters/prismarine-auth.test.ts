// The prismarine-auth adapter with a real Authflow, over real HTTP and websockets on 127.0.0.1: cached
// tokens authenticate REST calls and RTA connects, a 401 forces exactly one refresh through
// prismarine-auth's own sign-in code (its services played by a loopback server), clients sharing an
// Authflow sign in once, and a failing sign-in becomes an XblAuthError that quotes no credential.
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fromAuthflow, xuidOf } from "../../src/adapters/prismarine-auth.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { createXblClient, XblAuthError } from "../../src/index.js";
import { createRtaClient, type RtaClient } from "../../src/rta/index.js";
import { SCID, SESSION_PATH } from "../support/client-fixtures.js";
import { sendJson, useTestServer } from "../support/http-server.js";
import {
  BEDROCK_RP,
  loopbackOnlyFetch,
  secrets,
  sendXsts,
  signedInAuthflow,
  signInPaths,
  XBOXLIVE_RP,
  type FetchGuard,
  type Secrets,
} from "../support/prismarine-sign-in.js";

const HOST = "2535405290000001";
const PEER = "2535405290000002";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const signIn = useTestServer();
let emulator: RunningEmulator;
let guard: FetchGuard;
let s: Secrets;
const rtaClients: RtaClient[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ rateLimits: false, rta: { requireLiveConnections: false } });
});
afterAll(() => emulator.close());
beforeEach(() => {
  s = secrets();
  guard = loopbackOnlyFetch(() => signIn);
  vi.stubGlobal("fetch", guard.fetch);
  signIn.handle((_req, res) => sendJson(res, 500, "{}"));
});
afterEach(async () => {
  await Promise.all(rtaClients.splice(0).map((c) => c.close()));
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  // Nothing prismarine-auth or the clients did tried to leave the machine.
  expect(guard.refused).toEqual([]);
});

function rta(auth: ReturnType<typeof fromAuthflow>, authMode: "header" | "nonce" = "header"): RtaClient {
  const client = createRtaClient({ baseUrl: emulator.url, auth, authMode, backoff: { random: () => 0 } });
  rtaClients.push(client);
  return client;
}

/** Creates a session with the caller as its only member and returns that member's XUID as the service stored it. */
async function createAs(auth: ReturnType<typeof fromAuthflow>, xuid: string): Promise<string | undefined> {
  // The one resend after a 401 counts as an attempt: the default retry policy allows it, `retry: false` would not.
  const client = createXblClient({ baseUrl: emulator.url, auth });
  const path = { scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName: crypto.randomUUID() };
  const created = await client.PUT(SESSION_PATH, {
    params: { path },
    body: { members: { me: { constants: { system: { xuid, initialize: true } }, properties: { system: { active: true } } } } },
  });
  if (created.error) throw created.error;
  return created.data?.members?.["0"]?.constants?.system?.xuid;
}

describe("with cached tokens: no sign-in traffic", () => {
  it("authenticates a REST call with the Authflow's token for http://xboxlive.com, even when its default relying party is another", async () => {
    // The Authflow's own default would pick the Bedrock token, which is PEER's.
    const { authflow } = signedInAuthflow(s, { [XBOXLIVE_RP]: { token: HOST, xuid: HOST }, [BEDROCK_RP]: { token: PEER, xuid: PEER } }, { relyingParty: BEDROCK_RP });
    const read = vi.spyOn(authflow, "getXboxToken");
    expect(await createAs(fromAuthflow(authflow), HOST)).toBe(HOST);
    expect(await xuidOf(authflow)).toBe(HOST);
    expect(read.mock.calls).toEqual([
      [XBOXLIVE_RP, false],
      [XBOXLIVE_RP, false],
    ]);
    expect(signIn.requests).toEqual([]);
  });

  it("opens RTA with the same provider, with the header on the upgrade and with the nonce flow", async () => {
    const { authflow } = signedInAuthflow(s, { [XBOXLIVE_RP]: { token: HOST, xuid: HOST } });
    const auth = fromAuthflow(authflow);
    expect(await rta(auth).connectionIdNow()).toMatch(GUID);
    expect(await rta(auth, "nonce").connectionIdNow()).toMatch(GUID);
    expect(signIn.requests).toEqual([]);
  });
});

describe("a 401 forces one refresh through prismarine-auth", () => {
  // The emulator answers 401 to a token that is not a XUID: the stale cached token stands for an expired one.
  const stale = () => signedInAuthflow(s, { [XBOXLIVE_RP]: { token: s.staleXsts, xuid: HOST } });

  it("REST: the 401 leads to getXboxToken(http://xboxlive.com, true) once, one XSTS request, and the call succeeds", async () => {
    const { authflow, caches } = stale();
    const read = vi.spyOn(authflow, "getXboxToken");
    signIn.handle((req, res) => sendXsts(res, s, HOST));
    expect(await createAs(fromAuthflow(authflow), HOST)).toBe(HOST);
    expect(read.mock.calls).toEqual([
      [XBOXLIVE_RP, false],
      [XBOXLIVE_RP, true],
    ]);
    expect(signInPaths(signIn)).toEqual(["/xsts/authorize"]);
    // prismarine-auth asked for the right relying party with the cached user, device and title tokens, and cached the answer.
    const asked = JSON.parse(signIn.requests[0]!.body) as { RelyingParty: string; Properties: { UserTokens: string[]; DeviceToken: string; TitleToken: string } };
    expect(asked.RelyingParty).toBe(XBOXLIVE_RP);
    expect(asked.Properties).toMatchObject({ UserTokens: [s.userToken], DeviceToken: s.deviceToken, TitleToken: s.titleToken });
    expect(JSON.stringify(caches.get("xbl")!.value)).not.toContain(s.staleXsts);
    // The next call uses the refreshed cache: no 401, no sign-in.
    expect(await createAs(fromAuthflow(authflow), HOST)).toBe(HOST);
    expect(read.mock.calls).toHaveLength(3);
    expect(signIn.requests).toHaveLength(1);
  });

  it("RTA: a 401 on the websocket upgrade leads to one forced refresh, then the connect succeeds", async () => {
    const { authflow } = stale();
    const read = vi.spyOn(authflow, "getXboxToken");
    signIn.handle((req, res) => sendXsts(res, s, HOST));
    expect(await rta(fromAuthflow(authflow)).connectionIdNow()).toMatch(GUID);
    expect(read.mock.calls).toEqual([
      [XBOXLIVE_RP, false],
      [XBOXLIVE_RP, true],
    ]);
    expect(signInPaths(signIn)).toEqual(["/xsts/authorize"]);
  });

  it("providers sharing an Authflow (a REST and an RTA client) refresh it once, and a read during the refresh gets the fresh token", async () => {
    const { authflow } = stale();
    const read = vi.spyOn(authflow, "getXboxToken");
    signIn.handle((req, res) => sendXsts(res, s, HOST));
    const forRest = fromAuthflow(authflow);
    const forRta = fromAuthflow(authflow);
    const got = await Promise.all([forRest({ forceRefresh: true }), forRta({ forceRefresh: true }), forRest({ forceRefresh: false })]);
    expect(got.map((c) => c.xstsToken)).toEqual([HOST, HOST, HOST]);
    expect(read.mock.calls).toEqual([[XBOXLIVE_RP, true]]);
    expect(signInPaths(signIn)).toEqual(["/xsts/authorize"]);
  });
  it("a forced refresh asked while a plain read is in flight runs after it, so it cannot be answered with the stale token", async () => {
    const { authflow } = stale();
    const read = vi.spyOn(authflow, "getXboxToken");
    signIn.handle((req, res) => sendXsts(res, s, HOST));
    const auth = fromAuthflow(authflow);
    const got = await Promise.all([auth({ forceRefresh: false }), auth({ forceRefresh: true }), auth({ forceRefresh: true })]);
    expect(got.map((c) => c.xstsToken)).toEqual([s.staleXsts, HOST, HOST]);
    expect(read.mock.calls).toEqual([
      [XBOXLIVE_RP, false],
      [XBOXLIVE_RP, true],
    ]);
    expect(signInPaths(signIn)).toEqual(["/xsts/authorize"]);
  });
});

describe("first sign-in", () => {
  it("a REST call and an RTA connect started together on a signed-out Authflow run one device-code sign-in", async () => {
    vi.spyOn(console, "info").mockImplementation(() => undefined); // prismarine-auth announces the sign-in
    const prompts: unknown[] = [];
    const { authflow } = signedInAuthflow(s, {}, { signedOut: true, codeCallback: () => void prompts.push("code") });
    signIn.handle((req, res) => {
      const path = req.url.split("?")[0];
      if (path === "/oauth20_connect.srf") {
        return sendJson(res, 200, JSON.stringify({ user_code: "ABCD1234", device_code: "dc", verification_uri: "https://www.microsoft.com/link", expires_in: 900, interval: 0 }));
      }
      if (path === "/oauth20_token.srf") {
        return sendJson(res, 200, JSON.stringify({ access_token: s.msaAccess, refresh_token: s.msaRefresh, expires_in: 3_600_000, token_type: "bearer" }));
      }
      const notAfter = new Date(Date.now() + 3_600_000).toISOString();
      if (path === "/user/authenticate") return sendJson(res, 200, JSON.stringify({ Token: s.userToken, NotAfter: notAfter, DisplayClaims: { xui: [{ uhs: s.userHash }] } }));
      if (path === "/device/authenticate") return sendJson(res, 200, JSON.stringify({ Token: s.deviceToken, NotAfter: notAfter }));
      if (path === "/title/authenticate") return sendJson(res, 200, JSON.stringify({ Token: s.titleToken, NotAfter: notAfter }));
      if (path === "/xsts/authorize") return sendXsts(res, s, HOST);
      return sendJson(res, 404, "{}");
    });
    const auth = fromAuthflow(authflow);
    const [member, connectionId] = await Promise.all([createAs(auth, HOST), rta(auth).connectionIdNow()]);
    expect(member).toBe(HOST);
    expect(connectionId).toMatch(GUID);
    expect(prompts).toEqual(["code"]);
    expect(signInPaths(signIn)).toEqual(["/oauth20_connect.srf", "/oauth20_token.srf", "/user/authenticate", "/device/authenticate", "/title/authenticate", "/xsts/authorize"]);
  });
});

describe("failures", () => {
  it("a refresh the sign-in service refuses ends the call with an XblAuthError that quotes no token or user hash", async () => {
    const { authflow } = signedInAuthflow(s, { [XBOXLIVE_RP]: { token: s.staleXsts, xuid: HOST } });
    const read = vi.spyOn(authflow, "getXboxToken");
    // A refusal that echoes the request's credentials, which prismarine-auth puts in its error message.
    signIn.handle((req, res) => {
      if (req.url.startsWith("/oauth20_token.srf")) return sendJson(res, 400, JSON.stringify({ error: "invalid_grant", refresh_token: s.msaRefresh }));
      return sendJson(res, 401, JSON.stringify({ Identity: "0", XErr: 2148916299, Message: `uhs ${s.userHash} token ${s.staleXsts} user ${s.userToken}`, Redirect: "https://start.ui.xboxlive.com/help" }));
    });
    const client = createXblClient({ baseUrl: emulator.url, auth: fromAuthflow(authflow) });
    const path = { scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName: "refused" };
    const error = await client.GET(SESSION_PATH, { params: { path } }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(XblAuthError);
    const authError = error as XblAuthError;
    expect(authError.message).toMatch(/^xbl-multiplayer: prismarine-auth could not get a fresh Xbox Live token for http:\/\/xboxlive\.com: Error: .*XErr: 2148916299/);
    expect(authError.message).toContain("//start.ui.xboxlive.com/help");
    expect(authError.cause).toBeUndefined();
    // prismarine-auth retried once by itself (after two seconds, refreshing the Microsoft token first).
    expect(signInPaths(signIn)).toEqual(["/xsts/authorize", "/oauth20_token.srf", "/xsts/authorize"]);
    // prismarine-auth's own error quoted the credentials (so this test can fail); ours quotes none.
    const original = read.mock.settledResults.find((r) => r.type === "rejected")?.value as Error;
    expect(original.message).toContain(s.staleXsts);
    const everything = [authError.message, authError.stack, inspect(authError, { depth: 10 }), JSON.stringify(authError)].join("\n");
    for (const secret of Object.values(s)) expect(everything).not.toContain(secret);
  });

  it("wraps any failure of the Authflow in XblAuthError: thrown values, network errors, bad tokens, no XUID", async () => {
    const failing = (thrown: unknown) => ({ getXboxToken: () => Promise.reject(thrown) });
    const message = async (auth: ReturnType<typeof fromAuthflow>) => {
      const error = await Promise.resolve(auth({ forceRefresh: false })).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(XblAuthError);
      return (error as XblAuthError).message;
    };
    const jwt = s.staleXsts;
    expect(await message(fromAuthflow(failing(new Error(`401 Unauthorized {"token":"${jwt}","uhs":"${s.userHash}"}`))))).toMatch(/Error: 401 Unauthorized \{"token":"\[redacted\]","uhs":"\[redacted\]"\}$/);
    expect(await message(fromAuthflow(failing(new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }) }))))).toMatch(/TypeError: fetch failed \(ENOTFOUND\)$/);
    expect(await message(fromAuthflow(failing(s.msaAccess)))).toMatch(/: a thrown string$/);
    const noProfile = "Your account currently does not have an Xbox profile. Please create one at https://signup.live.com/signup";
    expect(await message(fromAuthflow(failing(new Error(noProfile))))).toContain(noProfile);
    expect(await message(fromAuthflow({ getXboxToken: () => { throw new RangeError("sync"); } }))).toMatch(/RangeError: sync$/);
    expect(await message(fromAuthflow({ getXboxToken: async () => null as never }))).toMatch(/returned no token/);
    // A token the clients cannot send is refused by the clients' own check, which quotes nothing.
    const bad = createXblClient({ baseUrl: emulator.url, auth: fromAuthflow({ getXboxToken: async () => ({ userHash: s.userHash, XSTSToken: `${jwt}\r\nX: y` }) }), retry: false });
    const refused = await bad.GET(SESSION_PATH, { params: { path: { scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName: "x" } } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(XblAuthError);
    expect(inspect(refused)).not.toContain(jwt.slice(0, 40));
    await expect(xuidOf({ getXboxToken: async () => ({ userXUID: null, userHash: "h", XSTSToken: "t" }) })).rejects.toThrow(/carries no XUID/);
    expect(() => fromAuthflow({} as never)).toThrow(TypeError);
  });
});
