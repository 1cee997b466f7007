import { useTranslation } from 'react-i18next';
import type { PromiseSuggestions as Found } from '../../api/types.ts';
import { formatDue, isTrackable, suggestionKey } from './promise-suggestions.ts';

/** The promises the draft makes, each with its due time and whether to track it once the reply is sent. */
export function PromiseSuggestions({ found, untracked, onToggle }: { found: Found; untracked: ReadonlySet<string>; onToggle: (key: string, track: boolean) => void }) {
  const { t, i18n } = useTranslation();
  if (found.items.length === 0) return null;
  return (
    <section className="promise-suggestions" aria-labelledby="promise-suggestions-title" data-testid="promise-suggestions">
      <h4 id="promise-suggestions-title" className="small">
        {t('composer.promises.title', { count: found.items.length })}
      </h4>
      <ul>
        {found.items.map((p, i) => {
          const key = suggestionKey(p);
          const id = `promise-suggestion-${i}`;
          const trackable = isTrackable(p);
          return (
            <li key={`${key}:${p.start}`} className="promise-suggestion">
              <span className="promise-suggestion-text">
                <span className="promise-text">{p.description}</span>{' '}
                <span className="muted small">
                  {t('composer.promises.due', { due: formatDue(p.dueAt, i18n.language, found.timeZone) })}
                  {p.text && p.text !== p.description && <> · «{p.text}»</>}
                  {!trackable && <> · {t('composer.promises.past')}</>}
                </span>
              </span>
              <label className="check" htmlFor={id}>
                <input id={id} type="checkbox" checked={trackable && !untracked.has(key)} disabled={!trackable} onChange={(e) => onToggle(key, e.target.checked)} aria-describedby={`${id}-what`} />
                {t('composer.promises.track')}
                <span id={`${id}-what`} className="visually-hidden">
                  {p.description}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
