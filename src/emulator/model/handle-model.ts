/**
 * The emulator's stored handle shape: one record type for the four handle kinds the contract
 * names (activity, invite, transfer, search), keyed by a lower-case GUID, pointing at a session by
 * reference. handle-store.ts keeps them; handle-render.ts turns them into the wire JSON.
 */
import type { Handle } from "../../../generated/schema.js";
import { schemaDiscriminatorValues } from "../../contract/schema-facts.js";
import type { JsonObject } from "./merge.js";
import type { SessionRef } from "./session-model.js";

export type HandleType = Handle["type"];

/** The handle kinds, in the contract's order. */
export const HANDLE_TYPES = schemaDiscriminatorValues<HandleType>("Handle");

export interface HandleRecord {
  readonly id: string;
  readonly type: HandleType;
  readonly sessionRef: SessionRef;
  readonly sessionKey: string;
  /** Creator: activity/search/transfer owner, invite sender. */
  readonly ownerXuid: string;
  readonly titleId: string;
  readonly createTimeMs: number;
  readonly inviteProtocol: string;
  readonly invitedXuid?: string;
  readonly inviteAttributes?: JsonObject;
  readonly expirationMs?: number;
  readonly originSessionRef?: SessionRef;
  readonly searchAttributes?: JsonObject;
}

export type NewHandle = Omit<HandleRecord, "id" | "sessionKey" | "createTimeMs">;
