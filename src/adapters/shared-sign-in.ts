// One getXboxToken for http://xboxlive.com at a time per Authflow, shared by every caller: a REST
// client and an RTA client signed in with the same Authflow would otherwise each start a device-code
// sign-in on first use, or each force a refresh after the same token expired. A forced refresh waits
// for a plain read in progress (which may return the stale token) and then runs once for all waiting.

/**
 * What prismarine-auth's getXboxToken resolves with. Its own typings say `userXUID: string` and
 * `expiresOn: number`; at run time the XUID can be null and expiresOn is the service's ISO date.
 */
export interface XboxToken {
  readonly userXUID?: string | null;
  readonly userHash: string;
  readonly XSTSToken: string;
  readonly expiresOn?: number | string;
}

/** The part of prismarine-auth's Authflow these clients use (since prismarine-auth 2.4). */
export interface AuthflowLike {
  getXboxToken(relyingParty?: string, forceRefresh?: boolean): Promise<XboxToken>;
}

interface Flight {
  readonly forced: boolean;
  readonly token: Promise<XboxToken>;
}

/**
 * The relying party of the tokens every service these clients call accepts (MPSD, handles, session-host
 * allocation, RTA). Passed explicitly: an Authflow's own default can be set to another one.
 */
export const XBOXLIVE_RELYING_PARTY = "http://xboxlive.com";

const flights = new WeakMap<AuthflowLike, Flight>();

export async function sharedXboxLiveToken(authflow: AuthflowLike, forceRefresh: boolean): Promise<XboxToken> {
  let flight = flights.get(authflow);
  while (flight !== undefined && forceRefresh && !flight.forced) {
    await flight.token.catch(() => undefined);
    flight = flights.get(authflow);
  }
  if (flight !== undefined) return flight.token;

  // Called inside a promise so a getXboxToken that throws synchronously still rejects like the rest.
  const token = Promise.resolve().then(() => authflow.getXboxToken(XBOXLIVE_RELYING_PARTY, forceRefresh));
  const started: Flight = { forced: forceRefresh, token };
  flights.set(authflow, started);
  const land = () => {
    if (flights.get(authflow) === started) flights.delete(authflow);
  };
  token.then(land, land);
  return token;
}
