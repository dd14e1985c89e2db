// Opens the built docs in headless Debian Chromium from a loopback server, with every non-loopback
// request blocked, and checks what a reader sees: each operation of the contract rendered with its
// TypeScript sample, contract version and retry class; the auth header format; the notes on where
// the sources disagree; the Real-Time Activity page rendered from the AsyncAPI document: its
// operations, the shoulder-tap payload; the lobby lifecycle page rendered from Markdown: its states,
// its sections; and the links between the three pages. Saves screenshots to reports/ as test artifacts.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../generated/operations.js";
import { codeSample } from "../../scripts/lib/docs-code-samples.mjs";
import { LOBBY_DOC } from "../../scripts/lib/paths.mjs";
import { ROOT } from "../support/typecheck-snippets.js";
import {
  builtDocsDir,
  contractOperations,
  disagreementNotes,
  locateNotes,
  loadContract,
  loadRtaDocument,
  operationRoute,
  rtaOperations,
  squash,
  waitForRedoc,
} from "../support/docs-site.js";
import { launchOffline, type OfflineBrowser } from "../support/offline-browser.js";
import { serveStatic, type StaticServer } from "../support/serve-static.js";

const REPORTS = join(ROOT, "reports");
const contract = loadContract();
const ops = contractOperations(contract);
const rta = loadRtaDocument();

const docsDir = builtDocsDir();
let server: StaticServer;
let browser: OfflineBrowser;
let page: Page;
let base: string;

/** Loads a route of a docs page (default the REST reference) and waits until Redoc has hydrated it. */
async function openDocs(hash = "", file = ""): Promise<void> {
  await page.goto(`${base}${file}${hash}`, { waitUntil: "load" });
  await waitForRedoc(page);
}

/** The squashed text of a section once it has rendered (Redoc mounts some sections empty first). */
async function renderedText(selector: string): Promise<string> {
  await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLElement | null)?.innerText.trim() !== "", selector).catch(() => undefined);
  return squash(await page.locator(selector).innerText());
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

      const subscribe = rtaOperations(rta)[0]!;
      await local.goto(`${pathToFileURL(join(docsDir, "rta.html")).href}#${subscribe.section}`, { waitUntil: "load" });
      const rtaSection = local.locator(`[data-section-id="${subscribe.section}"]`);
      await rtaSection.waitFor({ state: "visible", timeout: 15_000 });
      expect(squash(await rtaSection.innerText())).toContain(subscribe.summary);

      await local.goto(pathToFileURL(join(docsDir, "lobby.html")).href, { waitUntil: "load" });
      expect(await local.locator("h1").innerText()).toBe(lobbyTitle);
    } finally {
      await local.close();
    }
  });
});

describe("the Real-Time Activity page (AsyncAPI) in Chromium, offline", () => {
  it("renders the document's overview, channel and its subscribe, unsubscribe, event and resync operations", async () => {
    await openDocs("", "rta.html");
    expect(await page.title()).toBe(rta.info.title);
    expect(squash(await page.locator("main").innerText())).toContain(squash("Every frame is a JSON array whose first element is the message type"));

    const rendered = rtaOperations(rta);
    // The four frame types of the protocol, each an operation of the document.
    expect(rendered.map((o) => `${o.action} ${o.id}`)).toEqual(["send subscribe", "send unsubscribe", "receive receiveEvent", "receive receiveResync"]);
    const missing: string[] = [];
    for (const op of rendered) {
      // Redoc renders the channel and operation sections when they are navigated to.
      await openDocs(`#${op.section}`, "rta.html");
      const text = await renderedText(`[data-section-id="${op.section}"]`);
      for (const want of [op.action.toUpperCase(), op.title, op.summary]) if (!text.includes(want)) missing.push(`${op.id}: ${want}`);
      const channel = rta.channels[op.section.split("/")[2]!];
      if (!(await renderedText(`[data-section-id="/channels/${op.section.split("/")[2]}"]`)).includes(channel.address)) {
        missing.push(`${op.id}: channel address ${channel.address}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("shows the shoulder-tap payload: every ShoulderTap field and the document's example tap", async () => {
    // Where the event operation's message tag links: the message on its channel.
    await openDocs("#/channels/connect#channels/connect/messages&m=event", "rta.html");
    const channel = page.locator('[data-section-id="/channels/connect"]');
    await channel.getByText("Expand all").first().click();
    const tap = rta.components.schemas.ShoulderTap;
    const last = Object.keys(tap.properties).at(-1)!;
    await channel.getByText(new RegExp(`shoulderTaps\\[\\]\\.\u200b?${last}$`)).first().waitFor();
    // Redoc breaks field paths with zero-width spaces and renders Markdown code marks as code.
    const fields = squash((await channel.innerText()).replace(/\u200b/g, ""));
    expect(Object.keys(tap.properties).filter((name) => !fields.includes(`shoulderTaps[].${name}`))).toEqual([]);
    const batch = rta.components.schemas.ShoulderTapBatch;
    const described = [batch.properties.shoulderTaps, ...Object.values<any>(tap.properties)].filter((p) => typeof p.description === "string");
    expect(described.length).toBeGreaterThan(2);
    expect(described.map((p) => squash(p.description).replace(/[`*]/g, "")).filter((d) => !fields.includes(d))).toEqual([]);

    // The payload sample opens folded below the top levels; open every fold (bounded).
    const sample = channel.locator('pre[data-testid="source-code"]').filter({ hasText: "shoulderTaps" });
    for (let i = 0; i < 10; i++) {
      const folded = sample.locator('button[aria-label="collapse"]:not(.expanded)');
      if ((await folded.count()) === 0) break;
      await folded.first().click();
    }
    const shown = squash(await sample.innerText());
    const example = rta.components.messages.Event.examples[0].payload[2].shoulderTaps[0];
    for (const [key, value] of Object.entries(example)) expect(shown).toContain(`"${key}": ${JSON.stringify(value)}`);

    mkdirSync(REPORTS, { recursive: true });
    await page.screenshot({ path: join(REPORTS, "docs-rta.png") });
  });

  it("the REST reference links to the RTA page and back", async () => {
    await openDocs();
    await page.locator('main a[href="./rta.html"]').first().click();
    await page.waitForURL(/\/docs\/rta\.html/);
    await waitForRedoc(page);
    expect(await page.title()).toBe(rta.info.title);
    await page.locator('main a[href="./index.html"]').first().click();
    await page.waitForURL(/\/docs\/index\.html/);
    await waitForRedoc(page);
    expect(await page.title()).toBe(contract.info.title);
  });
});

/** The states of the lobby page's state table, from the Markdown source (first column, header left out). */
function lobbyStates(markdown: string): string[] {
  const table = markdown.slice(markdown.indexOf("| State |"));
  const rows = table.slice(0, table.indexOf("\n\n")).split("\n").slice(2);
  return rows.map((row) => row.split("|")[1]!.trim());
}

const lobbyMarkdown = readFileSync(LOBBY_DOC, "utf8");
const lobbyTitle = /^# (.*)$/m.exec(lobbyMarkdown)![1]!;

describe("the lobby lifecycle page in Chromium, offline", () => {
  it("shows every state of the lifecycle in its diagram and its table, and every section of the Markdown", async () => {
    await page.goto(`${base}lobby.html`, { waitUntil: "load" });
    expect(await page.title()).toBe(lobbyTitle);
    const states = lobbyStates(lobbyMarkdown);
    expect(states).toEqual(["create", "live", "reconnecting", "repaired", "rejoined", "recreated", "rotated", "closed"]);
    const firstColumn = await page.locator("table").first().locator("tbody tr td:first-child").allInnerTexts();
    expect(firstColumn.map((cell) => cell.trim())).toEqual(states);
    const diagram = await page.locator("pre").first().innerText();
    expect(states.filter((state) => !diagram.includes(state))).toEqual([]);

    const sections = [...lobbyMarkdown.matchAll(/^## (.*)$/gm)].map((m) => m[1]!.replace(/`/g, ""));
    expect(await page.locator("main h2").allInnerTexts()).toEqual(sections);
    // The list of sections leads to each of them.
    const last = sections.at(-1)!;
    await page.locator("nav.sections a", { hasText: last }).click();
    await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).not.toBe("");
    expect(await page.locator(`main h2:has-text("${last}")`).isVisible()).toBe(true);
    // What the host writes: the facts the page is there for.
    const text = squash(await page.locator("main").innerText());
    for (const fact of ["within 30 seconds", "If-Match", "One read per burst of taps", "every 20 seconds", "Invites, never sent twice", "republished"]) {
      expect(text).toContain(fact);
    }

    mkdirSync(REPORTS, { recursive: true });
    await page.screenshot({ path: join(REPORTS, "docs-lobby.png"), fullPage: true });
  });

  it("links to the REST reference and the RTA page, and both link back", async () => {
    await openDocs();
    await page.locator('main a[href="./lobby.html"]').first().click();
    await page.waitForURL(/\/docs\/lobby\.html/);
    expect(await page.title()).toBe(lobbyTitle);
    await page.locator('nav.pages a[href="./rta.html"]').click();
    await page.waitForURL(/\/docs\/rta\.html/);
    await waitForRedoc(page);
    expect(await page.title()).toBe(rta.info.title);
    await page.locator('main a[href="./lobby.html"]').first().click();
    await page.waitForURL(/\/docs\/lobby\.html/);
    await page.locator('nav.pages a[href="./index.html"]').click();
    await page.waitForURL(/\/docs\/index\.html/);
    await waitForRedoc(page);
    expect(await page.title()).toBe(contract.info.title);
  });
});

describe("the whole visit", () => {
  it("no request left the loopback server, and every request stayed inside /docs/", () => {
    expect(browser.blocked).toEqual([]);
    expect(server.requests).toContain("/docs/rta.html");
    expect(server.requests).toContain("/docs/lobby.html");
    expect(server.requests.filter((r) => !r.startsWith("/docs/"))).toEqual([]);
  });
});
