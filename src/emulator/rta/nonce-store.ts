/**
 * Nonces from GET /nonce: single use, bound to the user who asked, valid for a few minutes of the
 * emulator's clock. Expired ones are dropped lazily; the table is bounded.
 */
import { randomBytes } from "node:crypto";
import type { Caller } from "../http/identity.js";

const LIFETIME_MS = 5 * 60 * 1000;
const MAX_NONCES = 10_000;

export class NonceStore {
  private readonly nonces = new Map<string, { caller: Caller; expires: number }>();

  constructor(private readonly now: () => number) {}

  issue(caller: Caller): string {
    const nonce = randomBytes(16).toString("hex");
    this.nonces.set(nonce, { caller, expires: this.now() + LIFETIME_MS });
    if (this.nonces.size > MAX_NONCES) this.nonces.delete(this.nonces.keys().next().value as string);
    return nonce;
  }

  /** The caller a nonce was issued to, once; undefined when unknown, used or expired. */
  redeem(nonce: string): Caller | undefined {
    const entry = this.nonces.get(nonce);
    if (entry === undefined) return undefined;
    this.nonces.delete(nonce);
    return entry.expires > this.now() ? entry.caller : undefined;
  }
}
