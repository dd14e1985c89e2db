/**
 * Static serving of the rendered API docs under /docs from `docsDir` (default: the package's
 * dist/docs). No authentication; paths cannot escape the directory; 404 text/plain otherwise.
 */
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import * as errors from "../errors.js";
import type { Reply } from "./reply.js";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".yaml": "application/yaml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
  ".woff2": "font/woff2",
};

export interface DocsReply {
  readonly reply?: Reply;
  readonly file?: { readonly body: Buffer; readonly type: string };
}

/** `pathname` starts with /docs. */
export async function serveDocs(docsDir: string | undefined, pathname: string): Promise<DocsReply> {
  if (docsDir === undefined) return { reply: errors.noDocsDirectory() };
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice("/docs".length));
  } catch {
    return { reply: errors.docsPathMalformed() };
  }
  if (relative.includes("\0")) return { reply: errors.docsPathHasNul() };
  const root = resolve(docsDir);
  let target = resolve(root, "." + sep + normalize(relative || "/"));
  if (target !== root && !target.startsWith(root + sep)) return { reply: errors.docsPathOutsideRoot() };
  try {
    if ((await stat(target)).isDirectory()) target = join(target, "index.html");
    const body = await readFile(target);
    return { file: { body, type: TYPES[extname(target).toLowerCase()] ?? "application/octet-stream" } };
  } catch {
    return { reply: errors.noSuchDocsPage(pathname) };
  }
}
