// Types for scripts/docs-annotate.mjs (used by test/docs/).
type Json = any; // OpenAPI documents are untyped JSON here
export interface RetryNote {
  mode: "safe" | "conditional" | "unsafe";
  extraStatuses: number[];
  safeBodyTypes: string[];
}
export declare function behaviourNote(version: string | null, retry: RetryNote): string;
export declare function annotateForDocs(contract: Json): Json;
