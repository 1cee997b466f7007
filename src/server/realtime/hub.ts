/**
 * Fan-out of dispatched outbox events to the WebSocket clients of one process, per account. Each event carries
 * the outbox delivery sequence; a client that reconnects asks to resume after the last sequence it saw and the
 * hub replays the gap from the outbox before switching it to live delivery, without duplicates.
 */
export interface RealtimeEvent {
  seq: number;
  accountId: string;
  payload: Record<string, unknown>;
}

export interface RealtimeClient {
  accountId: string;
  send(data: string): void;
  /** Highest sequence already sent to this client. */
  lastSeq: number;
  /** While replaying, live events are buffered here and flushed in order afterwards. */
  buffer: RealtimeEvent[] | null;
}

export class RealtimeHub {
  private readonly clients = new Map<string, Set<RealtimeClient>>();

  add(client: RealtimeClient): void {
    let set = this.clients.get(client.accountId);
    if (!set) {
      set = new Set();
      this.clients.set(client.accountId, set);
    }
    set.add(client);
  }

  remove(client: RealtimeClient): void {
    const set = this.clients.get(client.accountId);
    if (!set) return;
    set.delete(client);
    if (set.size === 0) this.clients.delete(client.accountId);
  }

  count(): number {
    let n = 0;
    for (const set of this.clients.values()) n += set.size;
    return n;
  }

  publish(events: RealtimeEvent[]): void {
    for (const event of events) {
      const set = this.clients.get(event.accountId);
      if (!set) continue;
      for (const client of set) deliver(client, event);
    }
  }

  /** An ephemeral message (no seq, never stored: e.g. who is typing) to the account's clients but one. */
  sendToAccount(accountId: string, data: string, except?: RealtimeClient): void {
    const set = this.clients.get(accountId);
    if (!set) return;
    for (const client of set) if (client !== except) client.send(data);
  }

  /** Ends replay for a client: flushes what arrived live meanwhile, skipping what the replay already sent. */
  finishReplay(client: RealtimeClient): void {
    const buffered = client.buffer ?? [];
    client.buffer = null;
    for (const event of buffered.sort((a, b) => a.seq - b.seq)) deliver(client, event);
  }
}

export function deliver(client: RealtimeClient, event: RealtimeEvent): void {
  if (client.buffer) {
    client.buffer.push(event);
    return;
  }
  if (event.seq <= client.lastSeq) return;
  client.lastSeq = event.seq;
  client.send(JSON.stringify({ seq: event.seq, ...event.payload }));
}
