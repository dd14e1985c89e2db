// XBL3.0 authorization: `Authorization: XBL3.0 x=<userHash>;<xstsToken>`, from static credentials or
// an async provider. Rejected credentials trigger one forced refresh per logical call; concurrent
// rejections share it.
// Tokens stay in this module's closures: they are never put on errors, messages or logs, and a token a
// header could not carry is refused here, before any Headers code could quote it in an exception.
import { XblAuthError } from "./errors.js";

export interface XblCredentials {
  readonly userHash: string;
  readonly xstsToken: string;
}

export type XblCredentialsProvider = (request: { readonly forceRefresh: boolean }) => XblCredentials | Promise<XblCredentials>;

export type AuthOption = XblCredentials | XblCredentialsProvider;

/** What one attempt used: the header value, the user (for per-user throttling) and the refresh epoch. */
export interface AuthTicket {
  readonly authorization: string;
  readonly userHash: string;
  readonly epoch: number;
}

export interface Authenticator {
  /** Credentials for the next attempt (synchronous for static credentials). */
  current(): AuthTicket | Promise<AuthTicket>;
  /**
   * After the service rejected the credentials `used`: refresh once (shared by every caller rejected on
   * the same epoch) and return fresh credentials, or undefined when no refresh is possible.
   */
  refreshAfter401(used: AuthTicket): Promise<AuthTicket | undefined>;
}

/** Visible ASCII, space, tab and obs-text: what a header value may hold (no CR, LF, NUL, DEL). */
const HEADER_SAFE = /^[\t\x20-\x7e\x80-\xff]+$/;

function formatHeader(credentials: XblCredentials): string {
  return `XBL3.0 x=${credentials.userHash};${credentials.xstsToken}`;
}

function checked(credentials: XblCredentials | undefined): XblCredentials {
  const usable =
    credentials !== null &&
    typeof credentials === "object" &&
    typeof credentials.userHash === "string" &&
    typeof credentials.xstsToken === "string" &&
    HEADER_SAFE.test(credentials.userHash) &&
    HEADER_SAFE.test(credentials.xstsToken) &&
    credentials.userHash.trim() === credentials.userHash &&
    credentials.xstsToken.trim() === credentials.xstsToken;
  if (!usable) {
    // Deliberately no details: the object may hold a token.
    throw new XblAuthError(
      "xbl-multiplayer: auth must provide non-empty string userHash and xstsToken made of characters a header can carry",
      { operation: "auth", attempts: 0 },
    );
  }
  return credentials;
}

export function createAuthenticator(option: AuthOption | undefined): Authenticator | undefined {
  if (option === undefined) return undefined;
  if (typeof option !== "function") {
    const ticket: AuthTicket = { authorization: formatHeader(checked(option)), userHash: option.userHash, epoch: 0 };
    return { current: () => ticket, refreshAfter401: async () => undefined };
  }
  const provider = option;
  let epoch = 0;
  let refreshing: Promise<AuthTicket> | undefined;

  const ticketFrom = (credentials: XblCredentials, at: number): AuthTicket => {
    const valid = checked(credentials);
    return { authorization: formatHeader(valid), userHash: valid.userHash, epoch: at };
  };

  return {
    async current() {
      if (refreshing !== undefined) return refreshing;
      return ticketFrom(await provider({ forceRefresh: false }), epoch);
    },
    async refreshAfter401(used) {
      if (refreshing !== undefined) return refreshing;
      // Someone refreshed after this attempt took its token: use the new one without another refresh.
      if (used.epoch !== epoch) return ticketFrom(await provider({ forceRefresh: false }), epoch);
      const next = epoch + 1;
      refreshing = (async () => ticketFrom(await provider({ forceRefresh: true }), next))();
      try {
        const ticket = await refreshing;
        epoch = next;
        return ticket;
      } finally {
        refreshing = undefined;
      }
    },
  };
}
