/**
 * Caller identity from `Authorization: XBL3.0 x=<userhash>;<token>`.
 * Emulator convention: the token part is the caller's decimal XUID (no real XSTS token exists
 * locally), so `XBL3.0 x=anyhash;2535405290000001` is user 2535405290000001. The token is never
 * echoed into error bodies or logs.
 */
import { isXuid } from "../model/identifiers.js";

export interface Caller {
  readonly userHash: string;
  readonly xuid: string;
}

const AUTH = /^XBL3\.0 x=([^;\s]+);(\S+)$/;

/** Parsed caller, or `undefined` when the header is missing or malformed (→ 401). */
export function parseAuthorization(header: string | undefined): Caller | undefined {
  if (header === undefined) return undefined;
  const match = AUTH.exec(header.trim());
  if (!match) return undefined;
  const userHash = match[1] as string;
  const token = match[2] as string;
  if (!isXuid(token)) return undefined;
  return { userHash, xuid: token };
}

/** Build the header a test or demo client sends for a given emulator user. */
export function authorizationFor(xuid: string, userHash = `uhs${xuid}`): string {
  return `XBL3.0 x=${userHash};${xuid}`;
}
