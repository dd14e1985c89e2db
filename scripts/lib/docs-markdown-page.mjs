// @ts-check
// Renders a Markdown source of the repository (docs/*.md) to a static page beside the Redoc pages: the
// Markdown by marked (GitHub flavour, tables included), a short stylesheet of our own, a bar linking
// the sibling pages, ids on headings so that sections can be linked, and a list of the sections. The
// page has no script and loads nothing: a page that would load anything from a remote origin (an
// image in the Markdown, say) is refused with the detector the Redoc pages are checked with.
import { Marked } from "marked";
import { findRemoteLoads } from "./docs-offline.mjs";

/** @typedef {{ href: string, label: string }} PageLink */

const STYLE = `
  :root { color-scheme: light; --text: #1f2328; --muted: #59636e; --line: #d1d9e0; --code: #f6f8fa; --link: #0044d4; }
  body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); }
  nav.pages { display: flex; gap: 1.5rem; padding: 0.75rem 2rem; border-bottom: 1px solid var(--line); background: var(--code); }
  nav.pages a, nav.pages span { font-weight: 600; }
  nav.pages span { color: var(--muted); }
  main { max-width: 72rem; margin: 0 auto; padding: 1rem 2rem 4rem; }
  a { color: var(--link); }
  h1 { font-size: 2rem; margin: 1rem 0; }
  h2 { font-size: 1.4rem; margin-top: 2.5rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--line); }
  nav.sections ul { padding-left: 1.2rem; }
  code { font: 0.9em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code); padding: 0.1em 0.3em; border-radius: 4px; }
  pre { background: var(--code); padding: 1rem; overflow-x: auto; border-radius: 6px; }
  pre code { padding: 0; background: none; font-size: 0.85em; }
  table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92em; }
  th, td { border: 1px solid var(--line); padding: 0.45rem 0.7rem; text-align: left; vertical-align: top; }
  th { background: var(--code); }
`;

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The body with the list of its sections placed before the first section (after the title and the
 * introduction).
 * @param {string} body
 * @param {string} toc list items
 */
function withSections(body, toc) {
  if (toc === "") return body;
  const list = `<nav class="sections" aria-label="On this page"><strong>On this page</strong>\n<ul>\n${toc}\n</ul>\n</nav>\n`;
  const at = body.indexOf("<h2");
  return `${body.slice(0, at)}${list}${body.slice(at)}`;
}

/**
 * A heading's id: lower case, letters and digits, runs of anything else as one dash.
 * @param {string} text
 */
export function headingSlug(text) {
  return (
    text
      .replace(/[`*_]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "section"
  );
}

/**
 * Renders `markdown` to a complete HTML page. Its title is the first level-1 heading.
 * @param {string} markdown
 * @param {{ nav: PageLink[], current: string }} pages the sibling pages, and the label of this one
 * @returns {string}
 */
export function renderMarkdownPage(markdown, { nav, current }) {
  /** @type {Set<string>} */
  const used = new Set();
  /** @type {{ id: string, text: string }[]} */
  const sections = [];
  let title = "";
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth, text }) {
        let id = headingSlug(text);
        for (let n = 2; used.has(id); n++) id = `${headingSlug(text)}-${n}`;
        used.add(id);
        const inner = this.parser.parseInline(tokens);
        if (depth === 1 && title === "") title = text.replace(/[`*_]/g, "");
        if (depth === 2) sections.push({ id, text: inner });
        return `<h${depth} id="${id}">${inner}</h${depth}>\n`;
      },
    },
  });
  const body = /** @type {string} */ (marked.parse(markdown, { async: false }));
  if (title === "") throw new Error("docs-markdown-page: the Markdown has no level-1 heading to title the page");

  const links = nav.map((link) => (link.label === current ? `<span aria-current="page">${escapeHtml(link.label)}</span>` : `<a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a>`));
  const toc = sections.map((s) => `<li><a href="#${s.id}">${s.text}</a></li>`).join("\n");
  const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>${escapeHtml(title)}</title>
  <link rel="icon" href="data:," />
  <style>${STYLE}</style>
</head>
<body>
<nav class="pages">${links.join("\n")}</nav>
<main>
${withSections(body, toc)}</main>
</body>
</html>
`;
  const remote = findRemoteLoads(page);
  if (remote.length > 0) throw new Error(`docs-markdown-page: the page would load remote resources: ${remote.join(", ")}`);
  return page;
}
