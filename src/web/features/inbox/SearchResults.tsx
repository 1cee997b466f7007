import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../api/types.ts';
import { relativeTime } from '../../lib/time.ts';

/** Search hits (at most 50, best first): one entry per conversation, with the best matching snippet. */
export function SearchResults({
  hits,
  error,
  activeId,
  hrefFor,
  onOpen,
}: {
  hits: SearchHit[] | null;
  error: string | null;
  activeId: string | null;
  hrefFor: (id: string) => string;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (error) return <p className="list-error" role="alert">{t('search.failed', { error })}</p>;
  if (!hits) return <p className="empty" aria-busy="true">{t('search.searching')}</p>;
  const seen = new Set<string>();
  const unique = hits.filter((h) => (seen.has(h.conversationId) ? false : (seen.add(h.conversationId), true)));
  if (unique.length === 0) return <p className="empty" role="status">{t('search.none')}</p>;
  return (
    <div className="list-scroll">
      <p className="visually-hidden" role="status">
        {t('search.count', { count: unique.length })}
      </p>
      <ul className="search-results" aria-label={t('search.resultsTitle')}>
        {unique.map((hit) => (
          <li key={hit.conversationId} className={`search-hit${hit.conversationId === activeId ? ' row-active' : ''}`}>
            <a
              href={hrefFor(hit.conversationId)}
              aria-current={hit.conversationId === activeId ? 'true' : undefined}
              onClick={(e) => {
                e.preventDefault();
                onOpen(hit.conversationId);
              }}
            >
              <span className="row-top">
                <span className="row-subject">
                  <span className="row-number">#{hit.conversation.number}</span> {hit.conversation.subject}
                </span>
                <time className="row-time" dateTime={hit.conversation.lastActivityAt}>
                  {relativeTime(t, hit.conversation.lastActivityAt)}
                </time>
              </span>
              <span className="search-snippet">{hit.snippet}</span>
              <span className="row-meta">
                <span className={`badge status-${hit.conversation.status}`}>{t(`status.${hit.conversation.status}`)}</span>
                <span className="badge badge-quiet">{t(`channel.${hit.conversation.channel}`)}</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
