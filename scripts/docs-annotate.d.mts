// Types for scripts/docs-annotate.mjs (used by test/docs/).
type Json = any; // OpenAPI documents are untyped JSON here
export interface RetryNote {
  mode: "safe" | "conditional" | "unsafe";
  extraStatuses: number[];
  safeBodyTypes: string[];
}
export declare function contractVersionOf(doc: Json, parameters: Json[]): string | undefined;
export declare function retryOf(operation: Json): RetryNote | undefined;
export declare function behaviourNote(version: string | undefined, retry: RetryNote | undefined): string;
export declare function annotateForDocs(contract: Json): Json;
