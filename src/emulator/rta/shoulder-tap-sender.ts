/**
 * After every committed session change: a shoulder tap to each member (and each member that just
 * left) whose `subscription.changeTypes` covers the change and whose `connection` is one of its live
 * RTA connections.
 */
import { mpsdTime, type MemberRecord, type SessionRecord } from "../model/session-model.js";
import { changeTypesOf, subscriptionWants } from "./change-types.js";
import type { ConnectionRegistry } from "./connection-registry.js";
import type { RtaServer } from "./rta-server.js";

export function sendShoulderTaps(
  before: SessionRecord | undefined,
  after: SessionRecord,
  server: RtaServer,
  registry: ConnectionRegistry,
  now: number,
): number {
  const changes = changeTypesOf(before, after);
  const resource = `${after.ref.scid}~${after.ref.templateName}~${after.ref.name}`;
  const stillThere = new Set(after.members.map((m) => m.xuid));
  const departed = (before?.members ?? []).filter((m) => !stillThere.has(m.xuid));
  let sent = 0;
  for (const member of [...after.members, ...departed] as MemberRecord[]) {
    const { connection, subscription } = member.properties.system;
    if (typeof connection !== "string" || !subscriptionWants(subscription, changes)) continue;
    if (!registry.isLiveConnectionOf(connection, member.xuid)) continue;
    const delivered = server.deliver(connection, {
      timestamp: mpsdTime(now),
      subscription: subscription.id,
      resourceType: "mpsd/session",
      resource,
      branch: after.branch,
      changeNumber: after.changeNumber,
    });
    if (delivered) sent++;
  }
  return sent;
}
