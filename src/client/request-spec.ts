// Builds the request of a call as data (RequestSpec), the way openapi-fetch would build it: directly
// from the call's init when nothing customises the request (the fast path), or from the Request that
// openapi-fetch built when middleware or custom serializers are involved. The differential test
// (test/client/fast-path.test.ts) proves both give identical requests for every operation.
import { createQuerySerializer, defaultPathSerializer, type HeadersOptions, mergeHeaders } from "openapi-fetch";
import type { OperationInfo } from "../contract/operation-types.js";
import { stringifyJson } from "../shared/json-codec.js";
import { CONTRACT_VERSION_HEADER } from "./contract-version.js";
import type { RequestSpec } from "./pipeline/exchange.js";

/** Init keys the fast path understands; any other key sends the call through openapi-fetch. */
const FAST_KEYS: ReadonlySet<string> = new Set(["params", "body", "headers", "signal", "baseUrl", "fetch", "retry"]);

export function isPlainInit(init: object | undefined): boolean {
  if (init === undefined) return true;
  for (const key in init) if (!FAST_KEYS.has(key)) return false;
  return true;
}

/** Trailing slash removed, as openapi-fetch does with a per-call baseUrl. */
export function trimSlash(url: string): string {
  return url.endsWith("/") ? url.slice(0, -1) : url;
}

/** The URL as openapi-fetch builds it, with its own path and query serializers. */
function urlOf(info: OperationInfo, host: string, params: PlainParams | undefined): string {
  const path = params?.path;
  const url = path === undefined || path === null ? host + info.path : defaultPathSerializer(host + info.path, path as Record<string, unknown>);
  const query = params?.query;
  if (query === undefined || query === null) return url;
  // Array query parameters as the contract declares them (e.g. `include` as a comma list).
  let search = createQuerySerializer(info.arrayQuery === null ? undefined : { array: info.arrayQuery })(query as Record<string, unknown>);
  if (search.startsWith("?")) search = search.slice(1);
  return search === "" ? url : `${url}?${search}`;
}

export interface PlainParams {
  readonly path?: object | null;
  readonly query?: object | null;
  readonly header?: object | null;
}

export interface PlainInit {
  readonly params?: PlainParams;
  readonly body?: unknown;
  readonly headers?: HeadersOptions;
}

/** `type` of a JSON body object, when it has a string one. */
export function bodyTypeOf(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const type = (body as { type?: unknown }).type;
  return typeof type === "string" ? type : undefined;
}

/** Header pairs without the ones each attempt sets itself (the caller's would be duplicated). */
export function withoutAttemptHeaders(headers: Headers, hasAuth: boolean): [string, string][] {
  const kept: [string, string][] = [];
  headers.forEach((value, name) => {
    if (name !== "ms-cv" && !(hasAuth && name === "authorization")) kept.push([name, value]);
  });
  return kept;
}

/** The request openapi-fetch would build for this plain init (see isPlainInit). */
export function specFromInit(
  method: string,
  info: OperationInfo,
  host: string,
  init: PlainInit | undefined,
  clientHeaders: HeadersOptions | undefined,
  hasAuth: boolean,
): RequestSpec {
  const params = init?.params;
  const body = init?.body === undefined ? undefined : stringifyJson(init.body);
  let headers: (readonly [string, string])[];
  const version = info.contractVersion;
  if (clientHeaders === undefined && init?.headers === undefined && (params?.header === undefined || params.header === null)) {
    headers = [];
    if (body !== undefined) headers.push(["content-type", "application/json"]);
    // An operation without a contract version (the RTA nonce call) sends none.
    if (version !== null) headers.push([CONTRACT_VERSION_HEADER, version]);
  } else {
    const merged = mergeHeaders(
      body === undefined ? {} : { "Content-Type": "application/json" },
      clientHeaders,
      init?.headers,
      (params?.header ?? undefined) as HeadersOptions | undefined,
      version === null ? undefined : { [CONTRACT_VERSION_HEADER]: version },
    );
    headers = withoutAttemptHeaders(merged, hasAuth);
  }
  return { url: urlOf(info, host, params), method, headers, body, bodyType: bodyTypeOf(init?.body) };
}

/** The request openapi-fetch built (after middleware), as data. */
export async function specFromRequest(request: Request, bodyType: string | undefined, hasAuth: boolean): Promise<RequestSpec> {
  const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
  return { url: request.url, method: request.method, headers: withoutAttemptHeaders(request.headers, hasAuth), body, bodyType };
}
