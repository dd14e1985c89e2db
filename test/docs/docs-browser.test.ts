// Opens the built docs in headless Debian Chromium from a loopback server, with every non-loopback
// request blocked, and checks what a reader sees: each operation of the contract rendered with its
// TypeScript sample, contract version and retry class; the auth header format; the notes on where
// the sources disagree. Saves screenshots to reports/ as test artifacts.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../generated/operations.js";
import { codeSample } from "../../scripts/docs-code-samples.mjs";
import { ROOT } from "../readme/typecheck-snippets.js";
import { buildDocsToTemp, contractOperations, loadContract, operationRoute, squash, type BuiltDocs } from "./docs-site.js";
import { launchOffline, type OfflineBrowser } from "./offline-browser.js";
import { serveStatic, type StaticServer } from "./serve-static.js";

const REPORTS = join(ROOT, "reports");
const contract = loadContract();
const ops = contractOperations(contract);

let docs: BuiltDocs;
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
  docs = buildDocsToTemp();
  server = await serveStatic(docs.dir, "/docs/");
  base = `${server.origin}/docs/`;
  browser = await launchOffline();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  docs?.remove();
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
      const section = page.locator(`[data-item-kind="httpItem"][data-section-id="/${operationRoute(op).slice(2)}"]`);
      await section.waitFor({ state: "visible" });
      const text = squash(await section.innerText());
      const expectations = [
        squash(codeSample(contract, op)),
        `Contract version: ${info.contractVersion}`,
        `Retry class: ${info.retry.mode}`,
      ];
      for (const want of expectations) if (!text.includes(want)) missing.push(`${id}: ${want.slice(0, 80)}`);
      if (id === "writeSession") {
        console.log(text);
        await page.screenshot({ path: join(REPORTS, "docs-screenshot.png") });
      }
    }
    expect(missing).toEqual([]);
  });

  it("notes on disagreeing sources inside operations are rendered on their operation page", async () => {
    // Request-body schema descriptions that say so, e.g. the session-host allocation field names.
    const notes: { route: string; sentence: string }[] = [];
    for (const op of ops) {
      const body = op.operation.requestBody?.content?.["application/json"]?.schema;
      const ref: string | undefined = body?.$ref;
      const schema = ref ? contract.components.schemas[ref.split("/").pop()!] : body;
      const text: unknown = schema?.description;
      if (typeof text === "string" && /sources disagree/i.test(text)) {
        const sentence = squash(text)
          .split(/(?<=\.)\s/)
          .find((s) => /sources disagree/i.test(s))!;
        notes.push({ route: operationRoute(op), sentence: sentence.replace(/[`*]/g, "") });
      }
    }
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) {
      await openDocs(note.route);
      const section = page.locator(`[data-section-id="/${note.route.slice(2)}"]`);
      expect(squash(await section.innerText())).toContain(note.sentence);
    }
  });

  it("no request left the loopback server, and every request stayed inside /docs/", () => {
    expect(browser.blocked).toEqual([]);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.filter((r) => !r.startsWith("/docs/"))).toEqual([]);
  });
});
