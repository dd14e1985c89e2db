// Sends each operation to its host from the contract's `servers`, unless the caller overrides it:
// `baseUrl` sends everything to one origin (the emulator), `hosts` rewrites single hosts.
import type { OperationInfo } from "../contract/operation-types.js";
import { trimSlash } from "./request-spec.js";

export interface RoutingOptions {
  /** One origin for every operation, e.g. the local emulator ("http://127.0.0.1:4000"). */
  readonly baseUrl?: string | undefined;
  /** Per-host override, keyed by the contract host, e.g. { "https://gameserverms.xboxlive.com": "http://127.0.0.1:4001" }. */
  readonly hosts?: Readonly<Record<string, string>> | undefined;
}

/** Returns the origin (or base URL) an operation is sent to under these options. */
export function createHostResolver(options: RoutingOptions): (info: OperationInfo) => string {
  if (options.baseUrl !== undefined) {
    const base = trimSlash(options.baseUrl);
    return () => base;
  }
  const overrides = new Map<string, string>();
  for (const [host, target] of Object.entries(options.hosts ?? {})) overrides.set(trimSlash(host), trimSlash(target));
  return (info) => overrides.get(info.host) ?? info.host;
}
