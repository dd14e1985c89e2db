// The one index over the contract's operation table: look an operation up by its id, by method and path
// template (what the typed client holds), or by method and a concrete request path (what a server
// receives). The client and the emulator both route through here.
import { operations as table, type OperationId } from "../../generated/operations.js";
import type { HttpMethod, OperationInfo } from "./operation-types.js";

export type { OperationId } from "../../generated/operations.js";

/** The generated table, checked against the row type at compile time. */
export const operations: { readonly [K in OperationId]: OperationInfo & { readonly operationId: K } } = table;

export const METHODS: readonly HttpMethod[] = ["GET", "PUT", "POST", "DELETE"];

/** A request matched to its operation, with its path parameters percent-decoded. */
export interface OperationMatch {
  readonly operationId: OperationId;
  readonly pathParams: Record<string, string>;
}

interface Route {
  readonly info: OperationInfo;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly literalSegments: number;
}

/** Path templates are looked up without regard to case, as the service matches segments (`sessionTemplates`). */
const byTemplate = new Map<string, OperationInfo>();
const templateKey = (method: string, pathTemplate: string): string => `${method.toUpperCase()} ${pathTemplate.toLowerCase()}`;
/** The templates as the contract writes them, by method: what typed callers pass, found without case folding. */
const byExactTemplate = new Map<string, Map<string, OperationInfo>>();
for (const info of Object.values(operations) as OperationInfo[]) {
  byTemplate.set(templateKey(info.method, info.path), info);
  let paths = byExactTemplate.get(info.method);
  if (paths === undefined) byExactTemplate.set(info.method, (paths = new Map()));
  paths.set(info.path, info);
}

// Built on first use: only a server matches concrete paths, so a client bundle leaves this out.
let routes: Route[] | undefined;
function routeTable(): Route[] {
  if (routes !== undefined) return routes;
  routes = [];
  for (const info of Object.values(operations) as OperationInfo[]) {
    const names: string[] = [];
    const source = info.path
      .split("/")
      .map((segment) => {
        const param = /^\{(.+)\}$/.exec(segment);
        if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(param[1]!);
        return "([^/]+)";
      })
      .join("/");
    // Path segments match case-insensitively, as the service does (clients send `sessionTemplates`).
    routes.push({ info, pattern: new RegExp(`^${source}$`, "i"), names, literalSegments: info.path.split("/").length - names.length });
  }
  // Literal segments win over parameters, so /handles/query never matches /handles/{handleId}.
  routes.sort((a, b) => b.literalSegments - a.literalSegments);
  return routes;
}

/** The operation with this id. */
export function operationById(operationId: OperationId): OperationInfo {
  return operations[operationId];
}

/** The operation for a method and a path template as written in the contract (segments in any case). */
export function operationForTemplate(method: string, pathTemplate: string): OperationInfo | undefined {
  return byExactTemplate.get(method)?.get(pathTemplate) ?? byTemplate.get(templateKey(method, pathTemplate));
}

/** The operation a concrete request path addresses, or undefined (also for malformed percent-encoding). */
export function matchRequest(method: string, pathname: string): OperationMatch | undefined {
  const upper = method.toUpperCase();
  for (const route of routeTable()) {
    if (route.info.method !== upper) continue;
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const pathParams: Record<string, string> = {};
    try {
      route.names.forEach((name, i) => {
        pathParams[name] = decodeURIComponent(match[i + 1]!);
      });
    } catch {
      continue;
    }
    return { operationId: route.info.operationId as OperationId, pathParams };
  }
  return undefined;
}

/** The methods some operation serves at this concrete path (for a 405's Allow header). */
export function methodsAt(pathname: string): HttpMethod[] {
  return METHODS.filter((m) => matchRequest(m, pathname) !== undefined);
}
