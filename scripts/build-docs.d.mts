// Types for scripts/build-docs.mjs (used by test/docs/).
export declare const DEFAULT_SPEC: string;
export declare const DEFAULT_OUT: string;
export interface BuildDocsOptions {
  specPath?: string;
  outDir?: string;
  title?: string;
}
export interface BuildDocsResult {
  outDir: string;
  files: string[];
  ms: number;
}
export declare function buildDocs(options?: BuildDocsOptions): BuildDocsResult;
