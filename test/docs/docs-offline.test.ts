// The built docs folder is self-contained: two pages, the REST reference (index.html) and the
// Real-Time Activity page (rta.html), each loading nothing from a remote origin (Redoc is the bundle
// @redocly/cli ships, inlined) and holding no CDN address at all. The detector itself is tested on
// pages that do load remote resources. The REST page renders with the Redoc settings of the root
// redocly.yaml, the file `redocly build-docs` reads too.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findRemoteLoads, makeOffline, redocBundlePath } from "../../scripts/lib/docs-offline.mjs";
import { REDOCLY_CONFIG } from "../../scripts/lib/paths.mjs";
import { builtDocsDir } from "../support/docs-site.js";

const docsDir = builtDocsDir();
const PAGES = ["index.html", "rta.html"];
const pages = Object.fromEntries(PAGES.map((name) => [name, readFileSync(join(docsDir, name), "utf8")]));
const html = pages["index.html"]!;

describe("offline docs build", () => {
  it("builds index.html and rta.html, each with Redoc inlined and telemetry off", () => {
    expect(readdirSync(docsDir).sort()).toEqual(PAGES);
    // The inlined code is the CLI's own Redoc 3 bundle (its opening bytes appear verbatim).
    const bundleHead = readFileSync(redocBundlePath(), "utf8").slice(0, 400);
    for (const page of Object.values(pages)) {
      expect(page).toContain(bundleHead);
      expect(JSON.parse(/const __redoc_options = (\{.*\});/.exec(page)?.[1] ?? "{}").disableTelemetry).toBe(true);
    }
  });

  it("renders with the Redoc settings of redocly.yaml", () => {
    const settings: Record<string, unknown> = parse(readFileSync(REDOCLY_CONFIG, "utf8")).openapi;
    expect(Object.keys(settings)).toContain("codeSamples");
    const options = /const __redoc_options = (\{.*\});/.exec(html)?.[1];
    expect(options, "the page has no Redoc options").toBeDefined();
    const { disableTelemetry, ...rendered } = JSON.parse(options!);
    expect(disableTelemetry).toBe(true);
    // The CLI adds its own flags (skipBundle); every setting of the file reaches the page as written.
    expect(rendered).toMatchObject(settings);
  });

  for (const name of PAGES) {
    it(`${name} references no remote origin for anything it loads, and no CDN at all`, () => {
      const page = pages[name]!;
      expect(findRemoteLoads(page)).toEqual([]);
      expect(page).not.toMatch(/https?:\/\/cdn\./);
      expect(page).not.toMatch(/import\s*\{\s*hydrate\s*\}\s*from/);
    });
  }

  it("the detector finds remote loads of every kind and ignores plain links", () => {
    const page = [
      '<link rel="modulepreload" href="https://cdn.example.com/a.js">',
      '<script src="//cdn.example.com/b.js"></script>',
      '<img srcset="/local.png 1x, https://img.example.com/c.png 2x">',
      '<div style="background: url(\'https://img.example.com/d.png\')"></div>',
      '<script type="module">import { x } from "https://esm.example.com/e.js"; import("https://esm.example.com/f.js");</script>',
      "<style>@import 'https://css.example.com/g.css'; .a { background: url(https://img.example.com/h.png) }</style>",
      '<a href="https://redocly.com/">a link is not a load</a>',
      '<script src="http://127.0.0.1:9/local.js"></script><img src="./logo.svg">',
    ].join("\n");
    expect(findRemoteLoads(page).sort()).toEqual([
      "//cdn.example.com/b.js",
      "https://cdn.example.com/a.js",
      "https://css.example.com/g.css",
      "https://esm.example.com/e.js",
      "https://esm.example.com/f.js",
      "https://img.example.com/c.png",
      "https://img.example.com/d.png",
      "https://img.example.com/h.png",
    ]);
    // The page as redocly build-docs writes it by default (CDN import) is caught.
    const cdnPage = '<script type="module">import { hydrate } from "https://cdn.redocly.com/redoc/v3.0.1/bundles/redoc.standalone.js";</script>';
    expect(findRemoteLoads(cdnPage)).toEqual(["https://cdn.redocly.com/redoc/v3.0.1/bundles/redoc.standalone.js"]);
  });

  it("refuses a page that imports Redoc from the CDN (built without --inlineBundle)", () => {
    const page =
      '<html><head></head><body><div id="redoc"></div><script type="module">import { hydrate } from "https://cdn.redocly.com/redoc/v3.0.1/bundles/redoc.standalone.js";' +
      "hydrate(__redoc_definition, {}, document.getElementById('redoc'));</script></body></html>";
    expect(() => makeOffline(page)).toThrow(/--inlineBundle/);
  });
});
