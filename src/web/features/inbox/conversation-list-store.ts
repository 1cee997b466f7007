import type { ConversationQuery } from '../../api/client.ts';
import type { Conversation, Page } from '../../api/types.ts';
import { matchesQuery, type ListQuery } from './views.ts';

export interface ListSnapshot {
  readonly items: readonly Conversation[];
  readonly loading: boolean;
  readonly error: string | null;
  readonly hasMore: boolean;
  /** Conversations fetched so far (more than `items` when the view filters on the client). */
  readonly scanned: number;
}

export type FetchPage = (query: ConversationQuery, signal: AbortSignal) => Promise<Page<Conversation>>;
export type UpsertResult = 'added' | 'moved' | 'updated' | 'removed' | 'ignored';

/** Pages fetched per loadMore() at most while a client-side filter keeps finding too little. */
const MAX_SCAN_PAGES = 8;

/** Newest activity first, then id descending: the server's order, so live inserts and pages interleave correctly. */
function before(a: Conversation, b: Conversation): boolean {
  return a.lastActivityAt > b.lastActivityAt || (a.lastActivityAt === b.lastActivityAt && a.id > b.id);
}

/**
 * One inbox view: the loaded part of a cursor-paged list, kept in server order while live changes arrive.
 * Framework-free (React reads it through useSyncExternalStore), so it is unit-tested in Node.
 */
export class ConversationListStore {
  private items: Conversation[] = [];
  private readonly ids = new Set<string>();
  private cursor: string | null = null;
  private started = false;
  private snapshot: ListSnapshot;
  private readonly listeners = new Set<() => void>();
  private controller = new AbortController();
  private inflight: Promise<void> | null = null;
  private scanned = 0;
  private error: string | null = null;

  constructor(
    private readonly fetchPage: FetchPage,
    readonly query: ListQuery,
    private readonly pageSize = 50,
  ) {
    this.snapshot = this.makeSnapshot();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ListSnapshot => this.snapshot;

  get(id: string): Conversation | undefined {
    return this.ids.has(id) ? this.items.find((c) => c.id === id) : undefined;
  }

  private get hasMore(): boolean {
    return !this.query.empty && (!this.started || this.cursor !== null);
  }

  private makeSnapshot(): ListSnapshot {
    return { items: this.items, loading: this.inflight !== null, error: this.error, hasMore: this.hasMore, scanned: this.scanned };
  }

  private emit(): void {
    this.snapshot = this.makeSnapshot();
    for (const l of this.listeners) l();
  }

  /** Loads the next page (several when a client-side filter matches little). Concurrent calls share one load. */
  loadMore(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (!this.hasMore) return Promise.resolve();
    const signal = this.controller.signal;
    this.error = null;
    const run = async () => {
      let pages = 0;
      let matched = 0;
      do {
        const page = await this.fetchPage({ ...this.query.server, limit: this.pageSize, cursor: this.cursor }, signal);
        if (signal.aborted) return;
        this.started = true;
        this.cursor = page.nextCursor;
        this.scanned += page.items.length;
        const fresh = page.items.filter((c) => !this.ids.has(c.id) && (!this.query.clientFilter || this.query.clientFilter(c)));
        for (const c of fresh) this.ids.add(c.id);
        if (fresh.length > 0) this.items = [...this.items, ...fresh];
        matched += fresh.length;
        pages += 1;
      } while (this.query.clientFilter && this.cursor !== null && matched < this.pageSize / 2 && pages < MAX_SCAN_PAGES);
    };
    const promise: Promise<void> = run()
      .catch((error: unknown) => {
        if (!signal.aborted) this.error = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        if (this.inflight === promise) this.inflight = null;
        if (!signal.aborted) this.emit();
      });
    this.inflight = promise;
    this.emit();
    return promise;
  }

  /**
   * A conversation as it is now (from the WebSocket or our own change): it joins, moves within or leaves the list.
   * One that now sorts after the loaded part is left for paging to bring, so order and cursor stay right.
   */
  upsert(next: Conversation): UpsertResult {
    const index = this.ids.has(next.id) ? this.items.findIndex((c) => c.id === next.id) : -1;
    const previous = index >= 0 ? this.items[index] : undefined;
    const merged: Conversation = previous && next.customer === undefined ? { ...next, customer: previous.customer } : next;
    if (!matchesQuery(merged, this.query)) {
      if (index < 0) return 'ignored';
      this.removeAt(index);
      return 'removed';
    }
    const rest = index >= 0 ? [...this.items.slice(0, index), ...this.items.slice(index + 1)] : this.items;
    let lo = 0;
    let hi = rest.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(rest[mid]!, merged)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === rest.length && this.hasMore) {
      if (index < 0) return 'ignored';
      this.removeAt(index);
      return 'removed';
    }
    this.items = [...rest.slice(0, lo), merged, ...rest.slice(lo)];
    this.ids.add(merged.id);
    this.emit();
    return index < 0 ? 'added' : index === lo ? 'updated' : 'moved';
  }

  remove(id: string): void {
    if (!this.ids.has(id)) return;
    this.removeAt(this.items.findIndex((c) => c.id === id));
  }

  private removeAt(index: number): void {
    const gone = this.items[index];
    this.items = [...this.items.slice(0, index), ...this.items.slice(index + 1)];
    if (gone) this.ids.delete(gone.id);
    this.emit();
  }

  /** Fills in customer names learnt later (live items carry only the customer id). */
  setCustomer(customer: NonNullable<Conversation['customer']>): void {
    let changed = false;
    this.items = this.items.map((c) => {
      if (c.customerId !== customer.id || c.customer) return c;
      changed = true;
      return { ...c, customer };
    });
    if (changed) this.emit();
  }

  /** Stops a load in flight (the view is going away); a later loadMore() starts cleanly. */
  abort(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.inflight = null;
  }

  /** Starts over (e.g. the feed could not replay what was missed). */
  reset(): Promise<void> {
    this.controller.abort();
    this.controller = new AbortController();
    this.inflight = null;
    this.items = [];
    this.ids.clear();
    this.cursor = null;
    this.started = false;
    this.scanned = 0;
    this.error = null;
    this.emit();
    return this.loadMore();
  }
}
