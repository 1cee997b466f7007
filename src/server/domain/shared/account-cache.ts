/**
 * Per-account settings that every create reads (SLA policies, feedback settings) kept in process memory.
 *
 * Every write path in this process calls `invalidate` after its commit, so the next read here is exact. Other
 * processes on the same database (a CLI `ingest`, a second instance) see a change within `ttlMs`. A load that was
 * already running when the entry was invalidated (it may have read the old rows) is returned but not kept: each
 * account has a generation that `invalidate` bumps, and a load stores its result only if the generation it started
 * under is still current.
 */
export interface AccountCache<T> {
  get(accountId: string, load: () => Promise<T>): Promise<T>;
  invalidate(accountId: string): void;
}

const MAX_ACCOUNTS = 10_000;

export function accountCache<T>(ttlMs: number, now: () => number = Date.now): AccountCache<T> {
  const entries = new Map<string, { value: T; until: number }>();
  const generations = new Map<string, number>();
  // Bumped when `generations` is emptied, so that no load started before that can store what it read.
  let epoch = 0;
  return {
    async get(accountId, load) {
      const hit = entries.get(accountId);
      if (hit && hit.until > now()) return hit.value;
      const started = { epoch, generation: generations.get(accountId) ?? 0 };
      const value = await load();
      if (epoch === started.epoch && (generations.get(accountId) ?? 0) === started.generation) {
        if (entries.size >= MAX_ACCOUNTS) entries.clear();
        entries.set(accountId, { value, until: now() + ttlMs });
      }
      return value;
    },
    invalidate(accountId) {
      entries.delete(accountId);
      if (generations.size >= MAX_ACCOUNTS) {
        generations.clear();
        epoch++;
      }
      generations.set(accountId, (generations.get(accountId) ?? 0) + 1);
    },
  };
}
