// The independent reference the codec's tests and benchmark compare against: lossless-json, with the
// codec's number policy (a bigint only for an integer a double cannot hold) and JSON.parse's rule for
// duplicate keys (the last one wins; lossless-json alone would throw).
import { parse } from "lossless-json";

const INTEGER_TOKEN = /^-?\d+$/;

function parseNumberToken(token: string): number | bigint {
  if (!INTEGER_TOKEN.test(token)) return Number(token);
  const asNumber = Number(token);
  return Number.isSafeInteger(asNumber) ? asNumber : BigInt(token);
}

const OPTIONS = {
  parseNumber: parseNumberToken,
  onDuplicateKey: ({ newValue }: { newValue: unknown }) => newValue,
};

export function parseJsonLossless(text: string): unknown {
  return parse(text, null, OPTIONS);
}
