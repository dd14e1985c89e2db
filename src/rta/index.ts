// The RTA client's public surface, the package entry point "xbl-multiplayer/rta" (Node: it runs on ws).
export { createRtaClient, RtaClient, RtaSubscription, type RtaClientEvents, type RtaClientOptions } from "./client.js";
export { RtaAuthError, RtaClosedError, RtaConnectError, RtaError, RtaStatusError, RtaTimeoutError, statusName, type RtaStatusName } from "./errors.js";
export type { BackoffOptions } from "./backoff.js";
export type { CloseReason, LivenessOptions, RtaAuthMode } from "./options.js";
export { parseSessionResource, type ShoulderTapEvent } from "./shoulder-taps.js";
export { manualClock, realClock, type Clock, type ClockTimer, type ManualClock } from "../shared/clock.js";
export type {
  ConnectionIdData,
  EventData,
  EventFrame,
  ResyncFrame,
  ShoulderTap,
  ShoulderTapBatch,
  StatusCode as RtaStatusCode,
  SubscribeFailureFrame,
  SubscribeReplyFrame,
  SubscribeRequestFrame,
  SubscribeSuccessFrame,
  SubscriptionData,
  UnsubscribeReplyFrame,
  UnsubscribeRequestFrame,
} from "../../generated/rta.js";
export { rtaProtocol } from "../../generated/rta.js";
