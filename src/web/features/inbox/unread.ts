/** What the agent has seen, per browser: a conversation is unread when it had activity after they last opened it. */

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

interface SeenState {
  /** Activity before this instant counts as seen (the first time this agent used this browser). */
  since: string;
  seen: Record<string, string>;
}

/** Enough for months of work; the oldest entries go first (they are long read or long gone). */
const MAX_ENTRIES = 5000;

export class UnreadTracker {
  private state: SeenState;
  private readonly key: string;
  private readonly listeners = new Set<() => void>();
  version = 0;

  constructor(
    private readonly storage: KeyValueStorage,
    userId: string,
    now: () => Date = () => new Date(),
  ) {
    this.key = `servisto.seen.${userId}`;
    this.state = this.read() ?? { since: now().toISOString(), seen: {} };
    this.write();
  }

  private read(): SeenState | null {
    try {
      const raw = this.storage.getItem(this.key);
      if (!raw) return null;
      const parsed = JSON.parse(raw) as Partial<SeenState>;
      if (typeof parsed.since !== 'string' || typeof parsed.seen !== 'object' || parsed.seen === null) return null;
      return { since: parsed.since, seen: parsed.seen };
    } catch {
      return null;
    }
  }

  private write(): void {
    const entries = Object.entries(this.state.seen);
    if (entries.length > MAX_ENTRIES) {
      entries.sort((a, b) => (a[1] < b[1] ? 1 : -1));
      this.state.seen = Object.fromEntries(entries.slice(0, MAX_ENTRIES));
    }
    try {
      this.storage.setItem(this.key, JSON.stringify(this.state));
    } catch {
      // storage full or disabled: markers still work for this page
    }
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isUnread(c: { id: string; lastActivityAt: string }): boolean {
    return c.lastActivityAt > (this.state.seen[c.id] ?? this.state.since);
  }

  markSeen(c: { id: string; lastActivityAt: string }): void {
    const current = this.state.seen[c.id];
    if (current !== undefined && current >= c.lastActivityAt) return;
    this.state.seen[c.id] = c.lastActivityAt;
    this.write();
    this.version += 1;
    for (const l of this.listeners) l();
  }
}
