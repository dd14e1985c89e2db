// @ts-check
// Makes a `redocly build-docs --inlineBundle` page self-contained. The CLI inlines the Redoc 3 bundle
// it ships (lib/chunks/redoc.standalone.js; the npm `redoc` package cannot be installed here), but
// that bundle still shows a logo from cdn.redoc.ly and knows icon bases on cdn.redocly.com: those
// addresses are replaced, so each page works from file://, /docs or /docs/ with no network.
// Also exports the check the tests use: which resources a page would load from a remote origin.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Path of the Redoc 3 standalone bundle that ships inside @redocly/cli. */
export function redocBundlePath() {
  const require = createRequire(import.meta.url);
  const cliRoot = dirname(require.resolve("@redocly/cli/package.json"));
  return join(cliRoot, "lib", "chunks", "redoc.standalone.js");
}

// A plain wordmark of our own for the "API docs by" footer, as a data: URL (base64 keeps it inert
// inside the bundle's string literals).
const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16" viewBox="0 0 64 16">' +
  '<text x="0" y="12" font-family="sans-serif" font-size="12" fill="#0044d4">Redocly</text></svg>';
const LOGO_DATA_URL = `data:image/svg+xml;base64,${Buffer.from(LOGO_SVG).toString("base64")}`;

// Every CDN address in the 3.0.1 bundle and its local stand-in. The icon bases serve icon sets our
// contract never asks for; pointing them at a relative folder means such a request would stay on
// the docs' own origin (and find nothing) instead of leaving the machine.
/** @type {[RegExp, string][]} */
const BUNDLE_REWRITES = [
  [/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g, LOGO_DATA_URL],
  [/https:\/\/cdn\.redocly\.com\/icons\//g, "./icons/"],
];

const CDN_ADDRESS = /https?:\/\/cdn\.[a-z0-9.-]+\/[^\s"'`)]*/i;

/**
 * Rewrites one page and returns it.
 * Throws when the page does not have the shape we rewrite (built without --inlineBundle, or a CLI
 * upgrade changed it) or when any remote load is left, so a broken build never looks like a working one.
 * @param {string} html
 * @returns {string}
 */
export function makeOffline(html) {
  if (/import\s*\{\s*hydrate\s*\}\s*from\s*["']https?:/.test(html)) {
    throw new Error("docs-offline: the page imports Redoc from a remote origin; build it with --inlineBundle");
  }
  if (!/<script type="module">[\s\S]*\bhydrate\(__redoc_definition/.test(html)) {
    throw new Error("docs-offline: build-docs output has an unexpected shape (no inline Redoc hydrate call)");
  }
  let page = html;
  for (const [pattern, local] of BUNDLE_REWRITES) page = page.replace(pattern, local);
  const left = CDN_ADDRESS.exec(page);
  if (left) throw new Error(`docs-offline: CDN address left in the page: ${left[0]}`);

  // Without an icon link the browser asks the server for /favicon.ico, outside the docs folder.
  if (!/<link[^>]+rel="(?:shortcut )?icon"/i.test(page)) page = page.replace(/<head>/i, '<head>\n  <link rel="icon" href="data:," />');

  const remote = findRemoteLoads(page);
  if (remote.length > 0) throw new Error(`docs-offline: page still loads remote resources: ${remote.join(", ")}`);
  return page;
}

const LOAD_ATTRS = /<(script|link|img|image|use|iframe|source|audio|video|embed|object|track|input)\b[^>]*>/gi;
const URL_ATTR = /\s(src|href|srcset|data|poster|action)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/**
 * Remote URLs the page would fetch on its own: element sources (not <a> links, which only navigate),
 * module imports, CSS url()/@import. Protocol-relative `//host` counts as remote.
 * @param {string} html
 * @returns {string[]}
 */
export function findRemoteLoads(html) {
  /** @type {Set<string>} */
  const found = new Set();
  const isRemote = (/** @type {string} */ u) => /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(u.trim()) && !/^(?:https?:)?\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/]|$)/i.test(u.trim());
  for (const tag of html.matchAll(LOAD_ATTRS)) {
    for (const attr of tag[0].matchAll(URL_ATTR)) {
      const value = attr[3] ?? attr[4] ?? attr[5] ?? "";
      const urls = attr[1]?.toLowerCase() === "srcset" ? value.split(",").map((s) => s.trim().split(/\s+/)[0] ?? "") : [value];
      for (const u of urls) if (isRemote(u)) found.add(u);
    }
  }
  const codePatterns = [
    /\bimport\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g, // static import / side-effect import
    /\bimport\(\s*["']([^"']+)["']\s*\)/g, // dynamic import
    /url\(\s*["']?([^"')]+)["']?\s*\)/g, // CSS url()
    /@import\s+["']([^"']+)["']/g, // CSS @import
  ];
  for (const block of html.matchAll(/<(script|style)\b[^>]*>([\s\S]*?)<\/\1>/gi)) {
    for (const pattern of codePatterns) {
      for (const m of (block[2] ?? "").matchAll(pattern)) if (m[1] && isRemote(m[1])) found.add(m[1]);
    }
  }
  for (const m of html.matchAll(/\sstyle\s*=\s*"([^"]*)"/gi)) {
    for (const u of (m[1] ?? "").matchAll(/url\(\s*['"]?([^'")]+)/g)) if (u[1] && isRemote(u[1])) found.add(u[1]);
  }
  return [...found];
}
