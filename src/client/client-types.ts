// Public types of the client: openapi-fetch's call shape over the contract's paths, with `error`
// always an XblError instead of "string | object | undefined".
import type { BodySerializer, FetchResponse, HeadersOptions, Middleware, ParamsOption, ParseAs, PathSerializer, QuerySerializer, QuerySerializerOptions } from "openapi-fetch";
import type { XblError } from "./errors.js";
import type { RetryOptions } from "./retry/options.js";
import type { XblPaths } from "./typed-paths.js";

export type XblHttpMethod = "get" | "put" | "post" | "delete";
type Media = `${string}/${string}`;

/** Paths of the contract that have an operation for `M`. */
export type XblPathsWithMethod<M extends XblHttpMethod> = {
  [P in keyof XblPaths]: XblPaths[P] extends { [K in M]: object } ? P : never;
}[keyof XblPaths];

type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type InitParam<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

type JsonBody<Op> = Op extends { requestBody?: infer RB }
  ? RB extends { content: infer C }
    ? C[keyof C]
    : never
  : never;

// openapi-fetch wraps bodies in Writable<>, which drops every property typed exactly `null` (e.g.
// `members: { "0": null }`). The contract has no readOnly markers, so bodies are used as generated.
type BodyOption<Op> = [JsonBody<Op>] extends [never]
  ? { body?: never }
  : Op extends { requestBody: unknown }
    ? { body: JsonBody<Op> }
    : { body?: JsonBody<Op> };

/** Per-call options, as openapi-fetch's (params, body, headers, parseAs, signal, middleware, ...). */
export type XblInit<Op> = ParamsOption<Op> &
  BodyOption<Op> & {
    baseUrl?: string;
    querySerializer?: QuerySerializer<Op> | QuerySerializerOptions;
    bodySerializer?: BodySerializer<Op>;
    pathSerializer?: PathSerializer;
    parseAs?: ParseAs;
    fetch?: (input: Request) => Promise<Response>;
    headers?: HeadersOptions;
    middleware?: Middleware[];
    /** This call's retry settings over the client's, or false for a single attempt. */
    retry?: Partial<RetryOptions> | false;
  } & Omit<RequestInit, "body" | "headers">;

type MaybeOptionalInit<Op> = RequiredKeysOf<XblInit<Op>> extends never ? XblInit<Op> | undefined : XblInit<Op>;

type Fetched<Op, Init> = Op extends Record<string | number, any> ? FetchResponse<Op, Init, Media> : never;
type SuccessBranch<Op, Init> = Extract<Fetched<Op, Init>, { error?: never }>;
/** The error body types the contract declares for an operation (text bodies are strings). */
export type ErrorBodyOf<Op, Init = {}> = Exclude<
  Fetched<Op, Init>,
  SuccessBranch<Op, Init>
>["error"];

/** Result of a call: `data` on 2xx, otherwise `error`, always an XblError (subclass by status). */
export type XblFetchResponse<Op, Init> =
  | SuccessBranch<Op, Init>
  | { data?: never; error: XblError<ErrorBodyOf<Op, Init>>; response: Response };

export type XblClientMethod<M extends XblHttpMethod> = <
  P extends XblPathsWithMethod<M>,
  Init extends MaybeOptionalInit<XblPaths[P][M]>,
>(
  url: P,
  ...init: InitParam<Init>
) => Promise<XblFetchResponse<XblPaths[P][M], Init>>;

export interface XblClient {
  GET: XblClientMethod<"get">;
  PUT: XblClientMethod<"put">;
  POST: XblClientMethod<"post">;
  DELETE: XblClientMethod<"delete">;
  /** Register openapi-fetch middleware; it runs once per call, around all retries. */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}
