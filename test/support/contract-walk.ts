// Walks the bundled contract and yields every named example with the schema it must satisfy, so
// tests can check them all without keeping a list by hand.
import contract from "../../generated/openapi.json" with { type: "json" };
import { escapePointer, getAtPointer, resolveRef } from "../../src/contract/json-pointer.js";

export interface NamedExample {
  where: string;
  /** JSON pointer of the schema the example must satisfy. */
  schemaPointer: string;
  value: unknown;
}

type Node = Record<string, unknown>;
const doc = contract as unknown as Node;

export const resolve = (node: unknown): Node => resolveRef(doc, node) as Node;
export const pointerGet = (ref: string): Node => getAtPointer(doc, ref) as Node;
const esc = escapePointer;

function refOrHere(node: unknown, here: string): string {
  const ref = (node as Node)?.$ref;
  return typeof ref === "string" ? ref : here;
}

function mediaExamples(content: unknown, base: string, where: string): NamedExample[] {
  const out: NamedExample[] = [];
  for (const [media, entryRaw] of Object.entries((content ?? {}) as Node)) {
    const entry = entryRaw as Node;
    const schemaPointer = `${base}/content/${esc(media)}/schema`;
    if ("example" in entry) out.push({ where: `${where} ${media} example`, schemaPointer, value: entry.example });
    for (const [name, ex] of Object.entries((entry.examples ?? {}) as Node)) {
      out.push({ where: `${where} ${media} examples.${name}`, schemaPointer, value: resolve(ex).value });
    }
  }
  return out;
}

/** Every example of every request body, response and parameter in the contract. */
export function allExamples(): NamedExample[] {
  const out: NamedExample[] = [];
  const paths = doc.paths as Node;
  for (const [route, itemRaw] of Object.entries(paths)) {
    const item = itemRaw as Node;
    const itemPointer = `#/paths/${esc(route)}`;
    for (const method of ["get", "put", "post", "delete"]) {
      const op = item[method] as Node | undefined;
      if (!op) continue;
      const opPointer = `${itemPointer}/${method}`;
      const label = `${method.toUpperCase()} ${route}`;
      if (op.requestBody) {
        const base = refOrHere(op.requestBody, `${opPointer}/requestBody`);
        out.push(...mediaExamples(resolve(op.requestBody).content, base, `${label} request`));
      }
      for (const [status, response] of Object.entries((op.responses ?? {}) as Node)) {
        const base = refOrHere(response, `${opPointer}/responses/${status}`);
        out.push(...mediaExamples(resolve(response).content, base, `${label} ${status}`));
      }
      const params = [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])];
      for (const p of params) {
        const param = resolve(p);
        if ("example" in param) {
          out.push({ where: `${label} parameter ${String(param.name)}`, schemaPointer: `${refOrHere(p, "")}/schema`, value: param.example });
        }
      }
    }
  }
  return out;
}
