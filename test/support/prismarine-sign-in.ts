// A real prismarine-auth Authflow that never leaves 127.0.0.1: an in-memory cache factory (preloaded
// with tokens, so a plain read needs no network), and the Microsoft / Xbox sign-in services played by a
// loopback server. prismarine-auth calls the global fetch, so tests replace it with a guard that sends
// the sign-in hosts to that server, lets 127.0.0.1 through and refuses (and records) everything else.
import { createHash, randomBytes } from "node:crypto";
import prismarineAuth from "prismarine-auth";
import type { ServerResponse } from "node:http";
import { sendJson, type RecordedRequest, type TestServer } from "./http-server.js";

const { Authflow, Titles } = prismarineAuth;
export type Authflow = InstanceType<typeof Authflow>;

export const XBOXLIVE_RP = "http://xboxlive.com";
export const BEDROCK_RP = "https://multiplayer.minecraft.net/";
/** Hosts prismarine-auth's live flow signs in with; their paths do not overlap, so one server plays all. */
export const SIGN_IN_HOSTS = ["login.live.com", "user.auth.xboxlive.com", "device.auth.xboxlive.com", "title.auth.xboxlive.com", "xsts.auth.xboxlive.com"];

/** Credential-shaped secrets: none of them may ever appear in an error. */
export function secrets() {
  const jwt = () => `eyJhbGciOiJSU0EtT0FFUCJ9.${randomBytes(96).toString("base64url")}.${randomBytes(32).toString("base64url")}`;
  return {
    staleXsts: jwt(),
    userHash: String(BigInt(`0x${randomBytes(8).toString("hex")}`) | (1n << 62n)), // 19 decimal digits, as real ones
    msaAccess: `EwA${randomBytes(120).toString("base64")}`,
    msaRefresh: `M.C5${randomBytes(90).toString("base64")}`,
    userToken: jwt(),
    deviceToken: jwt(),
    titleToken: jwt(),
  };
}
export type Secrets = ReturnType<typeof secrets>;

type Cached = Record<string, unknown>;

/** prismarine-auth's cache interface, in memory. */
class MemoryCache {
  constructor(public value: Cached) {}
  async reset() {
    this.value = {};
  }
  async getCached() {
    return this.value;
  }
  async setCached(value: Cached) {
    this.value = value;
  }
  async setCachedPartial(value: Cached) {
    this.value = { ...this.value, ...value };
  }
}

/** prismarine-auth keys an XSTS token in its "xbl" cache by the first six hex digits of sha1(relying party). */
export const xstsKey = (relyingParty: string) => createHash("sha1").update(relyingParty).digest("hex").slice(0, 6);

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

export interface SignedIn {
  readonly authflow: Authflow;
  /** The caches by prismarine-auth's cache name ("live", "xbl", ...). */
  readonly caches: Map<string, MemoryCache>;
}

/**
 * An Authflow (live flow) whose caches hold a Microsoft account and Xbox user/device/title tokens, plus
 * an XSTS token per relying party in `xsts` (token, xuid). With `signedOut`, the caches start empty.
 */
export function signedInAuthflow(s: Secrets, xsts: Record<string, { token: string; xuid: string }>, options: { signedOut?: boolean; relyingParty?: string; codeCallback?: () => void } = {}): SignedIn {
  const caches = new Map<string, MemoryCache>();
  const seed = (name: string): Cached => {
    if (options.signedOut) return {};
    if (name === "live") {
      // prismarine-auth adds expires_in to obtainedOn as milliseconds.
      return { token: { access_token: s.msaAccess, refresh_token: s.msaRefresh, expires_in: 3_600_000, obtainedOn: Date.now() } };
    }
    if (name !== "xbl") return {};
    const cached: Cached = {
      userToken: { Token: s.userToken, NotAfter: inAnHour(), DisplayClaims: { xui: [{ uhs: s.userHash }] } },
      deviceToken: { Token: s.deviceToken, NotAfter: inAnHour() },
      titleToken: { Token: s.titleToken, NotAfter: inAnHour() },
    };
    for (const [rp, { token, xuid }] of Object.entries(xsts)) {
      cached[xstsKey(rp)] = { userXUID: xuid, userHash: s.userHash, XSTSToken: token, expiresOn: inAnHour() };
    }
    return cached;
  };
  const factory = ({ cacheName }: { username: string; cacheName: string }) => {
    const cache = new MemoryCache(seed(cacheName));
    caches.set(cacheName, cache);
    return cache;
  };
  // prismarine-auth reads a default relying party from its options; its typings do not list it.
  const authOptions = { flow: "live" as const, authTitle: Titles.MinecraftNintendoSwitch, relyingParty: options.relyingParty };
  const authflow = new Authflow("lobby-host@example.test", factory, authOptions, options.codeCallback);
  return { authflow, caches };
}

/** The XSTS answer prismarine-auth expects, for `xuid` (in the emulator the token is the XUID). */
export function sendXsts(res: ServerResponse, s: Secrets, xuid: string, token = xuid): void {
  sendJson(res, 200, JSON.stringify({ IssueInstant: new Date().toISOString(), NotAfter: inAnHour(), Token: token, DisplayClaims: { xui: [{ uhs: s.userHash, xid: xuid }] } }));
}

/** Paths of the sign-in requests the loopback server received. */
export const signInPaths = (server: TestServer) => server.requests.map((r: RecordedRequest) => r.url.split("?")[0]);

export interface FetchGuard {
  readonly fetch: typeof globalThis.fetch;
  /** URLs that would have left 127.0.0.1 and were refused. */
  readonly refused: string[];
}

export function loopbackOnlyFetch(signIn: () => TestServer): FetchGuard {
  const original = globalThis.fetch;
  const refused: string[] = [];
  const guarded = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname === "127.0.0.1") return original(input, init);
    if (SIGN_IN_HOSTS.includes(url.hostname) && url.protocol === "https:" && !(input instanceof Request)) {
      return original(`${signIn().url}${url.pathname}${url.search}`, init);
    }
    refused.push(url.href);
    return Promise.reject(new TypeError(`fetch failed: tests reach 127.0.0.1 only, not ${url.host}`));
  };
  return { fetch: guarded as typeof globalThis.fetch, refused };
}
