/**
 * Fault injection: per request, with configurable probabilities and a seed, answer 500, 503
 * (with Retry-After) or reset the connection before any state is touched. Deterministic for a
 * given seed and request order, so client retry tests are reproducible.
 *
 * CLI spec syntax: comma list of `500=P`, `503=P`, `reset=P`, `seed=N`, e.g. "500=0.05,reset=0.01,seed=7".
 * RTA faults (drawn by the RTA endpoint, see rta/rta-faults.ts): `rta-1001=P`, `rta-1002=P`,
 * `rta-drop=P`, `rta-half-open=P`, `rta-resync=P`.
 */

export interface FaultOptions {
  /** Probability (0..1) of an injected 500. */
  readonly error500?: number;
  /** Probability (0..1) of an injected 503 with Retry-After. */
  readonly error503?: number;
  /** Probability (0..1) of a destroyed socket (no response at all). */
  readonly reset?: number;
  /** PRNG seed; the same seed gives the same sequence. */
  readonly seed?: number;
  /** Retry-After value (seconds) on injected 503s. Default 1. */
  readonly retryAfterSeconds?: number;
  /** Probability (0..1) that an RTA subscribe is answered 1001 (Throttled). */
  readonly rtaThrottled?: number;
  /** Probability (0..1) that an RTA subscribe is answered 1002 (ServiceUnavailable). */
  readonly rtaUnavailable?: number;
  /** Probability (0..1) that a shoulder tap is lost and its socket dropped without a close frame (1006). */
  readonly rtaDrop?: number;
  /** Probability (0..1) that a shoulder tap is lost and its socket goes half-open (no frames, no pongs). */
  readonly rtaHalfOpen?: number;
  /** Probability (0..1) that a shoulder tap is replaced by a resync frame. */
  readonly rtaResync?: number;
}

const RTA_FAULTS: Record<string, "rtaThrottled" | "rtaUnavailable" | "rtaDrop" | "rtaHalfOpen" | "rtaResync"> = {
  "rta-1001": "rtaThrottled",
  "rta-1002": "rtaUnavailable",
  "rta-drop": "rtaDrop",
  "rta-half-open": "rtaHalfOpen",
  "rta-resync": "rtaResync",
};

export type Fault = "500" | "503" | "reset";

export function parseFaultSpec(spec: string): FaultOptions {
  const out: { -readonly [K in keyof FaultOptions]: FaultOptions[K] } = {};
  for (const raw of spec.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const eq = part.search(/[=:]/);
    if (eq < 0) throw new Error(`Fault spec entry "${part}" must look like name=value`);
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = Number(part.slice(eq + 1).trim());
    if (!Number.isFinite(value)) throw new Error(`Fault spec entry "${part}" has a non-numeric value`);
    const probability = (): number => {
      if (value < 0 || value > 1) throw new Error(`Fault probability in "${part}" must be between 0 and 1`);
      return value;
    };
    switch (name) {
      case "500":
        out.error500 = probability();
        break;
      case "503":
        out.error503 = probability();
        break;
      case "reset":
        out.reset = probability();
        break;
      case "seed":
        out.seed = Math.trunc(value);
        break;
      case "retry-after":
        out.retryAfterSeconds = Math.max(0, Math.trunc(value));
        break;
      default: {
        const rta = RTA_FAULTS[name];
        if (rta === undefined) throw new Error(`Unknown fault "${name}" (expected 500, 503, reset, seed, retry-after, ${Object.keys(RTA_FAULTS).join(", ")})`);
        out[rta] = probability();
      }
    }
  }
  const total = (out.error500 ?? 0) + (out.error503 ?? 0) + (out.reset ?? 0);
  if (total > 1) throw new Error("Fault probabilities add up to more than 1");
  if ((out.rtaThrottled ?? 0) + (out.rtaUnavailable ?? 0) > 1) throw new Error("RTA subscribe fault probabilities add up to more than 1");
  if ((out.rtaDrop ?? 0) + (out.rtaHalfOpen ?? 0) + (out.rtaResync ?? 0) > 1) throw new Error("RTA delivery fault probabilities add up to more than 1");
  return out;
}

/** mulberry32: tiny, fast, good enough for test fault schedules. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private readonly random: () => number;
  readonly retryAfterSeconds: number;
  readonly enabled: boolean;

  constructor(private readonly options: FaultOptions = {}) {
    this.random = mulberry32(options.seed ?? 1);
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
    this.enabled = (options.error500 ?? 0) + (options.error503 ?? 0) + (options.reset ?? 0) > 0;
  }

  /** One draw per request; `undefined` means "serve normally". */
  next(): Fault | undefined {
    if (!this.enabled) return undefined;
    const r = this.random();
    const p500 = this.options.error500 ?? 0;
    const p503 = this.options.error503 ?? 0;
    const pReset = this.options.reset ?? 0;
    if (r < p500) return "500";
    if (r < p500 + p503) return "503";
    if (r < p500 + p503 + pReset) return "reset";
    return undefined;
  }
}
