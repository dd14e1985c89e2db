// `xbl-multiplayer demo`, the command behind `npm start`, bundled from src/cli.ts with esbuild and run
// as a real process: both parts run and pass, the output shows each step of the lobby's life, the
// process exits 0 on its own, and nothing secret is printed. Bad options and credentials fail with
// exit code 1 and a message that names the problem, not the tokens.
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_NETHERNET_ID } from "../../src/demo/run-demo.js";
import { bundleCli } from "../support/cli-bundle.js";

let dir: string;
let cli: string;
beforeAll(async () => {
  ({ dir, cli } = await bundleCli("demo-cli-"));
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI to its end (killed after `limitMs`); stdout and stderr, and the exit code. */
function runCli(args: string[], limitMs = 100_000): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, out, err });
    });
  });
}

// The demo's users; on the emulator the token part of the credentials is the XUID itself.
const SECRETS = ["2535405290000001", "2535405290000002", "2535405290000003", "2535405290000004", "demo-Steve", "demo-Alex", "demo-Sunny", "demo-Kai", "XBL3.0"];

describe("xbl-multiplayer demo", () => {
  it("runs the lobby part and then the REST part, prints every step, exits 0 and prints no secret", async () => {
    const { code, out, err } = await runCli(["demo", "--no-serve"]);
    expect(err).toBe("");
    expect(code).toBe(0);

    const lobbyStart = out.indexOf("Lobby on Real-Time Activity, on an emulator with a virtual clock");
    const restStart = out.indexOf("Sessions, handles and session hosts with the typed client");
    expect(lobbyStart).toBeGreaterThan(0);
    expect(restStart).toBeGreaterThan(lobbyStart);
    const lobby = out.slice(lobbyStart, restStart);
    const steps = [...lobby.matchAll(/^ +\+\d+\.\d s +(\d+)\. (.*)$/gm)].map((m) => `${m[1]}. ${m[2]!.replace(/[0-9a-f]{8}…/g, "<id>").split(" ").slice(0, 4).join(" ")}`);
    expect(steps).toEqual([
      "1. Steve hosts lobby <id>",
      "2. Alex finds Steve's activity",
      "3. Steve invites Sunny (lobby.invite:",
      "4. The emulator drops Steve's",
      "5. The emulator leaves Steve's",
      "6. Kai finds the lobby",
      "7. Kai, Sunny, Alex leave;",
      "8. Steve closes the lobby:",
    ]);
    expect(lobby).toContain(`NetherNetId ${String(DEMO_NETHERNET_ID)}`);
    expect(lobby.match(/Steve is still an active member on the new connection/g)).toHaveLength(2);
    expect(lobby).toMatch(/Lobby part passed: 8 steps in \d+\.\d s of virtual time\. The lobby survived a dropped socket \(repaired \d+\.\d s after it\) and a half-open one \(found after \d+\.\d s, repaired \d+\.\d s later\) without a rejoin\./);
    expect(out.slice(restStart)).toContain(`read NetherNetId ${String(DEMO_NETHERNET_ID)} as a bigint, exactly`);
    expect(out).toContain("REST part passed: 8 steps against the local emulator.");
    for (const secret of SECRETS) expect(out).not.toContain(secret);
  }, 120_000);

  it("--help names both parts and the options", async () => {
    const { code, out } = await runCli(["demo", "--help"]);
    expect(code).toBe(0);
    for (const want of ["--only PART", "lobby ", "rest ", "--no-serve", "--real FILE", "newcomer"]) expect(out).toContain(want);
  });

  it("refuses an unknown part with exit code 1", async () => {
    const { code, out, err } = await runCli(["demo", "--only", "everything", "--no-serve"]);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err.trim()).toBe('--only must be lobby or rest, not "everything"');
  });

  it("--real with an incomplete credentials file names what is missing and prints no token", async () => {
    const file = join(dir, "credentials.json");
    const user = (n: number) => ({ xuid: `25354052900001${n}`, userHash: `hash-secret-${n}`, xstsToken: `token-secret-${n}` });
    writeFileSync(
      file,
      JSON.stringify({
        scid: "4fc10100-5f7a-4470-899b-280835760c07",
        templateName: "MinecraftLobby",
        titleId: "896928775",
        cloudGameId: "1b7f9925-369c-4301-b1f7-1125dce25776",
        locations: ["West US"],
        users: { host: user(1), friend: user(2), invitee: { ...user(3), xstsToken: "" }, newcomer: user(4) },
      }),
    );
    const { code, out, err } = await runCli(["demo", "--real", file]);
    expect(code).toBe(1);
    expect(err).toContain("users.invitee needs xuid (decimal), userHash and xstsToken");
    expect(`${out}${err}`).not.toMatch(/secret/);
  });
});
