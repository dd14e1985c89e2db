// The `xbl-multiplayer emulator` CLI (bundled from src/cli.ts with esbuild and run as a real
// process) and the /docs static route.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { operations } from "../../generated/operations.js";
import { startEmulator } from "../../src/emulator/index.js";
import { bundleCli } from "../support/cli-bundle.js";
import { Api, HOST, joinBody, sessionPath } from "../support/emulator-api.js";

let dir: string;
let cli: string;
beforeAll(async () => {
  ({ dir, cli } = await bundleCli("emulator-cli-"));
  mkdirSync(join(dir, "docs", "sub"), { recursive: true });
  writeFileSync(join(dir, "docs", "index.html"), "<!doctype html><title>API docs</title>");
  writeFileSync(join(dir, "docs", "sub", "page.css"), "body{}");
  writeFileSync(join(dir, "secret.txt"), "outside the docs dir");
  writeFileSync(
    join(dir, "config.json"),
    JSON.stringify({
      templates: { TinyLobby: { constants: { system: { maxMembersCount: 2, visibility: "open" } } } },
      // The session written below carries a fixed ConnectionId, not one from an RTA socket.
      rta: { requireLiveConnections: false },
      sessionHosts: { regions: { "North Europe": 1 } },
    }),
  );
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCli(args: string[], onListening?: (url: string) => Promise<void>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let started = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match && !started && onListening) {
        started = true;
        onListening(match[1]!).then(
          () => child.kill("SIGTERM"),
          (error) => {
            child.kill("SIGKILL");
            reject(error);
          },
        );
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, out });
    });
  });
}

describe("xbl-multiplayer emulator (CLI)", () => {
  it("starts with --port 0 --config --docs-dir --no-rate-limits, serves the config's templates and docs, stops on SIGTERM", async () => {
    const { code, out } = await runCli(
      ["emulator", "--port", "0", "--config", join(dir, "config.json"), "--docs-dir", join(dir, "docs"), "--no-rate-limits"],
      async (url) => {
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        const api = new Api(url);
        const created = await api.put(sessionPath("cli-session", "TinyLobby"), joinBody(HOST));
        expect(created.status).toBe(201);
        expect(created.body.constants.system.maxMembersCount).toBe(2);
        const host = await api.post("/titles/896928775/sessionhosts", {
          sessionId: "3536d3e6-e85d-4f47-b898-9617d19dabcd", cloudGameId: "6c7a1f0e-2b3c-4d5e-8f9a-0b1c2d3e4f5a", locations: ["North Europe"],
        });
        expect(host.body.region).toBe("NorthEurope");
        const docs = await fetch(`${url}/docs`);
        expect(docs.headers.get("content-type")).toMatch(/^text\/html/);
        expect(await docs.text()).toContain("API docs");
        expect((await fetch(`${url}/docs/sub/page.css`)).headers.get("content-type")).toMatch(/^text\/css/);
        // More reads by one user than the contract's smallest limit allows: rate limits are off.
        const limit = Math.min(...operations.getSession.rateLimits.map((l) => l.requests));
        for (let i = 0; i < limit + 5; i++) expect((await api.get(sessionPath("cli-session", "TinyLobby"))).status).toBe(200);
      },
    );
    expect(code, out).toBe(0);
  }, 30_000);

  it("--faults applies the spec; bad options exit 2 with usage; --help exits 0", async () => {
    const faulty = await runCli(["emulator", "--port", "0", "--faults", "503=1"], async (url) => {
      const res = await new Api(url).get(sessionPath("x"));
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("1");
    });
    expect(faulty.code, faulty.out).toBe(0);
    const bad = await runCli(["emulator", "--port", "70000"]);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/--port/);
    const unknown = await runCli(["emulator", "--nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/Usage: xbl-multiplayer emulator/);
    const badFaults = await runCli(["emulator", "--faults", "500=3"]);
    expect(badFaults.code).toBe(2);
    expect(badFaults.out).toMatch(/--faults: .*between 0 and 1/);
    const help = await runCli(["emulator", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/token part is the\s+caller's decimal XUID/);
    const top = await runCli(["nonsense"]);
    expect(top.code).toBe(2);
    expect(top.out).toMatch(/emulator/);
  }, 30_000);
});

describe("/docs", () => {
  it("404 text/plain without a docs directory; no escape from the directory", async () => {
    const none = await startEmulator({ docsDir: join(dir, "does-not-exist") });
    try {
      const res = await fetch(`${none.url}/docs`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    } finally {
      await none.close();
    }
    const docs = await startEmulator({ docsDir: join(dir, "docs") });
    try {
      for (const path of ["/docs/../secret.txt", "/docs/%2e%2e/secret.txt", "/docs/..%2fsecret.txt", "/docs/%00"]) {
        const res = await fetch(`${docs.url}${path}`);
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        expect(await res.text(), path).not.toContain("outside the docs dir");
      }
      expect((await fetch(`${docs.url}/docs/`)).status).toBe(200);
      expect((await fetch(`${docs.url}/docs`, { method: "POST" })).status).toBe(405);
    } finally {
      await docs.close();
    }
  });
});
