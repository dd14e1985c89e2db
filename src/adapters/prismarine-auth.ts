// Package entry point "xbl-multiplayer/prismarine-auth": sign in with prismarine-auth, call with this
// package. fromAuthflow(authflow) is the `auth` of the REST and RTA clients; xuidOf(authflow) is the
// signed-in user's XUID. The Authflow is typed by its shape and never imported, so prismarine-auth is an
// optional peer dependency: neither this code nor its declarations need it installed.
import type { XblCredentialsProvider } from "../client/auth.js";
import { XblAuthError } from "../client/errors.js";
import { safeErrorText } from "./safe-error-text.js";
import { sharedXboxLiveToken, XBOXLIVE_RELYING_PARTY, type AuthflowLike, type XboxToken } from "./shared-sign-in.js";

export type { AuthflowLike, XboxToken } from "./shared-sign-in.js";

const XUID = /^[1-9][0-9]{0,19}$/;

function authError(message: string): XblAuthError {
  return new XblAuthError(`xbl-multiplayer: ${message}`, { operation: "auth", attempts: 0 });
}

/** The token, or an XblAuthError whose text cannot hold a credential (prismarine-auth's error is not kept). */
async function xboxLiveToken(authflow: AuthflowLike, forceRefresh: boolean): Promise<XboxToken> {
  let token: unknown;
  try {
    token = await sharedXboxLiveToken(authflow, forceRefresh);
  } catch (error) {
    const what = forceRefresh ? "a fresh Xbox Live token" : "an Xbox Live token";
    throw authError(`prismarine-auth could not get ${what} for ${XBOXLIVE_RELYING_PARTY}: ${safeErrorText(error)}`);
  }
  if (token === null || typeof token !== "object") throw authError("prismarine-auth's getXboxToken returned no token");
  return token as XboxToken;
}

function assertAuthflow(authflow: AuthflowLike): void {
  if (authflow === null || typeof authflow !== "object" || typeof authflow.getXboxToken !== "function") {
    throw new TypeError("xbl-multiplayer: expected a prismarine-auth Authflow (an object with getXboxToken)");
  }
}

/**
 * The credentials provider for `createXblClient({ auth })` and `createRtaClient({ auth })`: XSTS tokens
 * for http://xboxlive.com from the Authflow's cache, signing in or refreshing as the Authflow does.
 * After a 401 the clients ask once with forceRefresh, which skips the cached token. Calls on one
 * Authflow are shared, so clients using the same Authflow sign in and refresh once, not once each.
 * Failures reject with XblAuthError.
 */
export function fromAuthflow(authflow: AuthflowLike): XblCredentialsProvider {
  assertAuthflow(authflow);
  return async ({ forceRefresh }) => {
    const token = await xboxLiveToken(authflow, forceRefresh === true);
    // The clients check both values before use and refuse unusable ones without quoting them.
    return { userHash: token.userHash, xstsToken: token.XSTSToken };
  };
}

/** The signed-in user's XUID (decimal string), from the same token; rejects with XblAuthError. */
export async function xuidOf(authflow: AuthflowLike): Promise<string> {
  assertAuthflow(authflow);
  const { userXUID } = await xboxLiveToken(authflow, false);
  if (typeof userXUID !== "string" || !XUID.test(userXUID)) throw authError("prismarine-auth's Xbox Live token carries no XUID");
  return userXUID;
}
