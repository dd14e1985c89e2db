// `xbl-multiplayer demo --real credentials.json`: both parts of the demo against Xbox Live with the
// tokens in the file. The lobby part runs in real time and skips the RTA faults (only the local
// emulator can drop or half-open a socket on purpose); the REST part is the same as locally.
import { readFileSync } from "node:fs";
import { createXblClient } from "../client/create-client.js";
import { createRtaClient } from "../rta/client.js";
import { realTimeline } from "./demo-timeline.js";
import { LOBBY_DEMO_LIVENESS, runLobbyDemo, type LobbyDemoUser } from "./run-lobby-demo.js";
import { runDemo, type DemoUser } from "./run-demo.js";

/** The two parts of the demo: the managed lobby on RTA, and the typed REST client on its own. */
export type DemoPart = "lobby" | "rest";

const ROLES = ["host", "friend", "invitee"] as const;
type Role = (typeof ROLES)[number] | "newcomer";

interface RealUser {
  readonly xuid: string;
  readonly userHash: string;
  readonly xstsToken: string;
}

export interface RealCredentials {
  readonly scid: string;
  readonly templateName: string;
  readonly titleId: string;
  readonly cloudGameId: string;
  readonly locations: string[];
  /** host, friend and invitee are required; newcomer (a fourth user, for the lobby part's last join) is optional. */
  readonly users: Partial<Record<Role, RealUser>> & Record<(typeof ROLES)[number], RealUser>;
}

function validUser(user: Partial<RealUser> | undefined): boolean {
  return typeof user?.xuid === "string" && /^\d+$/.test(user.xuid) && typeof user.userHash === "string" && user.userHash !== "" && typeof user.xstsToken === "string" && user.xstsToken !== "";
}

/** Reads and checks the credentials file; errors name the missing key, never a value. */
export function readCredentials(file: string): RealCredentials {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<RealCredentials>;
  for (const key of ["scid", "templateName", "titleId", "cloudGameId", "locations", "users"] as const) {
    if (parsed[key] === undefined) throw new Error(`${file}: "${key}" is missing`);
  }
  for (const role of ROLES) {
    if (!validUser(parsed.users?.[role])) throw new Error(`${file}: users.${role} needs xuid (decimal), userHash and xstsToken`);
  }
  if (parsed.users?.newcomer !== undefined && !validUser(parsed.users.newcomer)) throw new Error(`${file}: users.newcomer needs xuid (decimal), userHash and xstsToken`);
  return parsed as RealCredentials;
}

export async function runReal(file: string, parts: readonly DemoPart[], log: (line: string) => void): Promise<number> {
  const creds = readCredentials(file);
  const auth = (role: Role) => {
    const { userHash, xstsToken } = creds.users[role] as RealUser;
    return { userHash, xstsToken };
  };
  const restUser = (name: string, role: Role): DemoUser => ({ name, xuid: (creds.users[role] as RealUser).xuid, client: createXblClient({ auth: auth(role) }) });

  if (parts.includes("lobby")) {
    log("Lobby on Real-Time Activity, against Xbox Live (real time; the RTA faults need the local emulator)");
    const timeline = realTimeline();
    const lobbyUser = (name: string, role: Role): LobbyDemoUser => {
      const { xuid, client } = restUser(name, role);
      return { name, xuid, rest: client, rta: createRtaClient({ auth: auth(role), clock: timeline.clock, liveness: LOBBY_DEMO_LIVENESS }) };
    };
    const result = await runLobbyDemo({
      host: lobbyUser("host", "host"),
      friend: lobbyUser("friend", "friend"),
      invitee: lobbyUser("invitee", "invitee"),
      ...(creds.users.newcomer === undefined ? {} : { newcomer: lobbyUser("newcomer", "newcomer") }),
      scid: creds.scid,
      templateName: creds.templateName,
      titleId: creds.titleId,
      timeline,
      log,
    });
    log(`Lobby part passed: ${result.steps} steps against Xbox Live.`);
  }
  if (parts.includes("rest")) {
    log("Sessions, handles and session hosts with the typed client, against Xbox Live");
    await runDemo({
      host: restUser("host", "host"),
      friend: restUser("friend", "friend"),
      invitee: restUser("invitee", "invitee"),
      scid: creds.scid,
      templateName: creds.templateName,
      titleId: creds.titleId,
      cloudGameId: creds.cloudGameId,
      locations: creds.locations,
      log,
    });
    log("REST part passed.");
  }
  return 0;
}
