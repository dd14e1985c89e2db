// The session writes a lobby host makes, built in one place: the host as a member (active, with its
// RTA ConnectionId and a change subscription so MPSD taps it), the repair of a stale connection, and
// the merge of the lobby's own write with the caller's reconcile write.
import type { components } from "../../generated/schema.js";

type Schemas = components["schemas"];
type MemberWrite = Schemas["MemberRequest"];

/** The host's member properties: active, on this connection, subscribed to every change. */
export function hostMemberProperties(connectionId: string, subscriptionId: string): NonNullable<MemberWrite["properties"]> {
  return { system: { active: true, connection: connectionId, subscription: { id: subscriptionId, changeTypes: ["everything"] } } };
}

/** The host joining (or rejoining) a session: constants plus the member properties. */
export function hostMemberJoin(xuid: string, connectionId: string, subscriptionId: string): MemberWrite {
  return { constants: { system: { xuid, initialize: true } }, properties: hostMemberProperties(connectionId, subscriptionId) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep merge of two write bodies; `extra` wins on conflicts (the caller's reconcile write on top). */
export function mergeWrites<T extends object>(base: T, extra: object | undefined): T {
  if (extra === undefined) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeWrites(current, value) : value;
  }
  return out as T;
}

/** True when a write body would change nothing (no keys anywhere below its top level). */
export function isEmptyWrite(body: object): boolean {
  return Object.keys(body).length === 0;
}
