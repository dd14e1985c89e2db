// Shared helpers for the client benchmarks: bundle a TypeScript entry with esbuild into a temp file
// (tsx is not installed) and time an async function in rounds, reporting the median ops/s.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createServer } from "node:net";
import { build } from "esbuild";

export const root = fileURLToPath(new URL("..", import.meta.url));

/** Compile `entry` (relative to the repo root) to ESM and import it. Dependencies stay external. */
export function importTs(entry) {
  return importBundle({ entryPoints: [join(root, entry)] });
}

/**
 * Compile several entries (name → path relative to the repo root) into one bundle and import it as
 * { name: namespace }: the modules share one copy of what they import (classes, so `instanceof` holds).
 */
export function importTsModules(entries) {
  const contents = Object.entries(entries)
    .map(([name, path]) => `export * as ${name} from ${JSON.stringify(`./${path}`)};`)
    .join("\n");
  return importBundle({ stdin: { contents, resolveDir: root, loader: "ts", sourcefile: "bench-entry.ts" } });
}

async function importBundle(input) {
  // Inside node_modules/.cache so the compiled file resolves the project's packages.
  const cache = join(root, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, "xbl-bench-"));
  const outfile = join(dir, "entry.mjs");
  await build({
    ...input,
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    packages: "external",
    absWorkingDir: root,
    logLevel: "warning",
    nodePaths: [join(root, "node_modules")],
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true }); // loaded already; leave no files behind
  }
}

/** Median ops/s of `fn` over `rounds` rounds of `iterations` calls, after a warm-up. */
export async function opsPerSecond(fn, { iterations = 5000, rounds = 7, warmup = 3000 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const results = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    const ns = Number(process.hrtime.bigint() - start);
    results.push((iterations * 1e9) / ns);
  }
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)];
}

/** Same as opsPerSecond for synchronous work (no await per call). */
export function opsPerSecondSync(fn, { iterations = 2000, rounds = 9, warmup = 2000 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const results = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    const ns = Number(process.hrtime.bigint() - start);
    results.push((iterations * 1e9) / ns);
  }
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)];
}

/** A Minecraft lobby session document of about `targetBytes`, optionally with a NetherNetId above 2^53. */
export function sessionDocument(targetBytes, { bigint = true } = {}) {
  const members = {};
  for (let i = 0; i < 64 && JSON.stringify(members).length < targetBytes - 1200; i++) {
    members[i] = {
      constants: { system: { xuid: String(2535405290311111 + i), index: i, initialize: true } },
      properties: {
        system: { active: true, connection: "c3a4d5e6-1234-4321-abcd-0123456789ab", subscription: { id: "0f0e0d0c-0b0a-0908-0706-050403020100", changeTypes: ["everything"] } },
        custom: { gamertag: `Player${i}`, ready: i % 2 === 0 },
      },
      gamertag: `Gamer${i}`,
      activeTitleId: "896928775",
      joinTime: "2026-11-21T08:00:00.000Z",
    };
  }
  const netherNetId = bigint ? "12996504943305946298" : "1299650494330594";
  return (
    `{"membersInfo":{"first":0,"next":${Object.keys(members).length},"count":${Object.keys(members).length},"accepted":1,"active":1},` +
    `"constants":{"system":{"version":1,"maxMembersCount":30,"visibility":"open","capabilities":{"connectivity":true,"gameplay":true,"crossPlay":true}},"custom":{}},` +
    `"properties":{"system":{"joinRestriction":"followed","readRestriction":"followed","closed":false},"custom":{"hostName":"Host","ownerId":"2535405290311111","version":"1.21.0","worldName":"World","protocol":700,"MemberCount":3,"MaxMemberCount":20,"TransportLayer":2,"TitleId":0,` +
    `"SupportedConnections":[{"ConnectionType":7,"HostIpAddress":"","HostPort":0,"NetherNetId":${netherNetId},"PmsgId":"p"}],"nonces":{}}},` +
    `"members":${JSON.stringify(members)},"key":"4fc10100-5f7a-4470-899b-280835760c07~MinecraftLobby~abc","contractVersion":107,"branch":"b1d3a0c2-0000-4000-8000-000000000001","changeNumber":5,"correlationId":"d1a2b3c4-0000-4000-8000-000000000002","startTime":"2026-11-21T08:00:00.000Z"}`
  );
}

export function printTable(title, rows) {
  console.log(`\n${title}`);
  console.table(rows);
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
