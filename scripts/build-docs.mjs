#!/usr/bin/env node
// `npm run docs`: renders the bundled contract (generated/openapi.json) to dist/docs/ with
// `redocly build-docs --inlineBundle`, then makes the result work offline (scripts/docs-offline.mjs):
// one index.html that renders from file://, from the emulator's /docs, or any other static server.
// Usage: node scripts/build-docs.mjs [--spec generated/openapi.json] [--out dist/docs]
// Nothing here touches the network: Redocly's telemetry and update check are switched off, and the
// Redoc bundle is inlined from @redocly/cli instead of imported from its CDN.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { annotateForDocs } from "./docs-annotate.mjs";
import { makeOffline } from "./docs-offline.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_SPEC = join(ROOT, "generated", "openapi.json");
export const DEFAULT_OUT = join(ROOT, "dist", "docs");

// Redoc options (redocly.yaml `openapi:` section). Redoc 3 only shows x-codeSamples whose label is one
// of `codeSamples.languages`; TypeScript first makes our client the sample a reader sees by default.
const REDOC_CONFIG = [
  "openapi:",
  "  codeSamples:",
  "    languages:",
  "      - lang: TypeScript",
  "        label: TypeScript",
  "      - lang: curl",
  "      - lang: Payload",
  "  jsonSamplesDepth: 3",
  // Nested schema fields deeper than this level cannot be opened at all (default 4); the contract's
  // session documents nest five levels (constants.system.memberInitialization.membersNeededToStart).
  "  fieldExpandLevel: 8",
  "",
].join("\n");

function redoclyCli() {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("@redocly/cli/package.json");
  const bin = JSON.parse(readFileSync(pkgPath, "utf8")).bin.redocly;
  return join(dirname(pkgPath), bin);
}

/**
 * Builds the docs into `outDir` (replaced as a whole, so a failed build leaves the old docs).
 * Returns the list of files written and the build time.
 */
export function buildDocs({ specPath = DEFAULT_SPEC, outDir = DEFAULT_OUT, title } = {}) {
  const started = performance.now();
  let contract;
  try {
    contract = JSON.parse(readFileSync(specPath, "utf8"));
  } catch (error) {
    throw new Error(`build-docs: cannot read the contract at ${specPath}: ${error.message}`);
  }
  const work = mkdtempSync(join(tmpdir(), "xbl-docs-"));
  try {
    writeFileSync(join(work, "openapi.json"), JSON.stringify(annotateForDocs(contract)));
    writeFileSync(join(work, "redocly.yaml"), REDOC_CONFIG);
    const args = [redoclyCli(), "build-docs", "openapi.json", "-o", "index.html", "--config", "redocly.yaml", "--lint-config", "off", "--inlineBundle"];
    if (title) args.push("--title", title);
    const run = spawnSync(process.execPath, args, {
      cwd: work,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
    });
    if (run.status !== 0) {
      throw new Error(`build-docs: redocly exited with ${run.status ?? run.signal}\n${run.stderr}\n${run.stdout}`);
    }
    const files = makeOffline(readFileSync(join(work, "index.html"), "utf8"));

    const staging = `${outDir}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(staging, name), text);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(dirname(outDir), { recursive: true });
    renameSync(staging, outDir);
    return { outDir, files: Object.keys(files), ms: Math.round(performance.now() - started) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const FLAGS = { "--spec": ["specPath", resolve], "--out": ["outDir", resolve], "--title": ["title", String] };

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = FLAGS[argv[i]];
    const value = argv[i + 1];
    if (!flag || value === undefined) {
      throw new Error(`build-docs: bad argument ${argv[i]}. Usage: build-docs.mjs [--spec file] [--out dir] [--title text]`);
    }
    opts[flag[0]] = flag[1](value);
  }
  return opts;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const result = buildDocs(parseArgs(process.argv.slice(2)));
    console.log(`docs: ${result.files.join(", ")} -> ${result.outDir} (${result.ms} ms)`);
  } catch (error) {
    console.error(error.message);
    process.exitCode = 1;
  }
}
