// Runs the Arazzo workflows in openapi/arazzo with `redocly respect` against a freshly started
// emulator: respect checks each step's status, content type and body schema against the contract.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { startEmulator } from "../../src/emulator/index.js";
import { HOST, PEER } from "../support/emulator-api.js";

const ARAZZO_DIR = "openapi/arazzo";
const files = readdirSync(ARAZZO_DIR).filter((f) => f.endsWith(".arazzo.yaml")).sort();

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("Arazzo workflows (redocly respect)", () => {
  it("has workflows for the session flows and for allocation", () => {
    expect(files).toEqual(expect.arrayContaining(["allocation.arazzo.yaml", "sessions.arazzo.yaml"]));
  });

  for (const file of files) {
    it(`${file} passes against a fresh emulator`, async () => {
      // The workflows replay the contract's examples, whose ConnectionIds no socket ever issued.
      const emu = await startEmulator({ rateLimits: false, rta: { requireLiveConnections: false }, follows: { [HOST]: [PEER], [PEER]: [HOST] } });
      try {
        const { code, output } = await run("npx", ["redocly", "respect", `${ARAZZO_DIR}/${file}`, "--server", `xbl=${emu.url}`], 45_000);
        expect(code, output).toBe(0);
        // Every workflow and every check passed (none failed, none skipped).
        expect(output).toMatch(/Workflows: (\d+) passed, \1 total/);
        expect(output).toMatch(/Checks: (\d+) passed, \1 total/);
      } finally {
        await emu.close();
      }
    }, 60_000);
  }
});
