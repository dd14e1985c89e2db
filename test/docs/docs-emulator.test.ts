// The emulator serves the built docs at /docs (its `docsDir` option): the URL `npm start` prints
// must show the rendered docs in a browser, with or without the trailing slash, the Real-Time
// Activity page at /docs/rta.html and the lobby lifecycle at /docs/lobby.html.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { builtDocsDir, waitForRedoc } from "../support/docs-site.js";
import { launchOffline, type OfflineBrowser } from "../support/offline-browser.js";

let emulator: RunningEmulator;
let browser: OfflineBrowser;
let page: Page;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, host: "127.0.0.1", docsDir: builtDocsDir() });
  browser = await launchOffline();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

describe("docs served by the emulator", () => {
  for (const [path, marker] of [
    ["/docs/", "hydrate(__redoc_definition"],
    ["/docs/rta.html", "hydrate(__redoc_definition"],
    ["/docs/lobby.html", "<h1 id="],
  ] as const) {
    it(`serves the page at ${path}`, async () => {
      const page = await fetch(`${emulator.url}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await page.text()).toContain(marker);
    });
  }

  // The REST page's overview shows the auth header; the RTA page's overview names its frames; the
  // lobby page is static HTML (no Redoc to wait for).
  for (const [path, overview] of [
    ["/docs/", "XBL3.0 x="],
    ["/docs", "XBL3.0 x="],
    ["/docs/rta.html", "Every frame is a JSON array"],
    ["/docs/lobby.html", "write every new ConnectionId into the session"],
  ] as const) {
    it(`renders in the browser from ${path}`, async () => {
      const failed: string[] = [];
      const onResponse = (r: { status(): number; url(): string }) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      };
      page.on("response", onResponse);
      await page.goto(`${emulator.url}${path}`, { waitUntil: "load" });
      if (!path.endsWith("lobby.html")) await waitForRedoc(page);
      page.off("response", onResponse);
      expect(failed).toEqual([]);
      expect(await page.locator("main").innerText()).toContain(overview);
    });
  }

  it("no request left the loopback", () => {
    expect(browser.blocked).toEqual([]);
  });
});
