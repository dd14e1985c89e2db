/**
 * Checks for the identifiers the emulator reads outside request schemas (the caller's XUID in the
 * Authorization header, reserved users): the contract's XUID pattern, plus the canonical form the
 * emulator keys users by (no leading zero) and the unsigned 64-bit range the contract describes.
 */
import { schemaPattern } from "../../contract/schema-facts.js";

const XUID_PATTERN = schemaPattern("Xuid");
const UINT64_MAX = 2n ** 64n - 1n;

export function isXuid(value: string): boolean {
  return XUID_PATTERN.test(value) && !value.startsWith("0") && BigInt(value) <= UINT64_MAX;
}
