// @ts-check
// Builds the offline API docs: annotates the bundled contract (samples, behaviour notes), renders it
// with `redocly build-docs --inlineBundle` using the Redoc settings of the root redocly.yaml, then
// makes the page work with no network (docs-offline.mjs). Nothing here touches the network: Redocly's
// telemetry and update check are switched off and the Redoc bundle is inlined from @redocly/cli.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { annotateForDocs } from "./docs-annotate.mjs";
import { makeOffline } from "./docs-offline.mjs";
import { BUNDLED_CONTRACT, REDOCLY_CONFIG, ROOT } from "./paths.mjs";

export const DEFAULT_SPEC = BUNDLED_CONTRACT;
export const DEFAULT_OUT = join(ROOT, "dist", "docs");

/**
 * @typedef {object} BuildDocsOptions
 * @property {string} [specPath] the bundled contract to render (default generated/openapi.json)
 * @property {string} [outDir] replaced as a whole (default dist/docs)
 * @property {string} [title] page title (default the contract's info.title)
 */

/** Path of the `redocly` command inside @redocly/cli. */
function redoclyCli() {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("@redocly/cli/package.json");
  const bin = JSON.parse(readFileSync(pkgPath, "utf8")).bin.redocly;
  return join(dirname(pkgPath), bin);
}

/**
 * Builds the docs into `outDir` (written beside it and renamed, so a failed build leaves the old
 * docs). Returns the folder and the names of the files written.
 * @param {BuildDocsOptions} [options]
 * @returns {{ outDir: string, files: string[] }}
 */
export function buildDocs({ specPath = DEFAULT_SPEC, outDir = DEFAULT_OUT, title } = {}) {
  let contract;
  try {
    contract = JSON.parse(readFileSync(specPath, "utf8"));
  } catch (error) {
    throw new Error(`build-docs: cannot read the contract at ${specPath}: ${error instanceof Error ? error.message : error}`);
  }
  const work = mkdtempSync(join(tmpdir(), "xbl-docs-"));
  try {
    writeFileSync(join(work, "openapi.json"), JSON.stringify(annotateForDocs(contract)));
    const args = [redoclyCli(), "build-docs", "openapi.json", "-o", "index.html", "--config", REDOCLY_CONFIG, "--lint-config", "off", "--inlineBundle"];
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
    return { outDir, files: Object.keys(files) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
