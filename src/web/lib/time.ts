import type { TFunction } from 'i18next';

/** "5 min ago" style times through the locale files (abbreviations need no plural forms). */
export function relativeTime(t: TFunction, iso: string, now = Date.now()): string {
  const diff = now - new Date(iso).getTime();
  const minutes = Math.round(diff / 60_000);
  if (minutes < 1) return t('time.justNow');
  if (minutes < 60) return t('time.minutesAgo', { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 24) return t('time.hoursAgo', { count: hours });
  const days = Math.round(hours / 24);
  return t('time.daysAgo', { count: days });
}

/** Minutes left (or overdue) as "2 h 5 min" / "25 min". */
export function durationText(t: TFunction, minutes: number): string {
  const abs = Math.abs(Math.round(minutes));
  if (abs < 60) return t('time.minutes', { count: abs });
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return m === 0 ? t('time.hours', { count: h }) : t('time.hoursMinutes', { hours: h, minutes: m });
}

const formatters = new Map<string, Intl.DateTimeFormat>();
export function formatDateTime(iso: string, lang: string): string {
  let f = formatters.get(lang);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    } catch {
      f = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
    }
    formatters.set(lang, f);
  }
  return f.format(new Date(iso));
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(size < 10 * 1024 ? 1 : 0)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}
