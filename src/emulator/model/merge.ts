/**
 * MPSD write semantics on plain JSON values: custom bags are deep-merged, system bags are
 * replaced field by field, and `null` deletes. Values may contain `bigint` (integers above
 * 2^53 from the shared codec); they are treated as opaque scalars everywhere here.
 */

export type JsonObject = { [key: string]: unknown };

/** A `{ system, custom }` property bag as stored by the emulator (both halves always present). */
export interface Bag {
  system: JsonObject;
  custom: JsonObject;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function emptyBag(): Bag {
  return { system: {}, custom: {} };
}

/** Deep copy of a JSON value (keeps bigint as bigint). */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneJson(v);
    return out as T;
  }
  return value;
}

/**
 * Deep merge `patch` into a copy of `target`: objects recurse, arrays and scalars replace,
 * `null` removes the key. A key absent from the patch stays (MPSD merge semantics).
 */
export function deepMerge(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
    } else if (isObject(value)) {
      const current = out[key];
      out[key] = deepMerge(isObject(current) ? current : {}, value);
    } else {
      out[key] = cloneJson(value);
    }
  }
  return out;
}

/** System-bag write: each field named in the patch is replaced as a whole; `null` removes it. */
export function replaceFields(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = cloneJson(value);
  }
  return out;
}

/** Apply a request property bag (`{system?, custom?}`, either possibly null) to a stored bag. */
export function mergeBag(target: Bag, patch: unknown): Bag {
  if (!isObject(patch)) return target;
  const system = patch["system"];
  const custom = patch["custom"];
  return {
    system: system === null ? {} : isObject(system) ? replaceFields(target.system, system) : target.system,
    custom: custom === null ? {} : isObject(custom) ? deepMerge(target.custom, custom) : target.custom,
  };
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // 1 and 1n describe the same JSON number.
  if ((typeof a === "bigint" || typeof a === "number") && (typeof b === "bigint" || typeof b === "number")) {
    const ia = safeBigInt(a);
    const ib = safeBigInt(b);
    return ia !== undefined && ib !== undefined && ia === ib;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function safeBigInt(v: unknown): bigint | undefined {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
  return undefined;
}

/**
 * First path (JSON-pointer style, relative to `prefix`) where `overlay` sets a leaf that `base`
 * already defines with a different value; `undefined` when the overlay only adds or repeats.
 * Used for "constants that conflict with the template/session get 409".
 */
export function findConflict(base: JsonObject, overlay: JsonObject, prefix: string): string | undefined {
  for (const [key, value] of Object.entries(overlay)) {
    if (!Object.prototype.hasOwnProperty.call(base, key)) continue;
    const existing = base[key];
    const path = `${prefix}/${key}`;
    if (isObject(existing) && isObject(value)) {
      const inner = findConflict(existing, value, path);
      if (inner !== undefined) return inner;
    } else if (!deepEqual(existing, value)) {
      return path;
    }
  }
  return undefined;
}

/** Adds the overlay's new keys to `base` (no replacement; callers check conflicts first). */
export function addMissing(base: JsonObject, overlay: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    if (value === null) continue;
    const existing = out[key];
    if (existing === undefined) out[key] = cloneJson(value);
    else if (isObject(existing) && isObject(value)) out[key] = addMissing(existing, value);
  }
  return out;
}
