// Test client for the emulator: real HTTP on 127.0.0.1, the bigint-safe codec, and a conformance
// check of EVERY response against the contract (operation found from method + path, status,
// content type, body schema, required headers). A non-conforming answer fails the calling test.
import { parseJson, stringifyJson } from "../../src/shared/json-codec.js";
import { validateResponse } from "../../src/contract/validator.js";
import { matchRequest } from "../../src/contract/operation-index.js";
import { operations } from "../../generated/operations.js";
import { request } from "node:http";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/emulator/index.js";

export const SCID = "4fc10100-5f7a-4470-899b-280835760c07";
export const HOST = "2535405290000001";
export const PEER = "2535405290000002";
export const STRANGER = "2535405290000003";
/** A uint64 above 2^53 (a Minecraft NetherNetId) that must survive every round trip. */
export const NETHER_ID = 12996504943305946298n;

export function sessionPath(name: string, template = "MinecraftLobby", scid = SCID): string {
  return `/serviceconfigs/${scid}/sessiontemplates/${template}/sessions/${encodeURIComponent(name)}`;
}

export interface Res {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed with the bigint-safe codec when the answer is JSON. */
  readonly body: any;
}

export interface CallOptions {
  /** Caller XUID; `null` sends no Authorization header. Default HOST. */
  readonly as?: string | null;
  readonly body?: unknown;
  /** Sent verbatim instead of `body`. */
  readonly rawBody?: string | Buffer;
  readonly headers?: Record<string, string>;
  /** Override (or with `null` drop) x-xbl-contract-version. Default: the operation's version. */
  readonly contractVersion?: string | null;
}

export const violations: string[] = [];

/** Throws (and records) when an answer does not match the contract for its operation and status. */
export function assertConforms(
  operationId: Parameters<typeof validateResponse>[0],
  method: string,
  path: string,
  status: number,
  type: string | null | undefined,
  body: unknown,
  headers: Record<string, string>,
): void {
  const result = validateResponse(operationId, status, type, body, headers);
  if (result.ok) return;
  const message = `${method} ${path} → ${status} does not conform to the contract: ${result.errors.join("; ")}`;
  violations.push(message);
  throw new Error(message);
}

export class Api {
  constructor(readonly url: string) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<Res> {
    const pathname = path.split("?")[0] ?? path;
    const op = matchRequest(method, pathname);
    const headers: Record<string, string> = {};
    const as = options.as === undefined ? HOST : options.as;
    if (as !== null) headers["Authorization"] = `XBL3.0 x=uhs${as};${as}`;
    const version = options.contractVersion === undefined ? (op ? operations[op.operationId].contractVersion : "107") : options.contractVersion;
    if (version !== null) headers["x-xbl-contract-version"] = version;
    let body: string | Buffer | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = stringifyJson(options.body);
    if (body !== undefined) headers["Content-Type"] = "application/json; charset=utf-8";
    const response = await fetch(this.url + path, { method, headers: { ...headers, ...options.headers }, body: body as BodyInit | undefined });
    const text = await response.text();
    const type = response.headers.get("content-type");
    const parsed = type?.startsWith("application/json") && text !== "" ? parseJson(text) : text;
    if (op) this.conform(op.operationId, method, path, response, type, text === "" ? undefined : parsed);
    return { status: response.status, headers: response.headers, text, body: parsed };
  }

  private conform(operationId: Parameters<typeof validateResponse>[0], method: string, path: string, response: Response, type: string | null, body: unknown): void {
    const headerMap: Record<string, string> = {};
    response.headers.forEach((v, k) => (headerMap[k] = v));
    assertConforms(operationId, method, path, response.status, type, body, headerMap);
  }

  get = (path: string, o?: CallOptions) => this.call("GET", path, o);
  put = (path: string, body: unknown, o?: CallOptions) => this.call("PUT", path, { ...o, body });
  post = (path: string, body: unknown, o?: CallOptions) => this.call("POST", path, { ...o, body });
  del = (path: string, o?: CallOptions) => this.call("DELETE", path, o);
}

export async function emulator(options: EmulatorOptions = {}): Promise<{ api: Api; emu: RunningEmulator }> {
  // These flows write fixed ConnectionIds instead of opening RTA sockets (test/rta covers those rules).
  const emu = await startEmulator({ rateLimits: false, rta: { requireLiveConnections: false }, ...options });
  return { api: new Api(emu.url), emu };
}

/** The body a Minecraft host sends to create its lobby, for user `xuid`. */
export function lobbyCreateBody(xuid: string, connection = "2f8e4a6c-1b2d-4e3f-8a9b-0c1d2e3f4a5b"): Record<string, unknown> {
  return {
    properties: {
      system: { joinRestriction: "followed", readRestriction: "followed", closed: false },
      custom: {
        hostName: "Host",
        worldName: "World",
        version: "1.21.50",
        MemberCount: 1,
        MaxMemberCount: 8,
        Joinability: "joinable_by_friends",
        ownerId: xuid,
        rakNetGUID: "",
        worldType: "Survival",
        protocol: 1001,
        BroadcastSetting: 3,
        OnlineCrossPlatformGame: true,
        CrossPlayDisabled: false,
        TitleId: 0,
        TransportLayer: 2,
        LanGame: true,
        WebRTCNetworkId: NETHER_ID,
        isHardcore: false,
        isEditorWorld: false,
        nonces: {},
        SupportedConnections: [{ ConnectionType: 7, HostIpAddress: "", HostPort: 0, NetherNetId: NETHER_ID, PmsgId: "p" }],
      },
    },
    members: {
      me: {
        constants: { system: { xuid, initialize: true } },
        properties: {
          system: { active: true, connection, subscription: { id: "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", changeTypes: ["everything"] } },
        },
      },
    },
  };
}

export function joinBody(xuid: string, connection = "3f8e4a6c-1b2d-4e3f-8a9b-0c1d2e3f4a5b"): Record<string, unknown> {
  return {
    members: {
      me: {
        constants: { system: { xuid, initialize: true } },
        properties: {
          system: { active: true, connection, subscription: { id: "8a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", changeTypes: ["everything"] } },
        },
      },
    },
  };
}

export interface RawRes {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

/**
 * node:http request with an arbitrary path and body (no URL normalisation, chunked when `chunks`
 * has more than one element). Resolves `undefined` when the server resets the connection.
 */
export function rawRequest(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  chunks: readonly (string | Buffer)[] = [],
): Promise<RawRes | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method, path, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => {
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
        resolve({ status: res.statusCode ?? 0, headers: flat, text: Buffer.concat(parts).toString("utf8") });
      });
      res.on("error", () => resolve(undefined));
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNRESET" || error.code === "EPIPE" || error.code === "ECONNREFUSED") resolve(undefined);
      else reject(error);
    });
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}
