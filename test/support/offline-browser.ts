// Headless Chromium ($CHROMIUM_PATH, by default Debian's /usr/bin/chromium, which `npm test` installs
// when missing; playwright-core never downloads a browser) with the network cut
// off: every request that is not for a loopback host is aborted in a route handler and recorded,
// so a test can assert that none was even attempted.
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  // Belt and braces: even a request the route handler cannot see (browser-internal) resolves nowhere.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
];

export function isLoopback(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  // Local by construction: inline data, in-page blobs, the blank page, files on this machine.
  if (["data:", "blob:", "about:", "file:"].includes(u.protocol)) return true;
  return ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
}

export interface OfflineBrowser {
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** Non-loopback requests the page tried to make (all were aborted). */
  readonly blocked: string[];
  close(): Promise<void>;
}

export async function launchOffline(): Promise<OfflineBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: \`npm test\` installs it first (scripts/install-chromium.sh), or set CHROMIUM_PATH`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 30_000 });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, serviceWorkers: "block" });
  const blocked: string[] = [];
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    blocked.push(url);
    return route.abort("blockedbyclient");
  });
  await context.routeWebSocket(/.*/, (ws) => {
    if (isLoopback(ws.url().replace(/^ws/, "http"))) {
      ws.connectToServer();
    } else {
      blocked.push(ws.url());
      void ws.close();
    }
  });
  return {
    browser,
    context,
    blocked,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}
