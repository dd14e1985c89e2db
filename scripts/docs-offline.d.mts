// Types for scripts/docs-offline.mjs (used by test/docs/).
export declare function redocBundlePath(): string;
export declare function makeOffline(html: string): Record<string, string>;
export declare function findRemoteLoads(html: string): string[];
