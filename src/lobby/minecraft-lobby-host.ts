// hostMinecraftLobby: hostLobby on Minecraft Bedrock's lobby template, with the profile typed and the
// game's per-member bookkeeping done by the host: a join nonce for each member (joiners wait for their
// own entry before they connect), nonces of members who left removed, and MemberCount kept equal to
// the members in the session. A recreated or rotated lobby starts with no nonces and a count of one.
import { randomBytes } from "node:crypto";
import { MINECRAFT_LOBBY, minecraftJoinability, type MinecraftJoinability, type MinecraftLobbyCustom } from "../client/minecraft-lobby.js";
import { hostLobby, type Lobby } from "./host-lobby.js";
import type { HostLobbyOptions, LobbyChange, LobbyProperties, LobbyWrite } from "./lobby-types.js";
import { rosterOf } from "./member-roster.js";
import { mergeWrites } from "./session-bodies.js";

export interface MinecraftLobbyOptions extends Omit<HostLobbyOptions<MinecraftLobbyCustom>, "scid" | "templateName"> {
  /** Default Minecraft's SCID. */
  readonly scid?: string;
  /** Default MinecraftLobby. */
  readonly templateName?: string;
  /**
   * Who may join: sets the session's join and read restrictions and the custom Joinability and
   * BroadcastSetting together, over what `properties` holds. Default: `properties` as given.
   */
  readonly joinability?: MinecraftJoinability;
  /** Write join nonces and MemberCount for members as they come and go. Default true. */
  readonly manageMembers?: boolean;
}

/** A join nonce: 8 random bytes as 16 hexadecimal characters. */
export function newJoinNonce(): string {
  return randomBytes(8).toString("hex");
}

/** The write that brings nonces and MemberCount in line with the members of the session, if any is needed. */
export function minecraftMemberWrite(change: LobbyChange<MinecraftLobbyCustom>): LobbyWrite<MinecraftLobbyCustom> | undefined {
  const { session, hostXuid } = change;
  const custom = session.properties.custom ?? {};
  const nonces = custom.nonces ?? {};
  const members = rosterOf(session);
  const patch: Record<string, string | null> = {};
  for (const xuid of members.keys()) {
    if (xuid !== hostXuid && typeof nonces[xuid] !== "string") patch[xuid] = newJoinNonce();
  }
  for (const [xuid, value] of Object.entries(nonces)) {
    if (value !== null && !members.has(xuid)) patch[xuid] = null;
  }
  const write: NonNullable<LobbyWrite<MinecraftLobbyCustom>["properties"]>["custom"] & object = {};
  if (Object.keys(patch).length > 0) write.nonces = patch;
  const count = session.membersInfo.count;
  if (typeof count === "number" && custom.MemberCount !== undefined && custom.MemberCount !== count) write.MemberCount = count;
  return Object.keys(write).length === 0 ? undefined : { properties: { custom: write } };
}

/** Properties a fresh lobby session starts with: no one else is in it yet. */
function freshProperties(last: LobbyProperties<MinecraftLobbyCustom>): LobbyProperties<MinecraftLobbyCustom> {
  const custom = last.custom;
  if (custom === undefined) return last;
  return { ...last, custom: { ...custom, nonces: {}, ...(custom.MemberCount === undefined ? {} : { MemberCount: 1 }) } };
}

export function hostMinecraftLobby(options: MinecraftLobbyOptions): Promise<Lobby<MinecraftLobbyCustom>> {
  const manage = options.manageMembers ?? true;
  const callerReconcile = options.reconcile;
  const callerRecreate = options.recreateProperties;
  const properties = options.joinability === undefined ? options.properties : mergeWrites(options.properties ?? {}, minecraftJoinability(options.joinability));
  return hostLobby<MinecraftLobbyCustom>({
    ...options,
    ...(properties === undefined ? {} : { properties }),
    scid: options.scid ?? MINECRAFT_LOBBY.scid,
    templateName: options.templateName ?? MINECRAFT_LOBBY.templateName,
    async reconcile(change) {
      const own = manage ? minecraftMemberWrite(change) : undefined;
      const theirs = callerReconcile === undefined ? undefined : await callerReconcile(change);
      if (own === undefined) return theirs;
      return theirs === undefined ? own : mergeWrites(own, theirs);
    },
    recreateProperties(last) {
      const fresh = manage ? freshProperties(last) : last;
      return callerRecreate === undefined ? fresh : callerRecreate(fresh);
    },
  });
}
