// `xbl-multiplayer demo`: runs the end-to-end demo against a freshly started local emulator (the
// default), or against Xbox Live with `--real credentials.json`. With --serve (the default on a
// terminal) the emulator keeps running afterwards so its docs can be browsed.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createXblClient } from "../client/create-client.js";
import { startEmulator } from "../emulator/index.js";
import { runDemo, type DemoSettings, type DemoUser } from "./run-demo.js";

const HELP = `Usage: xbl-multiplayer demo [--port N] [--serve | --no-serve] [--real credentials.json]

Runs the end-to-end demo: create a lobby holding a uint64, join, activity, invite, handle queries,
a conditional update, a session-host allocation, and everyone leaves.

  --port N       emulator port (default: a free one)
  --serve        keep the emulator (and its /docs) running after the demo; default on a terminal
  --no-serve     exit when the demo is done; default when not on a terminal
  --real FILE    run against Xbox Live instead. FILE is JSON:
                 { "scid", "templateName", "titleId", "cloudGameId", "locations": [..],
                   "users": { "host" | "friend" | "invitee": { "xuid", "userHash", "xstsToken" } } }
                 The friend must follow the host; tokens are never printed.`;

const DEMO_SCID = "4fc10100-5f7a-4470-899b-280835760c07";
const XUIDS = { host: "2535405290000001", friend: "2535405290000002", invitee: "2535405290000003" } as const;

interface RealCredentials {
  scid: string;
  templateName: string;
  titleId: string;
  cloudGameId: string;
  locations: string[];
  users: Record<"host" | "friend" | "invitee", { xuid: string; userHash: string; xstsToken: string }>;
}

function readCredentials(file: string): RealCredentials {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<RealCredentials>;
  for (const key of ["scid", "templateName", "titleId", "cloudGameId", "locations", "users"] as const) {
    if (parsed[key] === undefined) throw new Error(`${file}: "${key}" is missing`);
  }
  for (const role of ["host", "friend", "invitee"] as const) {
    const user = parsed.users?.[role];
    if (!user?.xuid || !user.userHash || !user.xstsToken) throw new Error(`${file}: users.${role} needs xuid, userHash and xstsToken`);
  }
  return parsed as RealCredentials;
}

async function runReal(file: string, log: (line: string) => void): Promise<number> {
  const creds = readCredentials(file);
  const user = (name: string, role: keyof RealCredentials["users"]): DemoUser => {
    const { xuid, userHash, xstsToken } = creds.users[role];
    return { name, xuid, client: createXblClient({ auth: { userHash, xstsToken } }) };
  };
  log("Running the demo against Xbox Live");
  await runDemo({
    host: user("host", "host"),
    friend: user("friend", "friend"),
    invitee: user("invitee", "invitee"),
    scid: creds.scid,
    templateName: creds.templateName,
    titleId: creds.titleId,
    cloudGameId: creds.cloudGameId,
    locations: creds.locations,
    log,
  });
  log("Demo passed.");
  return 0;
}

export async function runDemoCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
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
  if (values.real) return runReal(values.real, log);

  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}"`);
  const serve = values["no-serve"] ? false : (values.serve ?? process.stdout.isTTY === true);

  const emulator = await startEmulator({
    port,
    follows: { [XUIDS.host]: [XUIDS.friend, XUIDS.invitee], [XUIDS.friend]: [XUIDS.host], [XUIDS.invitee]: [XUIDS.host] },
  });
  log(`Local emulator: ${emulator.url}   (docs: ${emulator.url}/docs)`);
  // Emulator convention: the token part of "XBL3.0 x=<userhash>;<token>" is the caller's XUID.
  const user = (name: string, xuid: string): DemoUser => ({
    name,
    xuid,
    client: createXblClient({ baseUrl: emulator.url, auth: { userHash: `demo-${name}`, xstsToken: xuid } }),
  });
  const settings: DemoSettings = {
    host: user("Steve", XUIDS.host),
    friend: user("Alex", XUIDS.friend),
    invitee: user("Sunny", XUIDS.invitee),
    scid: DEMO_SCID,
    templateName: "MinecraftLobby",
    titleId: "896928775",
    cloudGameId: "1b7f9925-369c-4301-b1f7-1125dce25776",
    locations: ["West US", "East US"],
    log,
  };
  try {
    const result = await runDemo(settings);
    log(`Demo passed: ${result.steps} steps against the local emulator.`);
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
