// The TypeScript samples shown in the docs compile against the client's real types (src/index.ts
// through the `xbl-multiplayer` package name). The samples are generated from the contract's named
// examples, so a contract change that the client's types reject fails here, not in a reader's editor.
import { beforeAll, describe, expect, it } from "vitest";
import { listOperations } from "../../scripts/lib/contract.mjs";
import { annotateForDocs } from "../../scripts/lib/docs-annotate.mjs";
import { codeSample, codeSamplesByOperation } from "../../scripts/lib/docs-code-samples.mjs";
import { operations } from "../../generated/operations.js";
import { typecheckSnippets, type SnippetError } from "../support/typecheck-snippets.js";
import { loadContract } from "../support/docs-site.js";

const contract = loadContract();

function asSnippets(samples: Map<string, string>) {
  return [...samples].map(([id, source]) => ({ name: `${id}.mts`, source }));
}

describe("docs code samples", () => {
  const samples = codeSamplesByOperation(contract);

  it("there is one sample per operation of the operation table, calling that operation", () => {
    expect([...samples.keys()].sort()).toEqual(Object.keys(operations).sort());
    for (const info of Object.values(operations)) {
      expect(samples.get(info.operationId)).toContain(`client.${info.method}(${JSON.stringify(info.path)}`);
    }
  });

  // One program for all samples plus a deliberately broken one: a type-check costs seconds.
  let errors: SnippetError[] = [];
  beforeAll(() => {
    const broken = samples.get("getSession")!.replace('"/serviceconfigs/', '"/serviceconfig/');
    errors = typecheckSnippets([...asSnippets(samples), { name: "broken-path.mts", source: broken }]);
  });

  it("every sample type-checks against src/index.ts", () => {
    const real = errors.filter((e) => e.snippet !== "broken-path.mts");
    expect(real.map((e) => `${e.snippet}:${e.line}: ${e.message}`)).toEqual([]);
  });

  it("a sample that calls a path the contract lacks is rejected (the check can fail)", () => {
    expect(errors.filter((e) => e.snippet === "broken-path.mts").length).toBeGreaterThan(0);
  });

  it("the docs document carries exactly these samples, first, as the TypeScript language", () => {
    const annotated = annotateForDocs(contract);
    for (const op of listOperations(annotated)) {
      const first = op.operation["x-codeSamples"][0];
      expect(first.lang).toBe("TypeScript");
      expect(first.source).toBe(codeSample(contract, op));
    }
    // The contract itself is left untouched.
    expect(JSON.stringify(contract)).not.toContain("x-codeSamples");
  });
});
