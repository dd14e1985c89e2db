// A loopback-only static file server for a built docs folder (port 0, 127.0.0.1), so the browser
// test loads the docs over real HTTP exactly as the emulator's /docs route would, with no network.
import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export interface StaticServer {
  readonly origin: string;
  /** Paths (with query) of every request received, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Serves `root` under `prefix` (e.g. "/docs/", as the emulator mounts it); other paths get 404. */
export async function serveStatic(root: string, prefix = "/"): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? "");
    const full = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    if (!full.startsWith(prefix)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const pathname = full.slice(prefix.length - 1);
    const rel = normalize(pathname.endsWith("/") ? `${pathname}index.html` : pathname).replace(/^([/\\])+/, "");
    const file = join(root, rel);
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (!statSync(file).isFile()) throw new Error("not a file");
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
