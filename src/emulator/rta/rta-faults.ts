/**
 * RTA faults, configured in the emulator's `faults` option beside the REST ones and drawn from their
 * own seeded stream (so turning them on does not change the REST fault sequence):
 * - `rtaThrottled` / `rtaUnavailable`: a subscribe is answered 1001 / 1002 instead of being served;
 * - `rtaDrop`: instead of delivering a shoulder tap the socket is dropped without a close frame (1006);
 * - `rtaHalfOpen`: instead of delivering a tap the socket goes half-open: open, but it delivers nothing
 *   more and answers no ping;
 * - `rtaResync`: instead of a tap the socket gets a resync frame.
 */
import { mulberry32, type FaultOptions } from "../http/faults.js";

export type RtaSubscribeFault = 1001 | 1002;
export type RtaDeliveryFault = "drop" | "halfOpen" | "resync";

export class RtaFaults {
  private readonly random: () => number;

  constructor(private readonly options: FaultOptions) {
    this.random = mulberry32(((options.seed ?? 1) ^ 0x52544100) >>> 0);
  }

  /** One draw per subscribe. */
  subscribe(): RtaSubscribeFault | undefined {
    const throttled = this.options.rtaThrottled ?? 0;
    const unavailable = this.options.rtaUnavailable ?? 0;
    if (throttled + unavailable === 0) return undefined;
    const r = this.random();
    if (r < throttled) return 1001;
    if (r < throttled + unavailable) return 1002;
    return undefined;
  }

  /** One draw per shoulder tap about to be delivered. */
  delivery(): RtaDeliveryFault | undefined {
    const drop = this.options.rtaDrop ?? 0;
    const halfOpen = this.options.rtaHalfOpen ?? 0;
    const resync = this.options.rtaResync ?? 0;
    if (drop + halfOpen + resync === 0) return undefined;
    const r = this.random();
    if (r < drop) return "drop";
    if (r < drop + halfOpen) return "halfOpen";
    if (r < drop + halfOpen + resync) return "resync";
    return undefined;
  }
}
