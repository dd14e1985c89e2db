#!/usr/bin/env node
// @ts-check
// `npm run docs`: renders the bundled contract to dist/docs/index.html, the Real-Time Activity
// AsyncAPI document to dist/docs/rta.html and docs/lobby-lifecycle.md to dist/docs/lobby.html, pages
// that work from file://, from the emulator's /docs or any static server, with no network
// (scripts/lib/docs-build.mjs).
// Usage: node scripts/build-docs.mjs [--spec generated/openapi.json] [--out dist/docs] [--title text]
import { resolve } from "node:path";
import { buildDocs } from "./lib/docs-build.mjs";

/** @typedef {import("./lib/docs-build.mjs").BuildDocsOptions} BuildDocsOptions */

/** @type {Record<string, keyof BuildDocsOptions>} */
const FLAGS = { "--spec": "specPath", "--out": "outDir", "--title": "title" };

/**
 * @param {string[]} argv
 * @returns {BuildDocsOptions}
 */
function parseArgs(argv) {
  /** @type {BuildDocsOptions} */
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const key = flag === undefined ? undefined : FLAGS[flag];
    const value = argv[i + 1];
    if (!key || value === undefined) {
      throw new Error(`build-docs: bad argument ${flag}. Usage: build-docs.mjs [--spec file] [--out dir] [--title text]`);
    }
    options[key] = key === "title" ? value : resolve(value);
  }
  return options;
}

try {
  const result = buildDocs(parseArgs(process.argv.slice(2)));
  console.log(`docs: ${result.files.join(", ")} -> ${result.outDir}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
