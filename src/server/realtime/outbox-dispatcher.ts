import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RealtimeEvent } from './hub.js';

export type OutboxSubscriber = (events: RealtimeEvent[]) => void | Promise<void>;

export interface OutboxDispatcherOptions {
  pollMs: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
}

/**
 * Delivers outbox rows after their transaction committed. One dispatch transaction at a time (the outbox_state
 * row is the lock, across processes too) claims the undelivered rows that are visible, stamps them with the next
 * gap-free delivery sequence in commit order, and commits; only then are they handed to subscribers. A crash
 * before that commit leaves the rows undelivered for the next round; a crash after it is covered by clients
 * resuming from their last sequence (they replay from the outbox). Each row is therefore dispatched once.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly subscribers: OutboxSubscriber[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: OutboxDispatcherOptions,
  ) {}

  subscribe(subscriber: OutboxSubscriber): void {
    this.subscribers.push(subscriber);
  }

  start(): void {
    this.stopped = false;
    this.schedule();
    this.kick();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.kick();
      this.schedule();
    }, this.options.pollMs);
    this.timer.unref();
  }

  /** Asks for a dispatch round soon (called after every commit that wrote to the outbox). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
      // A kick that came after the loop's last look at `again` but before this callback would otherwise be lost
      // until the next poll.
      if (this.again) this.kick();
    });
  }

  /**
   * Rounds back to back while commits keep kicking: a kick during a round asks for exactly one more, so a burst of
   * commits is dispatched in few rounds and an idle dispatcher starts at once. A round that took fewer rows than a
   * batch saw everything committed before it began (and every commit after that kicked), so it is not repeated
   * to find nothing; only a full batch is followed at once by another.
   */
  private async loop(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    do {
      this.again = false;
      try {
        let n: number;
        do {
          n = await this.dispatchOnce();
        } while (n >= batchSize && !this.stopped);
      } catch (error) {
        this.options.onError?.(error);
      }
    } while (this.again && !this.stopped);
  }

  /** One round; returns how many rows were dispatched. */
  async dispatchOnce(): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    const events = await this.db.transaction().execute(async (trx) => {
      const state = await trx.selectFrom('outbox_state').select('last_seq').where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
      // One statement after the lock (its snapshot is taken once the lock is held, so it sees every row a previous
      // holder dispatched): claim the oldest undelivered rows, number them in id order and advance the sequence.
      const { rows } = await sql<{ account_id: string; payload: RealtimeEvent['payload'] }>`
        WITH picked AS (
          SELECT id, account_id, payload, row_number() OVER (ORDER BY id) AS ord FROM outbox
          WHERE dispatched_at IS NULL ORDER BY id LIMIT ${batchSize}
        ), stamped AS (
          UPDATE outbox SET dispatched_at = now(), delivery_seq = ${state.last_seq}::bigint + picked.ord
          FROM picked WHERE outbox.id = picked.id
        ), advanced AS (
          UPDATE outbox_state SET last_seq = ${state.last_seq}::bigint + (SELECT count(*) FROM picked)
          WHERE id = 1 AND EXISTS (SELECT 1 FROM picked)
        )
        SELECT account_id, payload FROM picked ORDER BY ord`.execute(trx);
      const out: RealtimeEvent[] = rows.map((row, i) => ({ seq: state.last_seq + i + 1, accountId: row.account_id, payload: row.payload }));
      return out;
    });
    if (events.length > 0) {
      for (const subscriber of this.subscribers) {
        try {
          await subscriber(events);
        } catch (error) {
          this.options.onError?.(error);
        }
      }
    }
    return events.length;
  }

  /** Stops polling and waits for a round in progress; then drains what is left once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    try {
      let n: number;
      do {
        n = await this.dispatchOnce();
      } while (n > 0);
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
