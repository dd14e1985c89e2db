// Benchmark: the emulator vs `prism mock` of the same contract, on loopback with a bounded load.
//   npm run bench:emulator [-- --duration 5 --connections 10]
// The emulator runs in its own process (bundled from src/ with esbuild, rate limits off), autocannon
// drives it from this process. Measures session GET and session PUT (a member property update that
// really changes the session on every request): throughput and p99 latency, then the same two
// requests against `prism mock generated/openapi.json`, and reports the ratios against the targets
// (2 cores: >= 5,000 GET/s, >= 3,000 PUT/s, >= 5x prism mock).
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { build } from "esbuild";
import { freePort } from "./client-support.mjs";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "5" },
    connections: { type: "string", default: "10" },
    warmup: { type: "string", default: "1" },
  },
});
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const WARMUP = Number(values.warmup);

const SCID = "4fc10100-5f7a-4470-899b-280835760c07";
const HOST_XUID = "2535405290000001";
const SESSION = `/serviceconfigs/${SCID}/sessiontemplates/MinecraftLobby/sessions/bench-lobby`;
const HEADERS = {
  authorization: `XBL3.0 x=benchhash;${HOST_XUID}`,
  "x-xbl-contract-version": "107",
  "content-type": "application/json",
};


async function waitFor(url, label, child) {
  for (let i = 0; i < 160; i++) {
    if (child.exitCode !== null) throw new Error(`${label} exited early (${child.exitCode})`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`${label} did not start`);
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", resolve);
    child.kill("SIGTERM");
    setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 3000).unref();
  });
}

async function startEmulatorProcess() {
  mkdirSync(".tmp/bench", { recursive: true });
  await build({
    entryPoints: ["src/emulator/index.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: ".tmp/bench/emulator.mjs",
    packages: "external",
    logLevel: "warning",
  });
  const port = await freePort();
  writeFileSync(
    ".tmp/bench/run-emulator.mjs",
    `import { startEmulator } from "./emulator.mjs";\n` +
      `const emu = await startEmulator({ port: ${port}, rateLimits: false, rta: { requireLiveConnections: false } });\n` +
      `process.on("SIGTERM", () => emu.close().then(() => process.exit(0)));\n`,
  );
  const child = spawn(process.execPath, [".tmp/bench/run-emulator.mjs"], { stdio: ["ignore", "inherit", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(url, "emulator", child);
  return { child, url };
}

async function startPrismMock() {
  const port = await freePort();
  const child = spawn(process.execPath, ["node_modules/@stoplight/prism-cli/dist/index.js", "mock", "generated/openapi.json", "-h", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(url, "prism mock", child);
  return { child, url };
}

function run(url, request, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections: CONNECTIONS, pipelining: 1, duration, requests: [request] },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function measure(label, url, request) {
  if (WARMUP > 0) await run(url, request, WARMUP);
  const r = await run(url, request, DURATION);
  const ok = r["2xx"];
  return {
    label,
    requestsPerSecond: Math.round(r.requests.average),
    p99Ms: r.latency.p99,
    p50Ms: r.latency.p50,
    total: r.requests.total,
    ok2xx: ok,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

const getRequest = { method: "GET", path: SESSION, headers: HEADERS };
let counter = 0;
/** Each PUT writes a new value into the member's own properties, so every request is a real change. */
const putRequest = {
  method: "PUT",
  path: SESSION,
  headers: HEADERS,
  setupRequest: (req) => ({
    ...req,
    body: `{"members":{"me":{"properties":{"custom":{"score":${++counter},"position":{"x":${counter % 97},"y":12}}}}}}`,
  }),
};

const createBody = JSON.stringify({
  properties: {
    system: { joinRestriction: "followed", readRestriction: "followed", closed: false },
    custom: {
      hostName: "Bench", worldName: "Bench world", version: "1.21.50", MemberCount: 1, MaxMemberCount: 8,
      Joinability: "joinable_by_friends", ownerId: HOST_XUID, protocol: 1001, TransportLayer: 2, nonces: {},
      SupportedConnections: [{ ConnectionType: 7, HostIpAddress: "", HostPort: 0, NetherNetId: "12996504943305946298", PmsgId: "p" }],
    },
  },
  members: {
    me: {
      constants: { system: { xuid: HOST_XUID, initialize: true } },
      properties: { system: { active: true, connection: "2f8e4a6c-1b2d-4e3f-8a9b-0c1d2e3f4a5b", subscription: { id: "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", changeTypes: ["everything"] } } },
    },
  },
});

const results = [];
const emulator = await startEmulatorProcess();
try {
  const created = await fetch(emulator.url + SESSION, { method: "PUT", headers: HEADERS, body: createBody });
  if (created.status !== 201) throw new Error(`setup PUT answered ${created.status}: ${await created.text()}`);
  results.push(await measure("emulator GET session", emulator.url, getRequest));
  results.push(await measure("emulator PUT member property", emulator.url, putRequest));
  const after = await (await fetch(emulator.url + SESSION, { headers: HEADERS })).json();
  if (after.changeNumber < 1000) throw new Error(`PUTs did not change the session (changeNumber ${after.changeNumber})`);
} finally {
  await stop(emulator.child);
}
const prism = await startPrismMock();
try {
  results.push(await measure("prism mock GET session", prism.url, getRequest));
  results.push(await measure("prism mock PUT member property", prism.url, putRequest));
} finally {
  await stop(prism.child);
}

const [eGet, ePut, pGet, pPut] = results;
const ratioGet = eGet.requestsPerSecond / Math.max(1, pGet.requestsPerSecond);
const ratioPut = ePut.requestsPerSecond / Math.max(1, pPut.requestsPerSecond);
const checks = [
  [`emulator GET >= 5000/s`, eGet.requestsPerSecond >= 5000],
  [`emulator PUT >= 3000/s`, ePut.requestsPerSecond >= 3000],
  [`GET >= 5x prism mock`, ratioGet >= 5],
  [`PUT >= 5x prism mock`, ratioPut >= 5],
  [`no errors or non-2xx on the emulator`, eGet.non2xx + eGet.errors + ePut.non2xx + ePut.errors === 0],
];

console.log(`\nEmulator benchmark — ${cpus().length} CPU(s), ${CONNECTIONS} connections, ${DURATION}s per run (after ${WARMUP}s warm-up), Node ${process.version}\n`);
console.log("| run | req/s | p50 ms | p99 ms | 2xx | non-2xx | errors |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const r of results) console.log(`| ${r.label} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.ok2xx} | ${r.non2xx} | ${r.errors} |`);
console.log(`\nRatio emulator / prism mock: GET ${ratioGet.toFixed(1)}x, PUT ${ratioPut.toFixed(1)}x\n`);
for (const [label, ok] of checks) console.log(`${ok ? "PASS" : "MISS"}  ${label}`);

mkdirSync("reports", { recursive: true });
writeFileSync("reports/bench-emulator.json", JSON.stringify({ cpus: cpus().length, connections: CONNECTIONS, durationSeconds: DURATION, results, ratioGet, ratioPut, checks }, null, 2));
process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
