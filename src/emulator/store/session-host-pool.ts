/**
 * gameserverms session-host allocation: a finite pool of StandingBy hosts per location,
 * idempotent by (titleId, sessionId). A host spends `activationDelayMs` becoming Active; while
 * it does, repeating the allocation gets 409 and allocationStatus says Queued. An exhausted pool
 * gives 503 with Retry-After. Hosts are never returned to the pool (there is no release API).
 */
import { randomBytes } from "node:crypto";
import type { AllocationStatus, FulfillmentState, SessionHostAllocation } from "../../../generated/schema.js";
import * as errors from "../errors.js";
import type { ErrorReply } from "../errors.js";

export interface SessionHostOptions {
  /** Location name (as clients send it in `locations`, e.g. "West US") → StandingBy host count. */
  readonly regions?: Readonly<Record<string, number>>;
  /** Time a newly allocated host takes to become Active. Default 0 (immediately Fulfilled). */
  readonly activationDelayMs?: number;
  /** Retry-After (seconds) on 503 when no host is StandingBy. Default 5. */
  readonly retryAfterSeconds?: number;
}

export const DEFAULT_REGIONS: Readonly<Record<string, number>> = { "West US": 4, "East US": 4, "West Europe": 2 };

interface Allocation {
  readonly titleId: string;
  readonly sessionId: string;
  readonly location: string;
  readonly region: string;
  readonly hostName: string;
  readonly sessionHostId: string;
  readonly secureContext: string;
  readonly externalPort: number;
  readonly activeAtMs: number;
}

/** A host (new or already allocated for this sessionId), or the 400 / 409 / 503 refusal. */
export type AllocationOutcome =
  | { readonly ok: true; readonly body: SessionHostAllocation }
  | { readonly ok: false; readonly refusal: ErrorReply };

export class SessionHostPool {
  private readonly free = new Map<string, { location: string; standingBy: number }>();
  private readonly allocations = new Map<string, Allocation>();
  private serial = 0;
  private readonly activationDelayMs: number;
  private readonly retryAfterSeconds: number;

  constructor(
    options: SessionHostOptions,
    private readonly now: () => number,
  ) {
    for (const [location, count] of Object.entries(options.regions ?? DEFAULT_REGIONS)) {
      this.free.set(location.toLowerCase(), { location, standingBy: Math.max(0, Math.trunc(count)) });
    }
    this.activationDelayMs = Math.max(0, options.activationDelayMs ?? 0);
    this.retryAfterSeconds = Math.max(0, Math.trunc(options.retryAfterSeconds ?? 5));
  }

  allocate(titleId: string, sessionId: string, locations: readonly string[]): AllocationOutcome {
    const key = allocationKey(titleId, sessionId);
    const existing = this.allocations.get(key);
    const now = this.now();
    if (existing !== undefined) {
      if (now < existing.activeAtMs) return { ok: false, refusal: errors.hostNotActiveYet(sessionId) };
      return { ok: true, body: allocationBody(existing, "Fulfilled") };
    }
    if (!locations.some((l) => this.free.has(l.toLowerCase()))) {
      const known = [...this.free.values()].map((slot) => slot.location);
      return { ok: false, refusal: errors.unknownLocations(known) };
    }
    for (const wanted of locations) {
      const slot = this.free.get(wanted.toLowerCase());
      if (slot === undefined || slot.standingBy === 0) continue;
      slot.standingBy -= 1;
      this.serial += 1;
      const region = slot.location.replace(/\s+/g, "");
      const allocation: Allocation = {
        titleId,
        sessionId,
        location: slot.location,
        region,
        hostName: `host-${this.serial}.${region.toLowerCase()}.sessionhosts.emulator.invalid`,
        sessionHostId: `${region}_${this.serial}_GSDKAgent_IN_0.0`,
        secureContext: randomBytes(24).toString("base64"),
        externalPort: 30000 + this.serial,
        activeAtMs: now + this.activationDelayMs,
      };
      this.allocations.set(key, allocation);
      return { ok: true, body: allocationBody(allocation, now < allocation.activeAtMs ? "Queued" : "Fulfilled") };
    }
    return { ok: false, refusal: errors.noHostStandingBy(this.retryAfterSeconds) };
  }

  /** allocationStatus body, or undefined for an unknown (titleId, sessionId). */
  status(titleId: string, sessionId: string): AllocationStatus | undefined {
    const allocation = this.allocations.get(allocationKey(titleId, sessionId));
    if (allocation === undefined) return undefined;
    const state: FulfillmentState = this.now() < allocation.activeAtMs ? "Queued" : "Fulfilled";
    const base = allocationBody(allocation, state);
    return {
      description: "",
      clusterId: "",
      hostName: base.hostName,
      status: state,
      sessionHostId: allocation.sessionHostId,
      sessionId: allocation.sessionId,
      secureContext: allocation.secureContext,
      portMappings: base.portMappings,
      region: allocation.region,
      ticketId: allocation.sessionId,
      gameHostId: allocation.sessionHostId,
    };
  }
}

function allocationKey(titleId: string, sessionId: string): string {
  return `${titleId}|${sessionId.toLowerCase()}`;
}

function allocationBody(a: Allocation, fulfillmentState: FulfillmentState): SessionHostAllocation {
  return {
    hostName: a.hostName,
    portMappings: [{ Key: "gameport", Value: { internal: 10100, external: a.externalPort } }],
    region: a.region,
    secureContext: a.secureContext,
    sessionHostId: a.sessionHostId,
    fulfillmentState,
  };
}
