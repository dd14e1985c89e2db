// Validates requests and responses against the bundled contract (generated/openapi.json) with a
// JSON Schema 2020-12 validator. The emulator uses it to refuse bad input with a message that names
// the offending field; the tests use it to prove that every emulator answer conforms.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import contract from "../../generated/openapi.json" with { type: "json" };
import { operations, type OperationId } from "./operation-index.js";
import { escapePointer, isRef, resolveRef } from "./json-pointer.js";

export type Validation = { ok: true } | { ok: false; errors: string[] };

export interface ParameterValues {
  path?: Record<string, string>;
  query?: Record<string, string | undefined>;
  header?: Record<string, string | undefined>;
}

interface ParameterObject {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema?: SchemaNode;
}
type SchemaNode = Record<string, unknown>;
interface MediaObject {
  schema?: SchemaNode;
}
interface ResponseObject {
  content?: Record<string, MediaObject>;
  headers?: Record<string, { required?: boolean; schema?: SchemaNode } | { $ref: string }>;
}
interface OperationObject {
  parameters?: Array<ParameterObject | { $ref: string }>;
  requestBody?: { required?: boolean; content?: Record<string, MediaObject> } | { $ref: string };
  responses?: Record<string, ResponseObject | { $ref: string }>;
}

const CONTRACT_ID = "xbl-contract";
// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addSchema(contract as object, CONTRACT_ID);

const validators = new Map<string, ValidateFunction>();
const doc = contract as unknown as {
  paths: Record<string, Record<string, unknown> & { parameters?: Array<ParameterObject | { $ref: string }> }>;
};

const resolve = <T>(node: T | { $ref: string }): T => resolveRef(contract, node);

function operationObject(operationId: OperationId): { op: OperationObject; pointer: string; pathItem: (typeof doc.paths)[string] } {
  const info = operations[operationId];
  const pathItem = doc.paths[info.path];
  const method = info.method.toLowerCase();
  const op = pathItem?.[method] as OperationObject | undefined;
  if (!pathItem || !op) throw new Error(`operation ${operationId} is missing from the bundled contract`);
  return { op, pathItem, pointer: `#/paths/${escapePointer(info.path)}/${method}` };
}

/** Compiles (once) the schema found at a JSON pointer inside the contract. */
function validatorAt(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    // A JSON pointer inside a URI fragment must percent-encode the braces of path templates.
    validate = ajv.compile({ $ref: `${CONTRACT_ID}${pointer.replace(/\{/g, "%7B").replace(/\}/g, "%7D")}` });
    validators.set(pointer, validate);
  }
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined, root: string): string[] {
  return (errors ?? []).map((e) => {
    const at = `${root}${e.instancePath}` || "(body)";
    const extra = e.params as { additionalProperty?: string; missingProperty?: string };
    if (extra.additionalProperty) return `${at} has an unknown member "${extra.additionalProperty}"`;
    if (extra.missingProperty) return `${at}/${extra.missingProperty} is required`;
    return `${at} ${e.message ?? "is invalid"}`;
  });
}

/**
 * The JSON Schema validator only knows JSON numbers; the codec gives integers beyond 2^53 as bigint.
 * Validation sees them as the nearest number (exact enough for type and range checks), the data is untouched.
 */
function withoutBigints(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value === null || typeof value !== "object") return value;
  let copy: unknown[] | Record<string, unknown> | undefined;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, item] of entries) {
    const replaced = withoutBigints(item);
    if (replaced === item) continue;
    copy ??= Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
    (copy as Record<string | number, unknown>)[key] = replaced;
  }
  return copy ?? value;
}

function check(pointer: string, value: unknown, root: string): Validation {
  const validate = validatorAt(pointer);
  if (validate(withoutBigints(value))) return { ok: true };
  return { ok: false, errors: describe(validate.errors, root) };
}

/** Validates a value against a named schema of the contract (`components/schemas/<name>`). */
export function validateSchema(name: string, value: unknown): Validation {
  return check(`#/components/schemas/${escapePointer(name)}`, value, "");
}

/** Validates a JSON request body against the operation's request schema. */
export function validateRequestBody(operationId: OperationId, body: unknown): Validation {
  const { op, pointer } = operationObject(operationId);
  const requestBody = op.requestBody && resolve(op.requestBody);
  if (!requestBody?.content?.["application/json"]) {
    return body === undefined ? { ok: true } : { ok: false, errors: ["(body) this operation takes no body"] };
  }
  if (body === undefined) {
    return requestBody.required ? { ok: false, errors: ["(body) a JSON body is required"] } : { ok: true };
  }
  return check(`${pointer}/requestBody/content/application~1json/schema`, body, "");
}

function parameterList(operationId: OperationId): Array<{ param: ParameterObject; pointer: string }> {
  const { op, pathItem, pointer } = operationObject(operationId);
  const pathPointer = pointer.slice(0, pointer.lastIndexOf("/"));
  const located = (p: ParameterObject | { $ref: string }, here: string) => ({ param: resolve(p), pointer: isRef(p) ? p.$ref : here });
  const fromPath = (pathItem.parameters ?? []).map((p, i) => located(p, `${pathPointer}/parameters/${i}`));
  const fromOp = (op.parameters ?? []).map((p, i) => located(p, `${pointer}/parameters/${i}`));
  return [...fromPath, ...fromOp];
}

function coerce(raw: string, schema: SchemaNode | undefined): unknown {
  const type = schema?.type;
  if (type === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  if (type === "integer" || type === "number") return raw.trim() !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  if (type === "array") return raw.split(",");
  return raw;
}

/** Validates path, query and header parameters (headers matched case-insensitively). */
export function validateParameters(operationId: OperationId, values: ParameterValues): Validation {
  const errors: string[] = [];
  const headers = Object.fromEntries(Object.entries(values.header ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  for (const { param, pointer } of parameterList(operationId)) {
    const raw =
      param.in === "path" ? values.path?.[param.name]
      : param.in === "query" ? values.query?.[param.name]
      : param.in === "header" ? headers[param.name.toLowerCase()]
      : undefined;
    const label = `${param.in} parameter ${param.name}`;
    if (raw === undefined) {
      if (param.required) errors.push(`${label} is required`);
      continue;
    }
    const result = check(`${pointer}/schema`, coerce(raw, resolve(param.schema ?? {})), label);
    if (!result.ok) errors.push(...result.errors);
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}

/**
 * Validates a response: the status must be documented, the media type listed, the body valid for its
 * schema and every required header present. `body` is the parsed JSON, or the text for text/plain.
 */
export function validateResponse(
  operationId: OperationId,
  status: number,
  contentType: string | null | undefined,
  body: unknown,
  headers?: Record<string, string | undefined>,
): Validation {
  const { op, pointer } = operationObject(operationId);
  const key = String(status);
  const declared = op.responses?.[key] ?? op.responses?.[`${key[0]}XX`] ?? op.responses?.default;
  if (!declared) return { ok: false, errors: [`status ${status} is not documented for ${operationId}`] };
  const response = resolve(declared);
  const errors: string[] = [];
  const lowerHeaders = Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  if (headers) {
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if (resolve(header).required && lowerHeaders[name.toLowerCase()] === undefined) {
        errors.push(`header ${name} is required on ${status}`);
      }
    }
  }
  const media = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const empty = body === undefined || body === "";
  if (!response.content) {
    if (!empty) errors.push(`status ${status} of ${operationId} has no body, but one was sent`);
  } else if (!media) {
    if (!empty) errors.push(`status ${status} sent a body without a content type`);
  } else {
    const entry = Object.keys(response.content).find((m) => m.toLowerCase() === media);
    if (!entry) {
      errors.push(`content type ${media} is not documented for ${status} (${Object.keys(response.content).join(", ")})`);
    } else {
      const responsePointer = `${pointer}/responses/${key in (op.responses ?? {}) ? key : "default"}`;
      const at = isRef(declared) ? `#${declared.$ref.slice(1)}` : responsePointer;
      const result = check(`${at}/content/${escapePointer(entry)}/schema`, body, "");
      if (!result.ok) errors.push(...result.errors);
    }
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}
