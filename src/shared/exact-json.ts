// An exact JSON parser for the few texts the unsafe-integer scan leaves to it (a float, or two integers,
// sharing a double with an unsafe integer; a float of 16+ integer digits; a document nested deeper than
// the patch can walk): integers beyond 2^53 become bigints, everything else is what JSON.parse gives.
// JSON.parse checks the text first, so errors are the same SyntaxErrors as on the fast path and the
// tokens below always form valid JSON. No recursion: any depth JSON.parse takes works here.

type Container = unknown[] | Record<string, unknown>;

/** Whether the quote at `at` is escaped: an odd run of backslashes before it. */
function isEscaped(text: string, at: number): boolean {
  let start = at;
  while (text.charCodeAt(start - 1) === 92 /* \ */) start--;
  return (at - start) % 2 === 1;
}

/**
 * Sets a member as JSON.parse does, as an own data property: a key the object inherits (`__proto__`,
 * `toString`, anything someone put on Object.prototype) is defined, so no inherited setter runs.
 */
function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key in target) Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

export function parseExactJson(text: string): unknown {
  JSON.parse(text);
  const open: Container[] = [];
  // The key the next value of the innermost object goes under; the outer ones wait in `keys`.
  let key: string | undefined;
  const keys: (string | undefined)[] = [];
  for (let at = 0; ; ) {
    let code = text.charCodeAt(at);
    // Spaces, commas and colons only separate the tokens of valid JSON.
    while (code === 32 || code === 10 || code === 13 || code === 9 || code === 44 || code === 58) code = text.charCodeAt(++at);
    let value: unknown;
    if (code === 123 /* { */ || code === 91 /* [ */) {
      open.push(code === 123 ? {} : []);
      keys.push(key);
      key = undefined;
      at++;
      continue;
    }
    if (code === 125 /* } */ || code === 93 /* ] */) {
      value = open.pop();
      key = keys.pop();
      at++;
    } else if (code === 34 /* " */) {
      // A string runs to the next quote no backslash escapes (indexOf: no stack for long strings).
      let end = at;
      do end = text.indexOf('"', end + 1);
      while (isEscaped(text, end));
      const raw = text.slice(at + 1, end);
      value = raw.includes("\\") ? JSON.parse(text.slice(at, end + 1)) : raw;
      at = end + 1;
    } else {
      // A number, true, false or null, up to the next space, comma or closing bracket.
      const start = at;
      for (code = text.charCodeAt(at); code > 32 && code !== 44 && code !== 93 && code !== 125; code = text.charCodeAt(++at));
      const token = text.slice(start, at);
      const first = token.charCodeAt(0);
      value = first === 116 /* t */ ? true : first === 102 /* f */ ? false : first === 110 /* n */ ? null : Number(token);
      // An integer a double cannot hold becomes a bigint.
      if (typeof value === "number" && !Number.isSafeInteger(value) && /^-?\d+$/.test(token)) value = BigInt(token);
    }
    const top = open.at(-1);
    if (top === undefined) return value;
    if (Array.isArray(top)) top.push(value);
    else if (key === undefined) key = value as string; // an object's member starts with its key
    else {
      setMember(top, key, value);
      key = undefined;
    }
  }
}
