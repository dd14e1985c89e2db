// Unit checks of the emulator's pure pieces: merge semantics, template constants, search filters,
// the sliding-window limiter, identity parsing and config validation.
import { describe, expect, it } from "vitest";
import { deepEqual, deepMerge, findConflict, mergeBag, replaceFields } from "../../src/emulator/model/merge.js";
import { BUILTIN_TEMPLATES } from "../../src/emulator/store/template-catalog.js";
import { constantsFromTemplate } from "../../src/emulator/model/template-constants.js";
import { compileFilter, FilterError, parseOrderBy } from "../../src/emulator/model/search-filter.js";
import { RateLimiter } from "../../src/emulator/http/rate-limit.js";
import { parseAuthorization } from "../../src/emulator/http/identity.js";
import { checkConfig } from "../../src/emulator/config.js";

describe("merge semantics", () => {
  it("deep-merges objects, replaces arrays and scalars, deletes on null, keeps absent keys, never mutates", () => {
    const target = { a: 1, nested: { x: 1, y: { deep: true } }, list: [1, 2], gone: "soon" };
    const patch = { nested: { y: { more: 2 }, z: 3 }, list: [9], gone: null, big: 2n ** 64n - 1n };
    const out = deepMerge(target, patch);
    expect(out).toEqual({ a: 1, nested: { x: 1, y: { deep: true, more: 2 }, z: 3 }, list: [9], big: 18446744073709551615n });
    expect(target).toEqual({ a: 1, nested: { x: 1, y: { deep: true } }, list: [1, 2], gone: "soon" });
  });

  it("system fields are replaced whole; a bag's null halves clear it", () => {
    expect(replaceFields({ subscription: { id: "a", changeTypes: ["x"] }, active: true }, { subscription: { id: "b" }, active: null })).toEqual({
      subscription: { id: "b" },
    });
    expect(mergeBag({ system: { closed: true }, custom: { a: 1 } }, { custom: null })).toEqual({ system: { closed: true }, custom: {} });
  });

  it("deepEqual treats 1 and 1n alike and compares structurally", () => {
    expect(deepEqual({ n: 1, l: [1, { a: 2n }] }, { n: 1n, l: [1, { a: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual(1.5, 1.5)).toBe(true);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });

  it("findConflict names the first differing leaf and ignores additions", () => {
    expect(findConflict({ a: { b: 1, c: 2 } }, { a: { b: 1, d: 3 } }, "")).toBeUndefined();
    expect(findConflict({ a: { b: 1 } }, { a: { b: 2 } }, "/constants")).toBe("/constants/a/b");
  });
});

describe("template constants", () => {
  it("fills 107 defaults for a template that leaves them out and lets the creator add", () => {
    const result = constantsFromTemplate({ constants: { system: { maxMembersCount: 4 } } }, { system: { visibility: "private" }, custom: { mode: "x" } });
    expect(result).toEqual({
      ok: true,
      constants: {
        system: {
          maxMembersCount: 4, visibility: "private", version: 1, reservedRemovalTimeout: 30000, inactiveRemovalTimeout: 0,
          readyRemovalTimeout: 180000, sessionEmptyTimeout: 0, capabilities: {},
        },
        custom: { mode: "x" },
      },
    });
  });

  it("refuses a value that conflicts with the template, and dynamic capabilities when the template forbids them", () => {
    expect(constantsFromTemplate(BUILTIN_TEMPLATES["MinecraftLobby"]!, { system: { maxMembersCount: 31 } })).toEqual({
      ok: false, conflict: "/constants/system/maxMembersCount",
    });
    expect(constantsFromTemplate({ constants: { system: { capabilities: {} } } }, { system: { capabilities: { gameplay: true } } })).toEqual({
      ok: false, conflict: "/constants/system/capabilities/gameplay",
    });
  });
});

describe("search filters", () => {
  const attrs = { tags: ["Casual", "pvp"], strings: { Map: "CTF" }, numbers: { level: 7 } };
  it.each([
    ["strings/map eq 'ctf'", true],
    ["tolower(strings/Map) eq 'ctf' and numbers/level gt 5", true],
    ["numbers/level lt 5 or tags/any(t: t eq 'casual')", true],
    ["not (numbers/level ge 7)", false],
    ["tags/any(t: t eq 'ranked')", false],
    ["strings/missing eq 'x'", false],
    ["numbers/level le 7 and strings/map ne 'koth'", true],
  ])("%s → %s", (filter, expected) => {
    expect(compileFilter(filter)(attrs)).toBe(expected);
  });

  it("rejects malformed filters and orderBy with FilterError, bounded in depth", () => {
    for (const bad of ["strings/map eq", "(", "numbers/level between 3", "'unterminated", "(".repeat(100) + "a eq 1" + ")".repeat(100)]) {
      expect(() => compileFilter(bad), bad).toThrow(FilterError);
    }
    expect(parseOrderBy("numbers/level desc")).toEqual({ path: ["numbers", "level"], descending: true });
    expect(() => parseOrderBy("level; drop")).toThrow(FilterError);
  });
});

describe("rate limiter", () => {
  it("allows exactly `requests` per window and computes Retry-After from the oldest counted request", () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const limits = [{ requests: 3, periodSeconds: 10 }];
    for (let i = 0; i < 3; i++) {
      expect(limiter.check("u", limits).ok).toBe(true);
      now += 1000;
    }
    const refused = limiter.check("u", limits);
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 7, body: { currentRequests: 3, maxRequests: 3, periodInSeconds: 10 } });
    now = 10_001;
    expect(limiter.check("u", limits).ok).toBe(true);
  });
});

describe("identity", () => {
  it("reads the XUID from the token part and refuses anything else", () => {
    expect(parseAuthorization("XBL3.0 x=abc;2535405290000001")).toEqual({ userHash: "abc", xuid: "2535405290000001" });
    for (const bad of [undefined, "", "Bearer x", "XBL3.0 x=abc", "XBL3.0 x=;1", "XBL3.0 x=a;01", "XBL3.0 x=a;18446744073709551616", "XBL3.0 x=a;eyJhbGciOi"]) {
      expect(parseAuthorization(bad), String(bad)).toBeUndefined();
    }
  });
});

describe("config validation", () => {
  it("names the offending key", () => {
    expect(() => checkConfig({ follow: {} })).toThrow(/unknown key "follow"/);
    expect(() => checkConfig({ follows: { "1": "2" } })).toThrow(/follows\.1/);
    expect(() => checkConfig({ templates: { T: { system: {} } } })).toThrow(/templates\.T/);
    expect(() => checkConfig({ sessionHosts: { regions: { "West US": -1 } } })).toThrow(/sessionHosts\.regions/);
    expect(checkConfig({ rateLimits: false, follows: { "1": ["2"] } })).toEqual({ rateLimits: false, follows: { "1": ["2"] } });
  });
});
