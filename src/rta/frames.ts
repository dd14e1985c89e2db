// The RTA frame codec: builds the client's frames and checks every frame the service sends against
// the shapes generated from asyncapi/rta.yaml. A frame that does not fit is reported, never thrown.
import type {
  EventFrame,
  ResyncFrame,
  SubscribeFailureFrame,
  SubscribeRequestFrame,
  SubscribeSuccessFrame,
  UnsubscribeReplyFrame,
  UnsubscribeRequestFrame,
} from "../../generated/rta.js";

export type IncomingFrame = SubscribeSuccessFrame | SubscribeFailureFrame | UnsubscribeReplyFrame | EventFrame | ResyncFrame;

export const MessageType = { Subscribe: 1, Unsubscribe: 2, Event: 3, Resync: 4 } as const satisfies {
  Subscribe: SubscribeRequestFrame[0];
  Unsubscribe: UnsubscribeRequestFrame[0];
  Event: EventFrame[0];
  Resync: ResyncFrame[0];
};

const UINT32_MAX = 4294967295;

export function encodeSubscribe(sequence: number, resource: string): string {
  const frame: SubscribeRequestFrame = [MessageType.Subscribe, sequence, resource];
  return JSON.stringify(frame);
}

export function encodeUnsubscribe(sequence: number, subscriptionId: number): string {
  const frame: UnsubscribeRequestFrame = [MessageType.Unsubscribe, sequence, subscriptionId];
  return JSON.stringify(frame);
}

function isUint32(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= UINT32_MAX;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export type Decoded = { ok: true; frame: IncomingFrame } | { ok: false; reason: string };

/** Parses and checks one text frame from the service. */
export function decodeFrame(text: string): Decoded {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  if (!Array.isArray(value) || value.length === 0) return { ok: false, reason: "not a non-empty JSON array" };
  const [type] = value;
  switch (type) {
    case MessageType.Subscribe: {
      if (!isUint32(value[1]) || !isUint32(value[2])) return { ok: false, reason: "subscribe reply without sequence and status" };
      if (value[2] === 0) {
        if (value.length !== 5 || !isUint32(value[3])) return { ok: false, reason: "successful subscribe reply without a subscription id" };
        const data = isObject(value[4]) ? value[4] : {};
        return { ok: true, frame: [1, value[1], 0, value[3], data] as SubscribeSuccessFrame };
      }
      return { ok: true, frame: [1, value[1], value[2]] as SubscribeFailureFrame };
    }
    case MessageType.Unsubscribe:
      if (!isUint32(value[1]) || !isUint32(value[2])) return { ok: false, reason: "unsubscribe reply without sequence and status" };
      return { ok: true, frame: [2, value[1], value[2]] as UnsubscribeReplyFrame };
    case MessageType.Event:
      if (value.length !== 3 || !isUint32(value[1])) return { ok: false, reason: "event without a subscription id and data" };
      return { ok: true, frame: [3, value[1], isObject(value[2]) ? value[2] : {}] as EventFrame };
    case MessageType.Resync:
      return { ok: true, frame: [4] };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(type)?.slice(0, 20)}` };
  }
}
