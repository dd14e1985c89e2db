// Typed access to a Minecraft Bedrock lobby session (template MinecraftLobby): its properties.custom as
// the contract's MinecraftLobbyCustomProperties profile instead of unknown, a typed write body, the
// NetherNet id lookup every joiner needs, and the one place that keeps the three "who can join" fields
// in agreement. The uint64 ids arrive as bigint when they exceed 2^53 (the client's JSON codec).
import type { components } from "../../generated/schema.js";

type Schemas = components["schemas"];
type Uint64 = bigint | number;

/** One `SupportedConnections` entry, with its uint64 ids as the client's codec returns them. */
export type MinecraftLobbyConnection = Omit<Schemas["MinecraftSupportedConnection"], "NetherNetId" | "WebRTCNetworkId"> & {
  NetherNetId?: Uint64;
  WebRTCNetworkId?: Uint64;
  [key: string]: unknown;
};

/** `properties.custom` of a MinecraftLobby session; keys the profile does not name are kept as unknown. */
export type MinecraftLobbyCustom = Omit<Schemas["MinecraftLobbyCustomProperties"], "SupportedConnections" | "WebRTCNetworkId"> & {
  SupportedConnections?: MinecraftLobbyConnection[];
  WebRTCNetworkId?: Uint64;
  [key: string]: unknown;
};

type SessionProperties = Schemas["SessionProperties"];
type LobbyProperties = Omit<SessionProperties, "custom"> & { custom?: MinecraftLobbyCustom };

/** A session read from the MinecraftLobby template, with typed custom properties. */
export type MinecraftLobbySession = Omit<Schemas["MultiplayerSession"], "properties"> & { properties: LobbyProperties };

/** A write to a MinecraftLobby session: the session write body with typed custom properties (partial, as writes merge). */
export type MinecraftLobbyWrite = Omit<Schemas["MultiplayerSessionRequest"], "properties"> & { properties?: LobbyProperties };

/** Where Minecraft Bedrock keeps its lobbies. */
export const MINECRAFT_LOBBY = { scid: "4fc10100-5f7a-4470-899b-280835760c07", templateName: "MinecraftLobby" } as const;

/** Views a session read from the MinecraftLobby template as one (no copy, no check: the profile is open). */
export function asMinecraftLobby(session: Schemas["MultiplayerSession"]): MinecraftLobbySession;
export function asMinecraftLobby(session: Schemas["MultiplayerSession"] | undefined): MinecraftLobbySession | undefined;
export function asMinecraftLobby(session: Schemas["MultiplayerSession"] | undefined): MinecraftLobbySession | undefined {
  return session as MinecraftLobbySession | undefined;
}

/** A typed lobby write, usable as the body of a session PUT (the profile is a view of the same JSON). */
export function minecraftLobbyWrite(body: MinecraftLobbyWrite): Schemas["MultiplayerSessionRequest"] {
  return body as Schemas["MultiplayerSessionRequest"];
}

/**
 * The host's NetherNet id: the first SupportedConnections entry that has one, whatever its
 * ConnectionType (hosts moved from 3 to 7; matching one type broke joins). As bigint, exactly.
 */
export function netherNetIdOf(custom: MinecraftLobbyCustom | undefined): bigint | undefined {
  const entry = custom?.SupportedConnections?.find((c) => c.NetherNetId !== undefined);
  return entry?.NetherNetId === undefined ? undefined : BigInt(entry.NetherNetId);
}

export type MinecraftJoinability = "inviteOnly" | "friends" | "friendsOfFriends";

/**
 * The three places a lobby states who may join, in agreement: `properties.system` restrictions and the
 * custom `Joinability` / `BroadcastSetting`, as the contract's MinecraftLobbyCustomProperties table gives them.
 */
export function minecraftJoinability(setting: MinecraftJoinability): LobbyProperties {
  const inviteOnly = setting === "inviteOnly";
  return {
    system: { joinRestriction: inviteOnly ? "local" : "followed", readRestriction: "followed" },
    custom: {
      Joinability: inviteOnly ? "invite_only" : "joinable_by_friends",
      BroadcastSetting: inviteOnly ? 1 : setting === "friends" ? 2 : 3,
    },
  };
}
