/**
 * The per-request view a route handler gets: the matched contract operation, decoded path
 * parameters, query, headers, the authenticated caller and the parsed, schema-valid body.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { OperationId } from "../../contract/operation-index.js";
import type { Caller } from "./identity.js";
import type { EmulatorState } from "../store/emulator-state.js";

export interface RequestContext {
  readonly operationId: OperationId;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly caller: Caller;
  readonly body: unknown;
  readonly contractVersion: number;
  readonly state: EmulatorState;
}

export function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}
