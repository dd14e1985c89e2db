/**
 * The OData subset MPSD search-handle queries use: eq ne gt ge lt le, and, or,
 * not, parentheses, tolower(), `tags/any(t: t eq 'x')`, over `strings/<name>`,
 * `numbers/<name>` and `tags`. String comparisons are case-insensitive (values are queried
 * lower-case). Parsing is bounded in length and depth; any error is a FilterError (→ 400) whose
 * message comes from errors.ts.
 */
import { filterDiagnostic as says } from "../errors.js";
import { isObject, type JsonObject } from "./merge.js";

export class FilterError extends Error {}

type Value = string | number | boolean | null | undefined | readonly string[];
type Node =
  | { k: "or" | "and"; a: Node; b: Node }
  | { k: "not"; a: Node }
  | { k: "cmp"; op: string; a: Operand; b: Operand }
  | { k: "any"; coll: string; v: string; body: Node };
type Operand = { k: "lit"; v: Value } | { k: "path"; p: string[] } | { k: "lower"; a: Operand };

const MAX_LENGTH = 2000;
const MAX_DEPTH = 32;
const OPS = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(?:('(?:[^']|'')*')|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([()/:,]))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new FilterError(says.unexpectedCharacter(pos));
    tokens.push(m[1] ?? m[2] ?? m[3] ?? (m[4] as string));
    pos = re.lastIndex;
  }
  return tokens;
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly t: string[]) {}

  parse(): Node {
    const node = this.or();
    if (this.i < this.t.length) throw new FilterError(says.unexpectedToken(this.t[this.i] as string));
    return node;
  }
  private peek(): string | undefined {
    return this.t[this.i];
  }
  private take(expected?: string): string {
    const tok = this.t[this.i];
    if (tok === undefined) throw new FilterError(says.unexpectedEnd());
    if (expected !== undefined && tok.toLowerCase() !== expected) throw new FilterError(says.expectedToken(expected, tok));
    this.i++;
    return tok;
  }
  private nest<T>(f: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new FilterError(says.nestsTooDeeply());
    try {
      return f();
    } finally {
      this.depth--;
    }
  }
  private or(): Node {
    let a = this.and();
    while (this.peek()?.toLowerCase() === "or") {
      this.take();
      a = { k: "or", a, b: this.and() };
    }
    return a;
  }
  private and(): Node {
    let a = this.unary();
    while (this.peek()?.toLowerCase() === "and") {
      this.take();
      a = { k: "and", a, b: this.unary() };
    }
    return a;
  }
  private unary(): Node {
    return this.nest(() => {
      if (this.peek()?.toLowerCase() === "not") {
        this.take();
        return { k: "not", a: this.unary() };
      }
      if (this.peek() === "(") {
        this.take("(");
        const inner = this.or();
        this.take(")");
        return inner;
      }
      const left = this.operand();
      if (left.k === "path" && this.peek() === "(" && left.p[left.p.length - 1]?.toLowerCase() === "any") {
        this.take("(");
        const v = this.take();
        this.take(":");
        const body = this.or();
        this.take(")");
        return { k: "any", coll: left.p.slice(0, -1).join("/").toLowerCase(), v, body };
      }
      const op = this.take().toLowerCase();
      if (!OPS.has(op)) throw new FilterError(says.expectedOperator(op));
      return { k: "cmp", op, a: left, b: this.operand() };
    });
  }
  private operand(): Operand {
    return this.nest((): Operand => {
      const tok = this.take();
      if (tok.startsWith("'")) return { k: "lit", v: tok.slice(1, -1).replace(/''/g, "'") };
      if (/^-?\d/.test(tok)) return { k: "lit", v: Number(tok) };
      const lower = tok.toLowerCase();
      if (lower === "true" || lower === "false") return { k: "lit", v: lower === "true" };
      if (lower === "null") return { k: "lit", v: null };
      if (lower === "tolower" && this.peek() === "(") {
        this.take("(");
        const a = this.operand();
        this.take(")");
        return { k: "lower", a };
      }
      if (!/^[A-Za-z_]/.test(tok)) throw new FilterError(says.unexpectedToken(tok));
      const p = [tok];
      while (this.peek() === "/") {
        this.take("/");
        p.push(this.take());
      }
      return { k: "path", p };
    });
  }
}

export type SearchPredicate = (attributes: JsonObject) => boolean;

export function compileFilter(text: string): SearchPredicate {
  if (text.length > MAX_LENGTH) throw new FilterError(says.tooLong(MAX_LENGTH));
  const node = new Parser(tokenize(text)).parse();
  return (attributes) => evaluate(node, attributes, {}) === true;
}

function lookup(attributes: JsonObject, path: readonly string[], vars: Record<string, string>): Value {
  const [head, name] = path;
  if (head === undefined) return undefined;
  if (path.length === 1 && head in vars) return vars[head];
  const bag = attributes[head.toLowerCase()];
  if (head.toLowerCase() === "tags" && path.length === 1) {
    return Array.isArray(bag) ? bag.filter((t): t is string => typeof t === "string") : [];
  }
  if (!isObject(bag) || name === undefined) return undefined;
  const key = Object.keys(bag).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : bag[key];
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : typeof v === "bigint" ? Number(v) : undefined;
}

function value(o: Operand, attributes: JsonObject, vars: Record<string, string>): Value {
  switch (o.k) {
    case "lit":
      return o.v;
    case "path":
      return lookup(attributes, o.p, vars);
    case "lower": {
      const v = value(o.a, attributes, vars);
      return typeof v === "string" ? v.toLowerCase() : v;
    }
  }
}

function evaluate(node: Node, attributes: JsonObject, vars: Record<string, string>): boolean {
  switch (node.k) {
    case "or":
      return evaluate(node.a, attributes, vars) || evaluate(node.b, attributes, vars);
    case "and":
      return evaluate(node.a, attributes, vars) && evaluate(node.b, attributes, vars);
    case "not":
      return !evaluate(node.a, attributes, vars);
    case "any": {
      const coll = lookup(attributes, node.coll.split("/"), {});
      if (!Array.isArray(coll)) return false;
      return coll.some((item) => evaluate(node.body, attributes, { ...vars, [node.v]: item }));
    }
    case "cmp": {
      let a = value(node.a, attributes, vars);
      let b = value(node.b, attributes, vars);
      if (typeof a === "string") a = a.toLowerCase();
      if (typeof b === "string") b = b.toLowerCase();
      if (node.op === "eq") return a === b;
      if (node.op === "ne") return a !== b;
      if (a === undefined || a === null || b === undefined || b === null || typeof a !== typeof b) return false;
      const x = a as string | number;
      const y = b as string | number;
      return node.op === "gt" ? x > y : node.op === "ge" ? x >= y : node.op === "lt" ? x < y : x <= y;
    }
  }
}

/** `orderBy` such as "numbers/level desc" or "Timestamp asc" → comparator input. */
export function parseOrderBy(text: string): { path: string[]; descending: boolean } {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)?)\s*(asc|desc)?\s*$/i.exec(text);
  if (!m) throw new FilterError(says.badOrderBy(text));
  return { path: (m[1] as string).split("/"), descending: (m[2] ?? "asc").toLowerCase() === "desc" };
}

export function orderValue(attributes: JsonObject, path: readonly string[], createTimeMs: number): string | number | undefined {
  if (path.length === 1 && path[0]?.toLowerCase() === "timestamp") return createTimeMs;
  const v = lookup(attributes, path, {});
  return typeof v === "string" || typeof v === "number" ? v : undefined;
}
