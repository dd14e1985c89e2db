/**
 * The emulator's live RTA connections: each ConnectionId is bound to the socket and the user that
 * subscribed to MPSD's connections/ resource. MPSD asks two questions of it: is this ConnectionId one
 * of this user's live connections, and since when has a dead one been gone.
 */

export interface ConnectionRecord {
  readonly connectionId: string;
  readonly xuid: string;
  /** Undefined while live; when the socket closed or the subscription ended (clock ms). */
  closedAt: number | undefined;
}

/** Dead connections remembered (for their close time) before the oldest are forgotten. */
const REMEMBERED_CLOSED = 10_000;

export class ConnectionRegistry {
  private readonly connections = new Map<string, ConnectionRecord>();
  private readonly closedOrder: string[] = [];
  private readonly listeners = new Set<(record: ConnectionRecord) => void>();

  open(connectionId: string, xuid: string): ConnectionRecord {
    const record: ConnectionRecord = { connectionId: connectionId.toLowerCase(), xuid, closedAt: undefined };
    this.connections.set(record.connectionId, record);
    return record;
  }

  close(connectionId: string, now: number): void {
    const record = this.connections.get(connectionId.toLowerCase());
    if (record === undefined || record.closedAt !== undefined) return;
    record.closedAt = now;
    this.closedOrder.push(record.connectionId);
    if (this.closedOrder.length > REMEMBERED_CLOSED) this.connections.delete(this.closedOrder.shift() as string);
    for (const listener of this.listeners) listener(record);
  }

  get(connectionId: string): ConnectionRecord | undefined {
    return this.connections.get(connectionId.toLowerCase());
  }

  isLiveConnectionOf(connectionId: string, xuid: string): boolean {
    const record = this.get(connectionId);
    return record !== undefined && record.closedAt === undefined && record.xuid === xuid;
  }

  /** Called whenever a connection dies. */
  onClose(listener: (record: ConnectionRecord) => void): void {
    this.listeners.add(listener);
  }

  get liveCount(): number {
    let n = 0;
    for (const record of this.connections.values()) if (record.closedAt === undefined) n++;
    return n;
  }
}
