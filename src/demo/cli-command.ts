// `xbl-multiplayer demo`: runs the end-to-end demo against freshly started local emulators (the
// default), or against Xbox Live with `--real credentials.json`. Two parts: the managed lobby on RTA,
// on an emulator whose clock is virtual, then the typed REST client on an emulator in real time that,
// with --serve (the default on a terminal), keeps running afterwards so its docs can be browsed.
import { parseArgs } from "node:util";
import { createXblClient } from "../client/create-client.js";
import { startEmulator } from "../emulator/index.js";
import { createRtaClient } from "../rta/client.js";
import { formatSeconds, virtualTimeline } from "./demo-timeline.js";
import { runReal, type DemoPart } from "./real-run.js";
import { LOBBY_DEMO_LIVENESS, runLobbyDemo, type LobbyDemoUser } from "./run-lobby-demo.js";
import { runDemo, type DemoUser } from "./run-demo.js";

const HELP = `Usage: xbl-multiplayer demo [--only lobby|rest] [--port N] [--serve | --no-serve] [--real credentials.json]

Runs the end-to-end demo, in two parts:
  lobby  a Minecraft lobby kept alive on Real-Time Activity by hostMinecraftLobby: a friend joins
         through the host's activity, another through an invite; the emulator drops the host's
         RTA socket, then leaves it half-open, and the lobby writes its new ConnectionId inside the
         30 s removal window each time; a third player joins; everyone leaves. Virtual time: the
         emulator, the RTA clients and the lobby share a clock the demo moves, printed as +seconds.
  rest   the typed REST client on its own: a lobby holding a uint64, join, activity, invite,
         handle queries, a conditional update, a session-host allocation, everyone leaves.

  --only PART    run one part (lobby or rest); default both, lobby first
  --port N       port of the REST part's emulator (default: a free one)
  --serve        keep that emulator (and its /docs) running after the demo; default on a terminal
  --no-serve     exit when the demo is done; default when not on a terminal
  --real FILE    run against Xbox Live instead (real time; the RTA faults are skipped). FILE is JSON:
                 { "scid", "templateName", "titleId", "cloudGameId", "locations": [..],
                   "users": { "host" | "friend" | "invitee" | "newcomer": { "xuid", "userHash", "xstsToken" } } }
                 newcomer is optional; the friend and newcomer must follow the host (the lobby
                 is joinable by friends). Tokens are never printed.`;

const DEMO_SCID = "4fc10100-5f7a-4470-899b-280835760c07";
const TITLE_ID = "896928775";
const XUIDS = { host: "2535405290000001", friend: "2535405290000002", invitee: "2535405290000003", newcomer: "2535405290000004" } as const;

function partsOf(only: string | undefined): DemoPart[] {
  if (only === undefined) return ["lobby", "rest"];
  if (only === "lobby" || only === "rest") return [only];
  throw new Error(`--only must be lobby or rest, not "${only}"`);
}

/** The lobby part on its own emulator, whose clock (shared with the clients and the lobby) is virtual. */
async function runLocalLobby(log: (line: string) => void): Promise<void> {
  const timeline = virtualTimeline();
  const emulator = await startEmulator({ clock: timeline.clock, everyoneFollowsEveryone: true });
  log(`Lobby on Real-Time Activity, on an emulator with a virtual clock (${emulator.url})`);
  // Emulator convention: the token part of "XBL3.0 x=<userhash>;<token>" is the caller's XUID.
  const user = (name: string, xuid: string): LobbyDemoUser => {
    const auth = { userHash: `demo-${name}`, xstsToken: xuid };
    return {
      name,
      xuid,
      rest: createXblClient({ baseUrl: emulator.url, auth }),
      rta: createRtaClient({ baseUrl: emulator.url, auth, clock: timeline.clock, liveness: LOBBY_DEMO_LIVENESS }),
    };
  };
  try {
    const result = await runLobbyDemo({
      host: user("Steve", XUIDS.host),
      friend: user("Alex", XUIDS.friend),
      invitee: user("Sunny", XUIDS.invitee),
      newcomer: user("Kai", XUIDS.newcomer),
      scid: DEMO_SCID,
      templateName: "MinecraftLobby",
      titleId: TITLE_ID,
      timeline,
      faults: emulator.rta,
      log,
    });
    const [drop, halfOpen] = result.faults;
    const s = (ms: number | undefined) => formatSeconds(ms ?? 0);
    log(
      `Lobby part passed: ${result.steps} steps in ${s(timeline.elapsed())} of virtual time. The lobby survived a dropped socket ` +
        `(repaired ${s(drop?.rewrittenAfterMs)} after it) and a half-open one (found after ${s(halfOpen?.detectedAfterMs)}, ` +
        `repaired ${s(halfOpen?.rewrittenAfterMs)} later) without a rejoin.`,
    );
  } finally {
    await emulator.close();
  }
}

/** The REST part on the emulator the demo may keep serving. */
async function runLocalRest(emulatorUrl: string, log: (line: string) => void): Promise<void> {
  // Emulator convention: the token part of "XBL3.0 x=<userhash>;<token>" is the caller's XUID.
  const user = (name: string, xuid: string): DemoUser => ({
    name,
    xuid,
    client: createXblClient({ baseUrl: emulatorUrl, auth: { userHash: `demo-${name}`, xstsToken: xuid } }),
  });
  log(`Sessions, handles and session hosts with the typed client (${emulatorUrl})`);
  const result = await runDemo({
    host: user("Steve", XUIDS.host),
    friend: user("Alex", XUIDS.friend),
    invitee: user("Sunny", XUIDS.invitee),
    scid: DEMO_SCID,
    templateName: "MinecraftLobby",
    titleId: TITLE_ID,
    cloudGameId: "1b7f9925-369c-4301-b1f7-1125dce25776",
    locations: ["West US", "East US"],
    log,
  });
  log(`REST part passed: ${result.steps} steps against the local emulator.`);
}

export async function runDemoCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      only: { type: "string" },
      port: { type: "string" },
      serve: { type: "boolean" },
      "no-serve": { type: "boolean" },
      real: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const log = (line: string) => console.log(line);
  if (values.help) {
    log(HELP);
    return 0;
  }
  const parts = partsOf(values.only);
  if (values.real) return runReal(values.real, parts, log);

  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}"`);
  const serve = values["no-serve"] ? false : (values.serve ?? process.stdout.isTTY === true);

  const emulator = await startEmulator({
    port,
    follows: { [XUIDS.host]: [XUIDS.friend, XUIDS.invitee], [XUIDS.friend]: [XUIDS.host], [XUIDS.invitee]: [XUIDS.host] },
  });
  log(`Local emulator: ${emulator.url}   (docs: ${emulator.url}/docs)`);
  try {
    if (parts.includes("lobby")) await runLocalLobby(log);
    if (parts.includes("rest")) await runLocalRest(emulator.url, log);
  } catch (error) {
    await emulator.close();
    throw error;
  }
  if (!serve) {
    await emulator.close();
    return 0;
  }
  log(`The emulator keeps running at ${emulator.url} (docs at ${emulator.url}/docs). Press Ctrl+C to stop.`);
  await new Promise<void>((resolve) => process.once("SIGINT", resolve));
  await emulator.close();
  return 0;
}
