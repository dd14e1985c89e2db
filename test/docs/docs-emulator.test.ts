// The emulator serves the built docs at /docs (its `docsDir` option): the URL `npm start` prints
// must show the rendered docs in a browser, with or without the trailing slash.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { builtDocsDir } from "../support/docs-site.js";
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
  it("serves the page at /docs/", async () => {
    const index = await fetch(`${emulator.url}/docs/`);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await index.text()).toContain("hydrate(__redoc_definition");
  });

  for (const path of ["/docs/", "/docs"]) {
    it(`renders in the browser from ${path}`, async () => {
      const failed: string[] = [];
      const onResponse = (r: { status(): number; url(): string }) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      };
      page.on("response", onResponse);
      await page.goto(`${emulator.url}${path}`, { waitUntil: "load" });
      await page.waitForFunction(() => {
        const root = document.getElementById("redoc");
        return root !== null && Object.keys(root).some((k) => k.startsWith("__reactContainer"));
      });
      page.off("response", onResponse);
      expect(failed).toEqual([]);
      expect(await page.locator("main").innerText()).toContain("XBL3.0 x=");
    });
  }

  it("no request left the loopback", () => {
    expect(browser.blocked).toEqual([]);
  });
});
