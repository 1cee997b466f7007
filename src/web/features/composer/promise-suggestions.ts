import type { PromiseSuggestion } from '../../api/types.ts';

/** The server records at most this many promises with one reply. */
export const MAX_PROMISES_PER_REPLY = 10;

/**
 * Identifies a found promise across re-checks of the draft: positions move as the agent types, what was promised and
 * by when do not. An unticked "Track this promise" stays unticked while the promise stays the same.
 */
export function suggestionKey(s: Pick<PromiseSuggestion, 'description' | 'dueAt'>): string {
  return `${s.dueAt}\u0000${s.description}`;
}

/** A promise due already (or with no readable time) cannot be recorded: the server wants due times in the future. */
export function isTrackable(s: Pick<PromiseSuggestion, 'dueAt'>, now = Date.now()): boolean {
  const due = new Date(s.dueAt).getTime();
  return Number.isFinite(due) && due > now;
}

/** The promises to record with the reply: every found one the agent did not untick, once each, at most ten, none past. */
export function trackedPromises(items: readonly PromiseSuggestion[], untracked: ReadonlySet<string>, now = Date.now()): Array<{ description: string; dueAt: string }> {
  const seen = new Set<string>();
  const out: Array<{ description: string; dueAt: string }> = [];
  for (const item of items) {
    const key = suggestionKey(item);
    if (untracked.has(key) || seen.has(key) || !item.description.trim() || !isTrackable(item, now)) continue;
    seen.add(key);
    out.push({ description: item.description.trim().slice(0, 2000), dueAt: item.dueAt });
    if (out.length === MAX_PROMISES_PER_REPLY) break;
  }
  return out;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: string, timeZone: string): Intl.DateTimeFormat {
  const id = `${lang}|${timeZone}`;
  let f = formatters.get(id);
  if (f) return f;
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  for (const [l, tz] of [
    [lang, timeZone],
    [lang, undefined],
    ['en', timeZone],
    ['en', undefined],
  ] as const) {
    try {
      f = new Intl.DateTimeFormat(l, tz ? { ...options, timeZone: tz } : options);
      break;
    } catch {
      // an unknown language or time zone: try the next
    }
  }
  f ??= new Intl.DateTimeFormat('en', options);
  formatters.set(id, f);
  return f;
}

/** When a found promise is due, in the UI language and the time zone the server read the draft in. */
export function formatDue(iso: string, lang: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(lang, timeZone).format(date);
}
