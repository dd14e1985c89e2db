// The retry policy lives in the contract only: every x-xbl-* extension matches its schema file, the
// generated policy is the contract's (in milliseconds), the client's defaults are the generated
// policy, the README and the docs render it, and no policy value is written down again in the client
// or the docs scripts.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import contract from "../../generated/openapi.json" with { type: "json" };
import { operations, retryPolicy } from "../../generated/operations.js";
import { behaviourNote } from "../../scripts/lib/docs-annotate.mjs";
import { checkExtensions } from "../../scripts/lib/extension-schemas.mjs";
import { README, ROOT } from "../../scripts/lib/paths.mjs";
import { RETRY_REGION, renderRetrySection } from "../../scripts/lib/readme-retry.mjs";
import { readMarkedRegion } from "../../scripts/lib/readme-table.mjs";
import { retryPolicyOf } from "../../scripts/lib/retry-policy.mjs";
import type { OperationInfo } from "../../src/contract/operation-types.js";
import { defaultRetryOptions } from "../../src/client/retry/options.js";

const doc = contract as Record<string, any>;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

describe("x-xbl-* extensions against their schemas", () => {
  it("the contract passes, and every schema file describes an extension the contract uses", () => {
    expect(() => checkExtensions(doc, "openapi", "openapi")).not.toThrow();
    const used = new Set([...JSON.stringify(doc).matchAll(/"(x-xbl-[a-z-]+)":/g)].map((m) => m[1]));
    const schemas = readdirSync(join(ROOT, "openapi", "extensions")).map((f) => f.replace(/\.schema\.yaml$/, ""));
    expect(new Set(schemas)).toEqual(used);
  });

  it("a server-level rule list or an operation-level plain limit list is refused: each place has its form", () => {
    const broken = structuredClone(doc);
    broken.servers[0]["x-xbl-rate-limits"] = [{ bucket: "b", limits: [{ requests: 1, periodSeconds: 1 }] }];
    broken.paths["/handles/query"].post["x-xbl-rate-limits"] = [{ requests: 1, periodSeconds: 1 }];
    expect(() => checkExtensions(broken, "openapi", "copy")).toThrow(/servers\/0\/x-xbl-rate-limits\/0: must NOT have additional properties \(bucket\)[\s\S]*~1handles~1query\/post\/x-xbl-rate-limits\/0: must have required property 'bucket'/);
  });
});

describe("the generated policy", () => {
  it("is the contract's x-xbl-retry-policy, seconds turned into milliseconds", () => {
    const source = doc["x-xbl-retry-policy"];
    expect(retryPolicy.retryStatuses).toEqual(source.retryStatuses);
    expect(retryPolicy.notAppliedWithRetryAfterStatuses).toEqual(source.notApplied.withRetryAfterStatuses);
    expect(retryPolicy.budgetMs).toBe(source.backoff.budgetSeconds * 1000);
    expect(retryPolicy.retryAfterMaxMs).toBe(source.retryAfter.maxSeconds * 1000);
    expect(retryPolicyOf(doc)).toEqual(retryPolicy);
  });

  it("gives the client its defaults", () => {
    const { random, ...numbers } = defaultRetryOptions;
    expect(random).toBe(Math.random);
    for (const [key, value] of Object.entries(numbers)) expect(value, key).toBe(retryPolicy[key as keyof typeof retryPolicy]);
  });

  it("per operation: already-done answers from x-xbl-retry, bodiless successes from the declared responses", () => {
    const table = operations as Record<string, OperationInfo>;
    expect(table.deleteHandle!.retry.alreadyDoneStatuses).toEqual(doc.paths["/handles/{handleId}"].delete["x-xbl-retry"].alreadyDoneStatuses);
    for (const info of Object.values(table)) {
      const op = doc.paths[info.path][info.method.toLowerCase()];
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (!/^2/.test(status)) continue;
        const resolved = response.$ref ? doc.components.responses[response.$ref.split("/").at(-1)] : response;
        expect(info.emptySuccessStatuses.includes(Number(status)), `${info.operationId} ${status}`).toBe(resolved.content === undefined);
      }
    }
  });
});

describe("what readers see", () => {
  it("the README's retry section is rendered from the generated policy", () => {
    const readme = readFileSync(README, "utf8");
    expect(readMarkedRegion(readme, RETRY_REGION), "run `npm run generate`").toBe(renderRetrySection(retryPolicy, operations as Record<string, OperationInfo>));
  });

  it("the docs note of an unsafe operation names the policy's answers, and a changed policy changes it", () => {
    const rule = { mode: "unsafe", extraStatuses: [], safeBodyTypes: [], alreadyDoneStatuses: [] } as const;
    const note = behaviourNote("107", rule, retryPolicy);
    for (const status of retryPolicy.throttledStatuses) expect(note).toContain(`\`${status}\``);
    const changed = behaviourNote("107", rule, { ...retryPolicy, notAppliedStatuses: [], notAppliedWithRetryAfterStatuses: [], notAppliedWhenFailedBeforeSend: false });
    expect(changed).toContain("cannot have applied it (never)");
  });
});

it("no retry status, rule or limit is written down in src/client or the scripts", () => {
  const table = Object.values(operations as Record<string, OperationInfo>);
  const statuses = new Set<number>([
    ...Object.values(retryPolicy).flatMap((v) => (Array.isArray(v) ? v : [])),
    ...table.flatMap((o) => [...o.retry.extraStatuses, ...o.retry.alreadyDoneStatuses]),
  ]);
  // The rate limits too, in seconds and milliseconds (counts and periods below 15 are too common a number to police).
  const limits = table.flatMap((o) => [...o.rateLimits, ...o.rateLimitRules.flatMap((r) => r.limits)]);
  const limitNumbers = limits.flatMap((l) => [l.requests, l.periodSeconds, l.periodSeconds * 1000]).filter((n) => n >= 15);
  const numbers = [
    ...new Set([retryPolicy.baseDelayMs, retryPolicy.maxDelayMs, retryPolicy.budgetMs, retryPolicy.attemptTimeoutMs, retryPolicy.retryAfterMaxMs, retryPolicy.maxResponseBytes, ...limitNumbers]),
  ];
  const spelled = (n: number) => [String(n), n.toLocaleString("en-US").replace(/,/g, "_")];
  const forbidden = new RegExp(`(?<![\\w./])(${[...[...statuses].map(String), ...numbers.flatMap(spelled)].join("|")})(?![\\w./])`);
  const sources = [
    ...files(join(ROOT, "src/client")),
    ...files(join(ROOT, "scripts")),
  ];
  const found = sources.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => forbidden.test(line))
      .map(({ line, i }) => `${file.slice(ROOT.length + 1)}:${i + 1}: ${line.trim()}`),
  );
  expect(found).toEqual([]);
});
