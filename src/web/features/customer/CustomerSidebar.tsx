import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerWithTimeline, Message, TimelineConversation } from '../../api/types.ts';
import { navigate } from '../../app/router.ts';
import { formatDateTime, relativeTime } from '../../lib/time.ts';
import type { ViewId } from '../inbox/views.ts';
import { CustomerPreferencesPanel } from './CustomerPreferencesPanel.tsx';
import { useCustomerPreferences } from './use-customer-preferences.ts';

interface Previous {
  conversation: TimelineConversation;
  lastCustomerMessage: Message | null;
  messages: number;
}

/** Everything the customer already told us, from every channel, so nobody asks twice. */
export function CustomerSidebar({ customer, currentConversationId, view }: { customer: CustomerWithTimeline | null; currentConversationId: string; view: ViewId }) {
  const { t, i18n } = useTranslation();
  const preferences = useCustomerPreferences(customer);

  const previous = useMemo<Previous[]>(() => {
    if (!customer) return [];
    const byId = new Map<string, Previous>();
    for (const c of customer.conversations) {
      if (c.id !== currentConversationId) byId.set(c.id, { conversation: c, lastCustomerMessage: null, messages: 0 });
    }
    for (const entry of customer.timeline) {
      if (entry.kind !== 'message') continue;
      const p = byId.get(entry.conversationId);
      if (!p) continue;
      p.messages += 1;
      if (entry.message.direction === 'inbound' && entry.message.type === 'message') p.lastCustomerMessage = entry.message;
    }
    return [...byId.values()].sort((a, b) => (a.conversation.lastActivityAt < b.conversation.lastActivityAt ? 1 : -1));
  }, [customer, currentConversationId]);

  if (!customer) {
    return (
      <section className="panel" aria-busy="true" aria-label={t('customer.title')}>
        <p className="muted small">{t('common.loading')}</p>
      </section>
    );
  }

  const attributes = Object.entries(customer.customAttributes ?? {}).filter(([, v]) => v !== null && v !== '' && typeof v !== 'object');
  const channels = [...new Set(customer.conversations.map((c) => c.channel))];

  return (
    <>
      <section className="panel customer" aria-labelledby="customer-title">
        <h3 id="customer-title">{t('customer.title')}</h3>
        <p className="customer-name">{customer.name ?? customer.email ?? t('inbox.unknownCustomer')}</p>
        <dl className="facts">
          {customer.emails.length > 0 && (
            <>
              <dt>{t('customer.email')}</dt>
              <dd>
                {customer.emails.map((e) => (
                  <span key={e} className="fact-line">
                    {e}
                  </span>
                ))}
              </dd>
            </>
          )}
          {customer.phones.length > 0 && (
            <>
              <dt>{t('customer.phone')}</dt>
              <dd>{customer.phones.join(', ')}</dd>
            </>
          )}
          <dt>{t('customer.organisation')}</dt>
          <dd>{customer.organisation?.name ?? t('customer.noOrganisation')}</dd>
          {channels.length > 0 && (
            <>
              <dt>{t('customer.channels')}</dt>
              <dd>{channels.map((c) => t(`channel.${c}`)).join(', ')}</dd>
            </>
          )}
          {attributes.map(([key, value]) => (
            <div key={key} className="fact-pair">
              <dt>{key}</dt>
              <dd>{String(value)}</dd>
            </div>
          ))}
          <dt>{t('customer.since')}</dt>
          <dd>{formatDateTime(customer.createdAt, i18n.language)}</dd>
        </dl>
        <CustomerPreferencesPanel key={customer.id} customerId={customer.id} preferences={preferences} />
      </section>
      <section className="panel" aria-labelledby="history-title">
        <h3 id="history-title">{t('customer.previous', { count: previous.length })}</h3>
        {previous.length === 0 ? (
          <p className="muted small">{t('customer.noPrevious')}</p>
        ) : (
          <ul className="history">
            {previous.map((p) => (
              <li key={p.conversation.id}>
                <a
                  href={`/inbox/${view}/${p.conversation.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/inbox/${view}/${p.conversation.id}`);
                  }}
                >
                  <span className="history-subject">
                    <span className="row-number">#{p.conversation.number}</span> {p.conversation.subject}
                  </span>
                  <span className="row-meta">
                    <span className={`badge status-${p.conversation.status}`}>{t(`status.${p.conversation.status}`)}</span>
                    <span className="badge badge-quiet">{t(`channel.${p.conversation.channel}`)}</span>
                    <span className="muted small">{relativeTime(t, p.conversation.lastActivityAt)}</span>
                  </span>
                  {p.lastCustomerMessage && <span className="history-snippet">{p.lastCustomerMessage.body.slice(0, 180)}</span>}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
