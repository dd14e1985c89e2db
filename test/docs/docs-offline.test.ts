// The built docs folder is self-contained: three pages, the REST reference (index.html) and the
// Real-Time Activity page (rta.html) rendered by Redoc, and the lobby lifecycle (lobby.html) rendered
// from Markdown, each loading nothing from a remote origin (Redoc is the bundle @redocly/cli ships,
// inlined; the lobby page has no script at all) and holding no CDN address. Every link between the
// pages, and into a page's sections, leads somewhere. The detector itself is tested on pages that do
// load remote resources. The REST page renders with the Redoc settings of the root redocly.yaml, the
// file `redocly build-docs` reads too.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { headingSlug, renderMarkdownPage } from "../../scripts/lib/docs-markdown-page.mjs";
import { findRemoteLoads, makeOffline, redocBundlePath } from "../../scripts/lib/docs-offline.mjs";
import { LOBBY_DOC, REDOCLY_CONFIG } from "../../scripts/lib/paths.mjs";
import { builtDocsDir } from "../support/docs-site.js";

const docsDir = builtDocsDir();
const REDOC_PAGES = ["index.html", "rta.html"];
const PAGES = [...REDOC_PAGES, "lobby.html"];
const pages = Object.fromEntries(PAGES.map((name) => [name, readFileSync(join(docsDir, name), "utf8")]));
const html = pages["index.html"]!;
const lobby = pages["lobby.html"]!;

/** Relative links of a page (href="./x.html#y" or "#y"), as [file, fragment]; the file is "" for the page itself. */
function relativeLinks(page: string): Array<[string, string]> {
  return [...page.matchAll(/href=\\?"(\.\/[^"#\\]*|)(?:#([^"\\]*))?\\?"/g)].map((m) => [m[1]!.replace(/^\.\//, ""), m[2] ?? ""]);
}

describe("offline docs build", () => {
  it("builds index.html and rta.html with Redoc inlined and telemetry off, and lobby.html", () => {
    expect(readdirSync(docsDir).sort()).toEqual([...PAGES].sort());
    // The inlined code is the CLI's own Redoc 3 bundle (its opening bytes appear verbatim).
    const bundleHead = readFileSync(redocBundlePath(), "utf8").slice(0, 400);
    for (const page of REDOC_PAGES.map((name) => pages[name]!)) {
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

  it("the lobby page is static: no script, its title and sections from the Markdown, a bar linking all three pages", () => {
    expect(lobby).not.toMatch(/<script/i);
    const markdown = readFileSync(LOBBY_DOC, "utf8");
    expect(/<title>([^<]*)<\/title>/.exec(lobby)?.[1]).toBe(/^# (.*)$/m.exec(markdown)?.[1]);
    const sections = [...markdown.matchAll(/^## (.*)$/gm)].map((m) => m[1]!);
    expect(sections.length).toBeGreaterThan(3);
    for (const title of sections) {
      expect(lobby).toContain(`<h2 id="${headingSlug(title)}">`);
      expect(lobby).toContain(`<li><a href="#${headingSlug(title)}">`);
    }
    const bar = /<nav class="pages">([\s\S]*?)<\/nav>/.exec(lobby)?.[1] ?? "";
    expect(bar).toContain('<a href="./index.html">');
    expect(bar).toContain('<a href="./rta.html">');
    expect(bar).toContain('<span aria-current="page">Lobby lifecycle</span>');
  });

  it("every link between the pages leads to a built page, and every link into a section to a heading there", () => {
    const ids = (page: string) => new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
    const broken: string[] = [];
    const linked = new Set<string>();
    for (const [name, page] of Object.entries(pages)) {
      for (const [file, fragment] of relativeLinks(page)) {
        const target = file === "" ? name : file;
        linked.add(`${name} -> ${target}`);
        if (pages[target] === undefined) broken.push(`${name}: ./${file}`);
        // Redoc pages route fragments themselves; the static page's fragments must be its heading ids.
        else if (fragment !== "" && target === "lobby.html" && !ids(lobby).has(fragment)) broken.push(`${name}: ${file}#${fragment}`);
      }
    }
    expect(broken).toEqual([]);
    for (const pair of ["index.html -> rta.html", "index.html -> lobby.html", "rta.html -> index.html", "rta.html -> lobby.html", "lobby.html -> index.html", "lobby.html -> rta.html"]) {
      expect(linked).toContain(pair);
    }
  });

  it("a Markdown page that would load a remote resource is refused, and one without a title too", () => {
    const nav = [{ href: "./index.html", label: "Home" }];
    expect(() => renderMarkdownPage("# T\n\n![logo](https://img.example.com/logo.png)", { nav, current: "T" })).toThrow(/would load remote resources: https:\/\/img\.example\.com\/logo\.png/);
    expect(() => renderMarkdownPage("## Only a section", { nav, current: "T" })).toThrow(/no level-1 heading/);
    // Repeated headings get distinct ids; a plain link elsewhere is not a load.
    const page = renderMarkdownPage("# T\n\n## Same\n\n## Same\n\n[site](https://example.com/)", { nav, current: "T" });
    expect(page).toContain('<h2 id="same">');
    expect(page).toContain('<h2 id="same-2">');
  });

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
