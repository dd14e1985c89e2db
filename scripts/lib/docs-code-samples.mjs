// @ts-check
// TypeScript samples for the rendered docs, one per operation, built from the contract itself:
// `client.<METHOD>("<path>", { params, body })` with values from the operation's named examples.
// The same text is put into the docs (x-codeSamples) and type-checked against src/index.ts by
// test/docs/code-samples.test.ts, so a sample that stops compiling fails the tests, not a reader.

import { deref, listOperations } from "./contract.mjs";

/** @typedef {import("./contract.mjs").Json} Json */
/** @typedef {import("./contract.mjs").OperationRef} OperationRef */

export const SAMPLE_LANG = "TypeScript";

// Headers the client sets itself; a sample that passed them would teach the wrong thing.
const CLIENT_OWNED_HEADERS = new Set(["x-xbl-contract-version", "authorization", "content-type"]);

// How a user builds the client. Kept in one place so a change of the factory's options is one edit.
export const CLIENT_SETUP = [
  'import { createXblClient } from "xbl-multiplayer";',
  "",
  "// userHash + XSTS token (relying party http://xboxlive.com) from your Xbox Live sign-in.",
  "const client = createXblClient({",
  '  auth: { userHash: process.env.XBL_USER_HASH ?? "", xstsToken: process.env.XBL_XSTS_TOKEN ?? "" },',
  "});",
].join("\n");

const NO_VALUE = Symbol("no value");

/**
 * First named example, then `example`, then the schema's own example/default/const/enum.
 * @param {Json} doc
 * @param {Json} holder a parameter, media type or other object with examples
 * @returns {unknown}
 */
export function exampleOf(doc, holder) {
  const examples = holder.examples && typeof holder.examples === "object" && !Array.isArray(holder.examples) ? holder.examples : undefined;
  if (examples) {
    for (const raw of Object.values(examples)) {
      const ex = deref(doc, raw);
      if (ex && "value" in ex) return ex.value;
    }
  }
  if ("example" in holder) return holder.example;
  const schema = holder.schema ? deref(doc, holder.schema) : undefined;
  if (schema) {
    if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
    if ("example" in schema) return schema.example;
    if ("default" in schema) return schema.default;
    if ("const" in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  }
  return NO_VALUE;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A TypeScript literal for a JSON value, laid out like hand-written code.
 * @param {unknown} value
 * @param {string} [indent]
 * @returns {string}
 */
export function toTsLiteral(value, indent = "") {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const flat = `[${value.map((v) => toTsLiteral(v)).join(", ")}]`;
    if (flat.length <= 60 && !flat.includes("\n")) return flat;
    return `[\n${value.map((v) => `${inner}${toTsLiteral(v, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([k, v]) => `${inner}${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${toTsLiteral(v, inner)},`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

/**
 * The request options object (`{ params, body }`) for one operation, or undefined when it needs none.
 * @param {Json} doc
 * @param {OperationRef} op
 * @returns {Record<string, unknown> | undefined}
 */
export function requestOptions(doc, { path, method, operation, parameters }) {
  const where = `${method.toUpperCase()} ${path}`;
  /** @type {Record<string, Record<string, unknown>>} */
  const params = {};
  for (const p of parameters) {
    if (p.in === "cookie") continue;
    if (p.in === "header" && CLIENT_OWNED_HEADERS.has(String(p.name).toLowerCase())) continue;
    // Optional parameters change what a call means (If-Match, nocommit); the sample shows the plain call.
    if (!p.required) continue;
    const value = exampleOf(doc, p);
    if (value === NO_VALUE) throw new Error(`code samples: ${where}: required ${p.in} parameter "${p.name}" has no example`);
    (params[p.in] ??= {})[p.name] = value;
  }
  /** @type {Record<string, unknown>} */
  const options = {};
  if (Object.keys(params).length > 0) options.params = params;
  if (operation.requestBody) {
    const body = deref(doc, operation.requestBody);
    const media = body.content?.["application/json"] ?? Object.values(body.content ?? {})[0];
    const value = media ? exampleOf(doc, media) : NO_VALUE;
    if (value === NO_VALUE) {
      if (body.required) throw new Error(`code samples: ${where}: required request body has no example`);
    } else {
      options.body = value;
    }
  }
  return Object.keys(options).length > 0 ? options : undefined;
}

/**
 * The call itself, without the client setup: what a reader copies into their code.
 * @param {Json} doc
 * @param {OperationRef} op
 */
export function sampleCall(doc, op) {
  const options = requestOptions(doc, op);
  const args = [JSON.stringify(op.path)];
  if (options) args.push(toTsLiteral(options));
  const call = `client.${op.method.toUpperCase()}(${args.join(", ")})`;
  const lines = [`const { data, error } = await ${call};`, "if (error) throw error; // an XblError (status, operation, body)", "console.log(data);"];
  return lines.join("\n");
}

/**
 * A complete, compilable sample for one operation.
 * @param {Json} doc
 * @param {OperationRef} op
 */
export function codeSample(doc, op) {
  return `${CLIENT_SETUP}\n\n${sampleCall(doc, op)}\n`;
}

/**
 * operationId -> sample source, for every operation of the contract.
 * @param {Json} doc
 */
export function codeSamplesByOperation(doc) {
  /** @type {Map<string, string>} */
  const out = new Map();
  for (const op of listOperations(doc)) {
    const id = op.operation.operationId ?? `${op.method} ${op.path}`;
    out.set(id, codeSample(doc, op));
  }
  return out;
}
