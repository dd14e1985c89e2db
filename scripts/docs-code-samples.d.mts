// Types for scripts/docs-code-samples.mjs (used by test/docs/). Contract objects are plain JSON.
type Json = any; // OpenAPI documents are untyped JSON here
export interface OperationRef {
  path: string;
  method: string;
  operation: Json;
  parameters: Json[];
}
export declare const HTTP_METHODS: readonly string[];
export declare const SAMPLE_LANG: string;
export declare const CLIENT_SETUP: string;
export declare function deref(doc: Json, node: Json): Json;
export declare function listOperations(doc: Json): OperationRef[];
export declare function exampleOf(doc: Json, holder: Json): unknown;
export declare function toTsLiteral(value: unknown, indent?: string): string;
export declare function requestOptions(doc: Json, op: OperationRef): Record<string, unknown> | undefined;
export declare function sampleCall(doc: Json, op: OperationRef): string;
export declare function codeSample(doc: Json, op: OperationRef): string;
export declare function codeSamplesByOperation(doc: Json): Map<string, string>;
