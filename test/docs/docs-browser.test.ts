// Opens the built docs in headless Debian Chromium from a loopback server, with every non-loopback
// request blocked, and checks what a reader sees: each operation of the contract rendered with its
// TypeScript sample, contract version and retry class; the auth header format; the notes on where
// the sources disagree. Saves screenshots to reports/ as test artifacts.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../generated/operations.js";
import { codeSample } from "../../scripts/lib/docs-code-samples.mjs";
import { ROOT } from "../support/typecheck-snippets.js";
import { builtDocsDir, contractOperations, disagreementNotes, locateNotes, loadContract, operationRoute, squash } from "../support/docs-site.js";
import { launchOffline, type OfflineBrowser } from "../support/offline-browser.js";
import { serveStatic, type StaticServer } from "../support/serve-static.js";

const REPORTS = join(ROOT, "reports");
const contract = loadContract();
const ops = contractOperations(contract);

const docsDir = builtDocsDir();
let server: StaticServer;
let browser: OfflineBrowser;
let page: Page;
let base: string;

/** Loads a docs route and waits until React has hydrated the prerendered page (it is inert before). */
async function openDocs(hash = ""): Promise<void> {
  await page.goto(`${base}${hash}`, { waitUntil: "load" });
  await page.waitForFunction(() => {
    const root = document.getElementById("redoc");
    return root !== null && Object.keys(root).some((k) => k.startsWith("__reactContainer"));
  });
}

beforeAll(async () => {
  server = await serveStatic(docsDir, "/docs/");
  base = `${server.origin}/docs/`;
  browser = await launchOffline();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("rendered docs in Chromium, offline", () => {
  it("the overview explains the auth header format and where the sources disagree", async () => {
    await openDocs();
    const overview = await page.locator("main").innerText();
    expect(overview).toContain("XBL3.0 x=");

    // Every numbered decision of the contract's "Where the sources disagree" list is on the page.
    const description: string = contract.info.description;
    const section = description.slice(description.indexOf("## Where the sources disagree"));
    const decisions = [...section.matchAll(/^\d+\.\s/gm)].length;
    expect(decisions).toBeGreaterThan(0);
    const rendered = page.locator('[data-section-id="/section/where-the-sources-disagree"] li');
    expect(await rendered.count()).toBe(decisions);

    mkdirSync(REPORTS, { recursive: true });
    await page.screenshot({ path: join(REPORTS, "docs-overview.png"), fullPage: true });
  });

  it("every operation of the contract is rendered with its TypeScript sample, contract version and retry class", async () => {
    expect(ops.length).toBe(Object.keys(operations).length);
    const missing: string[] = [];
    for (const op of ops) {
      const id: string = op.operation.operationId;
      const info = operations[id as keyof typeof operations];
      await openDocs(operationRoute(op));
      const selector = `[data-item-kind="httpItem"][data-section-id="/${operationRoute(op).slice(2)}"]`;
      const section = page.locator(selector);
      await section.waitFor({ state: "visible" });
      // The sample panel may mount a moment after the section; a miss is reported below, not thrown here.
      await page
        .waitForFunction(([sel, call]) => document.querySelector(sel!)?.textContent?.includes(call!) === true, [selector, `client.${op.method.toUpperCase()}(`], {
          timeout: 5_000,
        })
        .catch(() => undefined);
      const text = squash(await section.innerText());
      const expectations = [
        squash(codeSample(contract, op)),
        `Contract version: ${info.contractVersion ?? "none"}`,
        `Retry class: ${info.retry.mode}`,
      ];
      for (const want of expectations) if (!text.includes(want)) missing.push(`${id}: ${want.slice(0, 80)}`);
      if (id === "writeSession") {
        await page.screenshot({ path: join(REPORTS, "docs-screenshot.png") });
      }
    }
    expect(missing).toEqual([]);
  });

  it("every note on disagreeing sources inside the schemas is readable where it applies", async () => {
    const notes = disagreementNotes(contract);
    expect(notes.length).toBeGreaterThan(0);
    const located = locateNotes(contract, notes);
    expect(notes.filter((n) => !located.has(n.sentence)).map((n) => n.sentence)).toEqual([]);
    const unseen: string[] = [];
    for (const where of located.values()) {
      // A field deep link makes Redoc open the field's parents and render the row.
      await openDocs(where.fieldId === undefined ? where.route : `${where.route}#${where.fieldId}`);
      const target = page.locator(
        where.fieldId === undefined ? `[data-section-id="/${where.route.slice(2)}"]` : `[id="${where.fieldId}"]`,
      );
      await target.waitFor({ state: "visible" });
      if (!squash(await target.innerText()).includes(where.sentence)) unseen.push(`${where.fieldId ?? where.route}: ${where.sentence}`);
    }
    expect(unseen).toEqual([]);
  });

  it("also works opened straight from disk (file://), e.g. from an installed package's dist/docs", async () => {
    const local = await browser.context.newPage();
    try {
      const op = ops[0]!;
      await local.goto(`${pathToFileURL(join(docsDir, "index.html")).href}${operationRoute(op)}`, { waitUntil: "load" });
      const section = local.locator(`[data-item-kind="httpItem"][data-section-id="/${operationRoute(op).slice(2)}"]`);
      await section.waitFor({ state: "visible", timeout: 15_000 });
      expect(squash(await section.innerText())).toContain(squash(codeSample(contract, op)));
    } finally {
      await local.close();
    }
  });

  it("no request left the loopback server, and every request stayed inside /docs/", () => {
    expect(browser.blocked).toEqual([]);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.filter((r) => !r.startsWith("/docs/"))).toEqual([]);
  });
});
