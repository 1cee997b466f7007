/**
 * Unread markers, kept per user on the server (POST /conversations/:id/read; list items and single reads carry
 * `unread`), so they follow the agent to every browser. This tracker only bridges the moments between server
 * reads: what the agent opened here, and live activity that arrived since the list was loaded.
 */

interface Known {
  /** The conversation's lastActivityAt this knowledge is about. */
  at: string;
  unread: boolean;
}

export interface UnreadItem {
  id: string;
  lastActivityAt: string;
  unread?: boolean | undefined;
}

export class UnreadTracker {
  private readonly known = new Map<string, Known>();
  private readonly listeners = new Set<() => void>();
  version = 0;

  /** `sendRead` tells the server the agent has seen a conversation (fire and forget; a failure leaves it unread there). */
  constructor(private readonly sendRead: (id: string) => Promise<unknown> = () => Promise.resolve()) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(id: string, value: Known): void {
    const current = this.known.get(id);
    if (current && current.at === value.at && current.unread === value.unread) return;
    this.known.set(id, value);
    this.version += 1;
    for (const l of this.listeners) l();
  }

  isUnread(c: UnreadItem): boolean {
    const k = this.known.get(c.id);
    if (!k) return c.unread ?? false;
    if (c.lastActivityAt > k.at) return true;
    return k.unread;
  }

  /**
   * What the server said about a conversation (a list item or a single read). Older news is ignored; at the same
   * activity a read we already know of wins (our POST may not have landed when the list was read).
   */
  fromServer(c: UnreadItem): void {
    if (typeof c.unread !== 'boolean') return;
    const k = this.known.get(c.id);
    if (k && c.lastActivityAt < k.at) return;
    if (k && c.lastActivityAt === k.at) return this.set(c.id, { at: k.at, unread: k.unread && c.unread });
    this.set(c.id, { at: c.lastActivityAt, unread: c.unread });
  }

  /** A live change by someone else: newer activity than we knew makes it unread. `previous` is the row as loaded. */
  activity(c: UnreadItem, previous?: UnreadItem): void {
    if (typeof c.unread === 'boolean') return this.fromServer(c);
    if (!this.known.has(c.id) && previous) this.fromServer(previous);
    const k = this.known.get(c.id);
    if (!k) {
      // Never seen here and the server said nothing: a conversation that just appeared.
      this.set(c.id, { at: c.lastActivityAt, unread: true });
      return;
    }
    if (c.lastActivityAt > k.at) this.set(c.id, { at: c.lastActivityAt, unread: true });
  }

  /** Our own change: not news to us (the server marks our own messages read already), nothing to send. */
  assumeSeen(c: UnreadItem): void {
    const k = this.known.get(c.id);
    if (k && k.at > c.lastActivityAt) return;
    this.set(c.id, { at: c.lastActivityAt, unread: false });
  }

  /** The agent opened (or is looking at) the conversation: read here at once, and on the server. */
  markSeen(c: UnreadItem): void {
    const k = this.known.get(c.id);
    if (k && k.at >= c.lastActivityAt && !k.unread && c.unread !== true) return;
    this.set(c.id, { at: k && k.at > c.lastActivityAt ? k.at : c.lastActivityAt, unread: false });
    this.sendRead(c.id).catch(() => undefined);
  }
}
