// The bigint-safe codec: exact round trips above 2^53, the fast-path detector never misses an unsafe
// integer, and results equal lossless-json's on random documents (fast-check), on the fast path and in
// the exact parser the codec falls back to.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { parseExactJson } from "../../src/shared/exact-json.js";
import { parseJson, stringifyJson } from "../../src/shared/json-codec.js";
import { scanUnsafeIntegers } from "../../src/shared/unsafe-integers.js";
import { parseJsonLossless } from "../support/lossless-reference.js";

const BIG = 12996504943305946298n;

describe("parseJson / stringifyJson", () => {
  it("parses NetherNetId above 2^53 as bigint and writes it back as a JSON number", () => {
    const text = `{"properties":{"custom":{"SupportedConnections":[{"ConnectionType":7,"NetherNetId":${BIG}}]}}}`;
    const value = parseJson(text) as { properties: { custom: { SupportedConnections: [{ NetherNetId: bigint; ConnectionType: number }] } } };
    expect(value.properties.custom.SupportedConnections[0].NetherNetId).toBe(BIG);
    expect(typeof value.properties.custom.SupportedConnections[0].ConnectionType).toBe("number");
    expect(stringifyJson(value)).toBe(text);
  });

  it("keeps safe integers, floats and 16-digit strings as JSON.parse does", () => {
    const text = `{"xuid":"2535405290311111","n":9007199254740991,"f":1.5e300,"g":12345678901234567.5,"neg":-9007199254740993,"a":[1,2]}`;
    const value = parseJson(text) as Record<string, unknown>;
    expect(value.xuid).toBe("2535405290311111");
    expect(value.n).toBe(9007199254740991);
    expect(value.f).toBe(1.5e300);
    expect(value.g).toBe(12345678901234567.5);
    expect(value.neg).toBe(-9007199254740993n);
    expect(value.a).toEqual([1, 2]);
  });

  it("throws SyntaxError on invalid JSON on both paths", () => {
    expect(() => parseJson("{bad")).toThrow(SyntaxError);
    expect(() => parseJson(`{"a":${BIG},}`)).toThrow(SyntaxError);
  });

  it("finds unsafe integer tokens wherever a value can start, and skips safe, fractional and quoted digits", () => {
    const kind = (text: string) => scanUnsafeIntegers(text).kind;
    expect(kind(`{"a":"12996504943305946298"}`)).toBe("none");
    expect(kind(`{"a":1.12996504943305946298}`)).toBe("none");
    expect(kind(`{"a":1e12996504943305946298,"b":2E-12996504943305946298}`)).toBe("none");
    expect(kind(`{"a":9007199254740991,"b":-9007199254740991}`)).toBe("none");
    expect(kind(`{"a": 12996504943305946298}`)).toBe("tokens");
    expect(kind(`[-12996504943305946298]`)).toBe("tokens");
    expect(kind(`12996504943305946298`)).toBe("tokens");
    expect(kind(`{"a":[1,\n\t9007199254740992]}`)).toBe("tokens");
    // Probing every 16th position: runs that start and end anywhere are found.
    for (let pad = 0; pad < 20; pad++) {
      const text = `{"s":"${"x".repeat(pad)}","n":[18446744073709551615${"0".repeat(pad)}]}`;
      expect(parseJson(text)).toEqual({ s: "x".repeat(pad), n: [BigInt(`18446744073709551615${"0".repeat(pad)}`)] });
    }
  });

  it("leaves strings that hold number lookalikes untouched", () => {
    const texts = [
      `{"a":"x:12996504943305946298,"}`,
      `{"a":"\\\\",  "b":"x:12996504943305946298"}`,
      `{"a":"\\\"x:12996504943305946298"}`,
      `{"a":"[12996504943305946298","b":12996504943305946298}`,
      `{"x:12996504943305946298":12996504943305946298}`,
      `{"uuid":"c3a4d5e6-1234-4321-abcd-0123456789ab","n":12996504943305946298,"v":"1.5e19"}`,
    ];
    for (const text of texts) {
      const parsed = parseJson(text);
      expect(parsed).toEqual(parseJsonLossless(text));
      expect(JSON.stringify(parsed, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v))).toBe(JSON.stringify(JSON.parse(text)));
    }
  });

  it("patches past floats and exponent numbers that share no double with an unsafe integer", () => {
    const text = `{"uuid":"c3a4d5e6-1234","n":[12996504943305946298, 1.5e300, 123456789012345.5, -2E+21, 1e19]}`;
    expect(scanUnsafeIntegers(text).kind).toBe("tokens");
    expect(parseJson(text)).toEqual({ uuid: "c3a4d5e6-1234", n: [BIG, 1.5e300, 123456789012345.5, -2e21, 1e19] });
  });

  it("puts back every token when a duplicate key dropped one or a string holds a lookalike", () => {
    // The patch stops once it has put back as many tokens as the scan counted; neither case may stop it early.
    expect(parseJson(`{"a":12996504943305946298,"a":1,"b":18446744073709551615}`)).toEqual({ a: 1, b: 18446744073709551615n });
    expect(parseJson(`{"s":"x:18446744073709551615","n":[18446744073709551615]}`)).toEqual({ s: "x:18446744073709551615", n: [18446744073709551615n] });
  });

  it("hands ambiguous texts to the exact parser and still gets them exactly right", () => {
    const cases = [
      `[12996504943305946298, 12996504943305946299]`, // two integers, one double
      `[12996504943305946298, 1.2996504943305946298e19]`, // an exponent float with the same double
      `[12996504943305946298, 12996504943305946298.0]`, // a 16+ digit float
      `{"a":12996504943305946298,"a":1,"b":1.2996504943305946298e19}`, // duplicate key + float
      `[1e19, 10000000000000000000]`, // a short exponent float, and the integer of its double
      `[12996504943305946298, 12345678901234567.5]`, // a float of 16+ integer digits, whatever its double
    ];
    for (const text of cases) {
      expect(scanUnsafeIntegers(text).kind).toBe("fallback");
      expect(parseJson(text)).toEqual(parseJsonLossless(text));
    }
    expect(parseJson(cases[1]!)).toEqual([BIG, Number("1.2996504943305946298e19")]);
    expect(parseJson(cases[4]!)).toEqual([1e19, 10000000000000000000n]);
  });

  it("parses documents deeper than the patch walks with the exact parser, at any depth JSON.parse takes", () => {
    const nested = (depth: number, inner: string) => `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;
    const innermost = (value: unknown, depth: number): unknown => {
      let node = value;
      for (let i = 0; i < depth; i++) node = (node as unknown[])[0];
      return node;
    };
    expect(innermost(parseJson(nested(300, `${BIG}`)), 300)).toBe(BIG);
    const deep = parseJson(nested(20_000, `${BIG}, ${BIG + 1n}`));
    expect(innermost(deep, 19_999)).toEqual([BIG, BIG + 1n]);
    expect(() => parseExactJson(`[${BIG},`)).toThrow(SyntaxError);
  });

  it("restores values under awkward keys and at the root", () => {
    expect(parseJson(`12996504943305946298`)).toBe(BIG);
    const odd = parseJson(`{"__proto__":12996504943305946298,"0":[{"x":-12996504943305946298}]}`) as Record<string, unknown>;
    expect(Object.getPrototypeOf(odd)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(odd, "__proto__")?.value).toBe(BIG);
    expect(odd["0"]).toEqual([{ x: -BIG }]);
  });

  it("makes every member an own data property, as JSON.parse does, even under a key Object.prototype has a setter for", () => {
    let setterRan = false;
    Object.defineProperty(Object.prototype, "trap", { set: () => void (setterRan = true), get: () => "inherited", configurable: true });
    try {
      // The patch path, then the exact parser twice (a short exponent float, two integers with one double).
      const cases: [string, unknown][] = [
        [`{"trap":12996504943305946298}`, BIG],
        [`{"trap":[1e19, 10000000000000000000]}`, [1e19, 10000000000000000000n]],
        [`{"n":[${BIG}, ${BIG + 1n}],"trap":"x"}`, "x"],
      ];
      for (const [text, trap] of cases) {
        const parsed = parseJson(text) as Record<string, unknown>;
        expect(Object.getOwnPropertyDescriptor(parsed, "trap")).toEqual({ value: trap, writable: true, enumerable: true, configurable: true });
        expect(Object.hasOwn(JSON.parse(text), "trap")).toBe(true);
      }
      expect(setterRan).toBe(false);
    } finally {
      delete (Object.prototype as Record<string, unknown>).trap;
    }
  });

  it("stringifies a value with no bigint exactly like JSON.stringify, and rethrows other errors", () => {
    const value = { a: [1, "x", null, true], b: { c: 1.25 } };
    expect(stringifyJson(value)).toBe(JSON.stringify(value));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stringifyJson(cyclic)).toThrow(TypeError);
  });

  it("never turns a user string that looks like a bigint marker into a number", () => {
    const random = vi.spyOn(Math, "random");
    random.mockReturnValueOnce(0.5).mockReturnValueOnce(0.5); // first nonce: "ii" (0.5 is 0.i in base 36)
    try {
      const marker = "ii:5";
      const text = stringifyJson({ s: marker, [marker]: 1, n: BIG, list: [-BIG] });
      expect(text).toBe(`{"s":"${marker}","${marker}":1,"n":${BIG},"list":[-${BIG}]}`);
    } finally {
      random.mockRestore();
    }
  });

  const bigIntegers = fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n });
  const leaf = fc.oneof(
    bigIntegers,
    fc.integer(),
    // A double that is an unsafe integer (1e20) is written as an integer literal and comes back as a
    // bigint: that is the documented policy, so such doubles are left out of the equality property.
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d) || Number.isSafeInteger(d)),
    fc.string(),
    fc.string({ unit: "binary" }), // any code point, lone surrogates too (written as \u escapes)
    fc.constantFrom("\\\"12996504943305946298\"", ":12996504943305946298,", "2535405290311111", "\\", "\\\"", "[-12996504943305946298]", "1e19"),
    fc.boolean(),
    fc.constant(null),
  );
  const documents = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("value"), { maxLength: 5 }), fc.dictionary(fc.string(), tie("value"), { maxKeys: 5 })),
  })).value;

  const normalize = (value: unknown): unknown =>
    typeof value === "bigint" && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;

  it("round-trips random documents exactly and agrees with lossless-json", () => {
    fc.assert(
      fc.property(documents, (doc) => {
        const text = stringifyJson(doc);
        const parsed = parseJson(text);
        // Reference: lossless-json alone, with the same number policy (bigint only when unsafe).
        expect(parsed).toEqual(parseJsonLossless(text));
        expect(stringifyJson(parsed)).toBe(text);
        // Every bigint in the input survives with its exact value.
        expect(JSON.stringify(parsed, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))).toBe(
          JSON.stringify(doc, (_k, v: unknown) => (typeof normalize(v) === "bigint" ? `${v}n` : normalize(v))),
        );
      }),
      { numRuns: 300 },
    );
  });

  // Raw texts the value generator cannot produce: floats and exponents next to big integers,
  // duplicate keys, odd whitespace. Whatever path the codec takes, it must agree with lossless-json.
  const token = fc.oneof(
    bigIntegers.map(String),
    fc.constantFrom("12996504943305946298", "-9007199254740993", "9007199254740992", "1.2996504943305946298e19", "12996504943305946298.5", "1e400", "0", "-0.5"),
    fc.string({ unit: "binary" }).map((s) => JSON.stringify(s)),
    fc.constantFrom('"x:12996504943305946298,"', '"\\\\"', '"a\\"b"', '"\\u0041:12996504943305946298"', '"\\ud800,12996504943305946298"', '"\ud800"'),
  );
  const rawText = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      token,
      fc.array(tie("node"), { maxLength: 4 }).map((items) => `[ ${items.join(" ,\n")}]`),
      fc
        .array(fc.tuple(fc.constantFrom("a", "b", "__proto__", "0"), tie("node")), { maxLength: 4 })
        .map((entries) => `{${entries.map(([k, v]) => `"${k}":\t${v}`).join(",")}}`),
    ),
  })).node;

  it("agrees with lossless-json on raw texts with duplicates, floats and exponents", () => {
    fc.assert(
      fc.property(rawText, (text) => {
        expect(parseJson(text)).toEqual(parseJsonLossless(text));
      }),
      { numRuns: 500 },
    );
  });

  // The exact parser on its own (the codec sends it only the rare texts the patch cannot place), with
  // key order checked too: values, bigints and member order all as lossless-json gives them.
  const inOrder = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
  it("exact parser: agrees with lossless-json on random documents and raw texts, member order included", () => {
    fc.assert(
      fc.property(fc.oneof(documents.map(stringifyJson), rawText), (text) => {
        const exact = parseExactJson(text);
        const reference = parseJsonLossless(text);
        expect(exact).toEqual(reference);
        expect(inOrder(exact)).toBe(inOrder(reference));
      }),
      { numRuns: 800 },
    );
  });
});
