// @ts-check
// Builds the offline docs. Two pages are rendered by `redocly build-docs --inlineBundle` (Redoc 3,
// which renders OpenAPI and AsyncAPI 3.0 alike) with the Redoc settings of the root redocly.yaml:
// index.html from the bundled OpenAPI contract annotated with samples and behaviour notes, and
// rta.html from the bundled AsyncAPI document of Real-Time Activity (both from generated/, so a
// package build needs no contract sources); both are then made to work with no network
// (docs-offline.mjs). The third, lobby.html, is the lobby lifecycle rendered from Markdown
// (docs-markdown-page.mjs). Each page links to the others (docs-links.mjs). Nothing here touches the
// network: Redocly's telemetry and update check are off and Redoc is inlined from @redocly/cli.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { annotateForDocs } from "./docs-annotate.mjs";
import { LOBBY_PAGE, PAGE_LINKS, REST_PAGE, RTA_PAGE, linkRestPage, linkRtaPage } from "./docs-links.mjs";
import { renderMarkdownPage } from "./docs-markdown-page.mjs";
import { makeOffline } from "./docs-offline.mjs";
import { BUNDLED_CONTRACT, BUNDLED_RTA, LOBBY_DOC, REDOCLY_CONFIG, ROOT } from "./paths.mjs";

export const DEFAULT_SPEC = BUNDLED_CONTRACT;
export const DEFAULT_OUT = join(ROOT, "dist", "docs");

/**
 * @typedef {object} BuildDocsOptions
 * @property {string} [specPath] the bundled contract to render (default generated/openapi.json)
 * @property {string} [outDir] replaced as a whole (default dist/docs)
 * @property {string} [title] title of the REST page (default the contract's info.title)
 */

/** Path of the `redocly` command inside @redocly/cli. */
function redoclyCli() {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("@redocly/cli/package.json");
  const bin = JSON.parse(readFileSync(pkgPath, "utf8")).bin.redocly;
  return join(dirname(pkgPath), bin);
}

/**
 * @param {string} path
 * @param {string} what
 */
function readJson(path, what) {
  const text = readText(path, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`build-docs: ${what} at ${path} is not JSON: ${error instanceof Error ? error.message : error}`);
  }
}

/**
 * @param {string} path
 * @param {string} what
 */
function readText(path, what) {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`build-docs: cannot read ${what} at ${path}: ${error instanceof Error ? error.message : error}`);
  }
}

/**
 * Renders one document (written as JSON into `work`) to an offline page.
 * @param {string} work scratch folder
 * @param {any} doc OpenAPI or AsyncAPI document, fully bundled
 * @param {string} page output file name
 * @param {string} [title]
 * @returns {string} the page's HTML
 */
function renderPage(work, doc, page, title) {
  const input = `${page}.source.json`;
  writeFileSync(join(work, input), JSON.stringify(doc));
  const args = [redoclyCli(), "build-docs", input, "-o", page, "--config", REDOCLY_CONFIG, "--lint-config", "off", "--inlineBundle"];
  if (title) args.push("--title", title);
  const run = spawnSync(process.execPath, args, {
    cwd: work,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
  });
  if (run.status !== 0) {
    throw new Error(`build-docs: redocly exited with ${run.status ?? run.signal} rendering ${page}\n${run.stderr}\n${run.stdout}`);
  }
  return makeOffline(readFileSync(join(work, page), "utf8"));
}

/**
 * Builds the docs into `outDir` (written beside it and renamed, so a failed build leaves the old
 * docs). Returns the folder and the names of the files written.
 * @param {BuildDocsOptions} [options]
 * @returns {{ outDir: string, files: string[] }}
 */
export function buildDocs({ specPath = DEFAULT_SPEC, outDir = DEFAULT_OUT, title } = {}) {
  const contract = readJson(specPath, "the contract");
  const rta = readJson(BUNDLED_RTA, "the RTA AsyncAPI document");
  const work = mkdtempSync(join(tmpdir(), "xbl-docs-"));
  try {
    /** @type {Record<string, string>} */
    const files = {
      [REST_PAGE]: renderPage(work, linkRestPage(annotateForDocs(contract)), REST_PAGE, title),
      [RTA_PAGE]: renderPage(work, linkRtaPage(rta), RTA_PAGE),
      [LOBBY_PAGE]: renderMarkdownPage(readText(LOBBY_DOC, "the lobby lifecycle page"), { nav: PAGE_LINKS, current: "Lobby lifecycle" }),
    };

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
