// JSON Pointer helpers for walking the bundled contract, whose reusable parts are `$ref`s into
// `#/components/...`.

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The value at a local pointer such as `#/components/schemas/Guid`, or undefined. */
export function getAtPointer(doc: unknown, pointer: string): unknown {
  const parts = pointer.replace(/^#\/?/, "").split("/").filter((p, i, all) => p !== "" || all.length > 1);
  return parts
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], doc);
}

export function isRef(value: unknown): value is { $ref: string } {
  return typeof value === "object" && value !== null && typeof (value as { $ref?: unknown }).$ref === "string";
}

/** Follows `$ref`s (bounded, so a cycle cannot hang) until a non-reference node is reached. */
export function resolveRef<T>(doc: unknown, node: T | { $ref: string }): T {
  let current: unknown = node;
  for (let depth = 0; depth < 16 && isRef(current); depth++) current = getAtPointer(doc, current.$ref);
  return current as T;
}
