// Shared by the docs tests: the docs built once per test run from the real contracts (the same code
// path as `npm run docs`; see docs-build.global.ts), and the facts about the contracts the rendered
// pages are checked against.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { inject } from "vitest";
import { listOperations, type OperationRef } from "../../scripts/lib/contract.mjs";
import { DEFAULT_SPEC } from "../../scripts/lib/docs-build.mjs";
import { BUNDLED_RTA } from "../../scripts/lib/paths.mjs";

/** The folder holding the built docs (index.html, rta.html, lobby.html). Shared by every test file of the run: read, never write. */
export function builtDocsDir(): string {
  return inject("docsDir");
}

/** Waits until React has hydrated the prerendered Redoc page (it is inert before). */
export async function waitForRedoc(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const root = document.getElementById("redoc");
    return root !== null && Object.keys(root).some((k) => k.startsWith("__reactContainer"));
  });
}

// The contract is plain JSON; tests index into it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Contract = any;

export function loadContract(): Contract {
  return JSON.parse(readFileSync(DEFAULT_SPEC, "utf8"));
}

/** The bundled AsyncAPI document the RTA page is rendered from. */
export function loadRtaDocument(): Contract {
  return JSON.parse(readFileSync(BUNDLED_RTA, "utf8"));
}

export function contractOperations(contract: Contract): OperationRef[] {
  return listOperations(contract);
}

/** Redoc 3's route for a tag: its name in lower case, non-alphanumerics as dashes. */
export function tagSlug(tag: string): string {
  return tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Hash route of an operation page, e.g. "#/session-hosts/allocatesessionhost". */
export function operationRoute(op: OperationRef): string {
  const tag = (op.operation.tags?.[0] as string | undefined) ?? "other";
  return `#/${tagSlug(tag)}/${String(op.operation.operationId).toLowerCase()}`;
}

/** Whitespace-insensitive form, for comparing source text with what the browser renders. */
export function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export interface DisagreementNote {
  /** The sentence as plain text: Markdown code and emphasis marks removed, whitespace squashed. */
  readonly sentence: string;
  /** Component schema whose description (or property's) holds it, when it is in one. */
  readonly schema?: string;
}

/** Sentences of the contract's descriptions outside the overview that say the sources disagree. */
export function disagreementNotes(contract: Contract): DisagreementNote[] {
  const notes = new Map<string, DisagreementNote>();
  const visit = (node: unknown, path: readonly string[]): void => {
    if (typeof node === "string") {
      if (path[0] !== "info" && /sources disagree/i.test(node)) {
        const schema = path[0] === "components" && path[1] === "schemas" ? path[2] : undefined;
        for (const raw of squash(node).split(/(?<=\.)\s/)) {
          const sentence = raw.replace(/[`*]/g, "");
          if (/sources disagree/i.test(sentence)) notes.set(sentence, schema === undefined ? { sentence } : { sentence, schema });
        }
      }
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, String(i)]));
    } else if (node !== null && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) visit(v, [...path, k]);
    }
  };
  visit(contract, []);
  return [...notes.values()];
}

export interface NoteLocation {
  readonly sentence: string;
  /** Hash route of the operation page and the deep link of the schema field that holds the note. */
  readonly route: string;
  /** Redoc's element id of the field row, or undefined when the note is the body schema's own description. */
  readonly fieldId?: string;
}

/**
 * Where a reader finds each note: the operation page whose description, parameters or request body
 * say it, or else the first request body or 2xx JSON response (in contract order) whose schema tree
 * holds it, as a Redoc deep link to that field. Bounded depth; cycles are cut.
 */
export function locateNotes(contract: Contract, notes: readonly DisagreementNote[]): Map<string, NoteLocation> {
  const found = new Map<string, NoteLocation>();
  const deref = (node: any, stack: readonly string[]): [any, readonly string[]] => {
    let at = node;
    let refs = stack;
    for (let i = 0; i < 20 && at && typeof at.$ref === "string"; i++) {
      if (refs.includes(at.$ref)) return [undefined, refs];
      refs = [...refs, at.$ref];
      at = at.$ref
        .slice(2)
        .split("/")
        .reduce((o: any, k: string) => o?.[k], contract);
    }
    return [at, refs];
  };
  const holds = (text: unknown) => (typeof text === "string" ? notes.filter((n) => squash(text).replace(/[`*]/g, "").includes(n.sentence)) : []);

  for (const op of listOperations(contract)) {
    const route = operationRoute(op);
    const anchor = route.slice(2);
    // Text shown on the operation page as it opens: its description, parameters, request body.
    const [ownBody] = deref(op.operation.requestBody, []);
    for (const text of [op.operation.description, ownBody?.description, ...op.parameters.map((p: Contract) => p.description)]) {
      for (const n of holds(text)) if (!found.has(n.sentence)) found.set(n.sentence, { sentence: n.sentence, route });
    }
    const roots: { kind: string; schema: unknown }[] = [];
    const [body] = deref(op.operation.requestBody, []);
    if (body?.content?.["application/json"]?.schema) roots.push({ kind: "t=request", schema: body.content["application/json"].schema });
    for (const [code, raw] of Object.entries(op.operation.responses ?? {})) {
      const [res] = deref(raw, []);
      if (/^2/.test(code) && res?.content?.["application/json"]?.schema) roots.push({ kind: `t=response&c=${code}`, schema: res.content["application/json"].schema });
    }
    for (const root of roots) {
      const [top, topRefs] = deref(root.schema, []);
      for (const n of holds(top?.description)) if (!found.has(n.sentence)) found.set(n.sentence, { sentence: n.sentence, route });
      const visit = (schema: any, refs: readonly string[], path: readonly string[]): void => {
        if (!schema || typeof schema !== "object" || path.length > 8) return;
        for (const part of [...(schema.allOf ?? [])]) {
          const [s, r] = deref(part, refs);
          visit(s, r, path);
        }
        for (const [name, raw] of Object.entries<any>(schema.properties ?? {})) {
          const [prop, propRefs] = deref(raw, refs);
          const fieldPath = [...path, name.toLowerCase()];
          for (const n of [...holds(raw?.description), ...holds(prop?.description)]) {
            if (!found.has(n.sentence)) {
              found.set(n.sentence, { sentence: n.sentence, route, fieldId: `${anchor}/${root.kind}&path=${fieldPath.join("/")}` });
            }
          }
          visit(prop, propRefs, fieldPath);
        }
      };
      visit(top, topRefs, []);
    }
  }
  return found;
}

export interface RtaOperationRef {
  readonly id: string;
  readonly action: "send" | "receive";
  readonly title: string;
  readonly summary: string;
  /** Redoc's data-section-id of the operation, e.g. "/channels/connect/operations/subscribe". */
  readonly section: string;
}

/** The AsyncAPI document's operations with where Redoc renders each (their channel's key, lower-cased id). */
export function rtaOperations(doc: Contract): RtaOperationRef[] {
  return Object.entries<Contract>(doc.operations).map(([id, op]) => {
    const channel = String(op.channel.$ref).replace("#/channels/", "");
    return { id, action: op.action, title: op.title, summary: op.summary, section: `/channels/${channel}/operations/${id.toLowerCase()}` };
  });
}
