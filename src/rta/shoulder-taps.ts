// MPSD shoulder taps from events on the connections/ subscription: each tap becomes a typed event with
// its session reference, and a tap that is not newer than the last one seen for the same session
// (same branch, changeNumber not higher) is dropped as a duplicate or stale.
import type { EventData, ShoulderTap } from "../../generated/rta.js";
import type { SessionReference } from "../../generated/schema.js";

export interface ShoulderTapEvent {
  readonly session: SessionReference;
  readonly branch: string;
  readonly changeNumber: number;
  /** The member subscription (`properties.system.subscription.id`) the tap was sent for. */
  readonly subscription: string;
  readonly timestamp: string | undefined;
  /** The tap as the service sent it. */
  readonly tap: ShoulderTap;
}

/** Sessions remembered for deduplication; the oldest are forgotten first past this many. */
const REMEMBERED_SESSIONS = 10_000;

function isTap(value: unknown): value is ShoulderTap {
  if (typeof value !== "object" || value === null) return false;
  const tap = value as Record<string, unknown>;
  return (
    typeof tap["resource"] === "string" &&
    typeof tap["branch"] === "string" &&
    typeof tap["changeNumber"] === "number" &&
    Number.isInteger(tap["changeNumber"]) &&
    typeof tap["subscription"] === "string"
  );
}

/** `<scid>~<templateName>~<name>` as a session reference, or undefined when it has another shape. */
export function parseSessionResource(resource: string): SessionReference | undefined {
  const parts = resource.split("~");
  if (parts.length !== 3 || parts.some((p) => p === "")) return undefined;
  const [scid, templateName, name] = parts as [string, string, string];
  return { scid, templateName, name };
}

export class ShoulderTapFilter {
  private readonly last = new Map<string, { branch: string; changeNumber: number }>();

  /** The new taps in an event's data, in order; duplicates, stale taps and malformed entries are left out. */
  accept(data: EventData): ShoulderTapEvent[] {
    const taps = (data as { shoulderTaps?: unknown }).shoulderTaps;
    if (!Array.isArray(taps)) return [];
    const out: ShoulderTapEvent[] = [];
    for (const tap of taps) {
      if (!isTap(tap)) continue;
      const session = parseSessionResource(tap.resource);
      if (session === undefined) continue;
      const key = `${session.scid.toLowerCase()}~${session.templateName.toLowerCase()}~${session.name.toLowerCase()}`;
      const seen = this.last.get(key);
      if (seen !== undefined && seen.branch === tap.branch && tap.changeNumber <= seen.changeNumber) continue;
      this.last.delete(key);
      this.last.set(key, { branch: tap.branch, changeNumber: tap.changeNumber });
      if (this.last.size > REMEMBERED_SESSIONS) this.last.delete(this.last.keys().next().value as string);
      out.push({ session, branch: tap.branch, changeNumber: tap.changeNumber, subscription: tap.subscription, timestamp: tap.timestamp, tap });
    }
    return out;
  }

  /** After a resync or reconnect every session is read again, so any tap is news once more. */
  forget(): void {
    this.last.clear();
  }
}
