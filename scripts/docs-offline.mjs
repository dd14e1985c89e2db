// Makes a `redocly build-docs` page self-contained: the page imports Redoc from cdn.redocly.com and the
// bundle shows a logo from cdn.redoc.ly, so we ship our own copy of the bundle (the exact file the CLI
// hashes for its CDN `integrity`) with every CDN address pointed at files next to index.html.
// Also exports the check the tests use: which resources a page would load from a remote origin.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export const REDOC_BUNDLE_FILE = "redoc.standalone.js";
const LOGO_FILE = "redocly-logo.svg";

/** Path of the Redoc 3 standalone bundle that ships inside @redocly/cli (the npm `redoc` package is unusable here). */
export function redocBundlePath() {
  const require = createRequire(import.meta.url);
  const cliRoot = dirname(require.resolve("@redocly/cli/package.json"));
  return join(cliRoot, "lib", "chunks", REDOC_BUNDLE_FILE);
}

function sri(text) {
  return `sha384-${createHash("sha384").update(text).digest("base64")}`;
}

// A plain wordmark of our own; the page only uses it for the "API docs by" footer.
const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16" viewBox="0 0 64 16">' +
  '<text x="0" y="12" font-family="sans-serif" font-size="12" fill="#0044d4">Redocly</text></svg>\n';

// Every CDN address the 3.0.1 bundle contains, and the local stand-in for each. The icon bases are only
// used for icon sets our contract never asks for; pointing them at a local folder keeps the page offline
// even if that changes (the request would 404 on loopback instead of leaving the machine).
const BUNDLE_REWRITES = [
  [/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g, `./${LOGO_FILE}`],
  [/https:\/\/cdn\.redocly\.com\/icons\//g, "./icons/"],
];

/**
 * Rewrites the page and the bundle. Returns the files to write into the docs folder.
 * Throws when the page does not have the shape we rewrite (a CLI upgrade changed it) or when any
 * remote load is left, so a broken build never looks like a working one.
 */
export function makeOffline(html, bundleText = readFileSync(redocBundlePath(), "utf8")) {
  const cdnImport = /https:\/\/cdn\.redocly\.com\/redoc\/v[\d.]+\/bundles\/redoc\.standalone\.js/g;
  const cdnUses = html.match(cdnImport) ?? [];
  if (cdnUses.length === 0) {
    throw new Error("docs-offline: build-docs output no longer imports Redoc from the CDN; update scripts/docs-offline.mjs");
  }
  // The CLI pins the CDN copy with the hash of the bundle it ships; equal hashes prove we serve the same code.
  const declared = /integrity="(sha384-[^"]+)"/.exec(html)?.[1];
  if (declared !== undefined && declared !== sri(bundleText)) {
    throw new Error("docs-offline: the local Redoc bundle differs from the one the page was built for");
  }

  let bundle = bundleText;
  for (const [pattern, local] of BUNDLE_REWRITES) bundle = bundle.replace(pattern, local);
  const leftInBundle = bundle.match(/https?:\/\/cdn\.[a-z0-9.-]+\/[^\s"'`)]*/gi);
  if (leftInBundle) throw new Error(`docs-offline: CDN address left in the Redoc bundle: ${leftInBundle[0]}`);

  let page = html.replace(cdnImport, `./${REDOC_BUNDLE_FILE}`);
  page = page.replace(/integrity="sha384-[^"]+"/, `integrity="${sri(bundle)}"`);
  // crossorigin on a same-origin module preload is harmless, but the page must not look like it needs CORS.
  page = page.replace(/(<link rel="modulepreload" href="\.\/[^"]+"[^>]*?) crossorigin="anonymous"/, "$1");

  // Without an icon link the browser asks the server for /favicon.ico, outside the docs folder.
  if (!/<link[^>]+rel="(?:shortcut )?icon"/i.test(page)) page = page.replace(/<head>/i, '<head>\n  <link rel="icon" href="data:," />');

  const remote = findRemoteLoads(page);
  if (remote.length > 0) throw new Error(`docs-offline: page still loads remote resources: ${remote.join(", ")}`);
  return { "index.html": page, [REDOC_BUNDLE_FILE]: bundle, [LOGO_FILE]: LOGO_SVG };
}

const LOAD_ATTRS = /<(script|link|img|image|use|iframe|source|audio|video|embed|object|track|input)\b[^>]*>/gi;
const URL_ATTR = /\s(src|href|srcset|data|poster|action)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/**
 * Remote URLs the page would fetch on its own: element sources (not <a> links, which only navigate),
 * module imports, CSS url()/@import. Protocol-relative `//host` counts as remote.
 */
export function findRemoteLoads(html) {
  const found = new Set();
  const isRemote = (u) => /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(u.trim()) && !/^(?:https?:)?\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/]|$)/i.test(u.trim());
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
