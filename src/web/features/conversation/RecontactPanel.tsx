import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, ConversationWithMessages } from '../../api/types.ts';
import { navigate } from '../../app/router.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { Dialog } from '../../app/Dialog.tsx';
import type { ViewId } from '../inbox/views.ts';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Supervisors and admins correct the runaround metric (agents may not: it counts against the earlier owner). */
export function canCorrectRecontacts(role: string): boolean {
  return role === 'supervisor' || role === 'admin';
}

/**
 * The customer came back about the same matter: which conversation this continues, and why it was judged so. A
 * supervisor who knows better removes the link ("not the same matter").
 */
export function RecontactBanner({ conversation, view, onChanged }: { conversation: ConversationWithMessages; view: ViewId; onChanged: (c: Conversation) => void }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const link = conversation.recontact;
  if (!link) return null;
  const unlink = async () => {
    setBusy(true);
    setError(null);
    try {
      const updated = await ws.api.unlinkRecontact(conversation.id);
      ws.notify('info', t('recontact.unlinked', { number: conversation.number }));
      onChanged(updated);
    } catch (err) {
      setError(t('recontact.failed', { error: message(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="recontact-banner" aria-labelledby="recontact-title" data-testid="recontact">
      <h3 id="recontact-title">{t('recontact.bannerTitle')}</h3>
      <p>
        {t(`recontact.reason.${link.reason ?? 'unjudged'}`)}{' '}
        <a
          href={`/inbox/${view}/${link.ofId}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/inbox/${view}/${link.ofId}`);
          }}
        >
          {t('recontact.openEarlier')}
        </a>
      </p>
      {canCorrectRecontacts(ws.me.role) && (
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => void unlink()}>
          {t('recontact.unlink')}
        </button>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** A supervisor links this conversation, by number, as a recontact of an earlier one the judgement missed. */
export function RecontactDialog({ conversation, onClose, onLinked }: { conversation: ConversationWithMessages; onClose: () => void; onLinked: (c: Conversation) => void }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const n = Number(number);
    if (!Number.isInteger(n) || n < 1) return setError(t('recontact.badNumber'));
    if (n === conversation.number) return setError(t('recontact.same'));
    setBusy(true);
    try {
      const found = (await ws.api.conversations({ number: n, limit: 1 })).items[0];
      if (!found) return setError(t('recontact.notFound', { number: n }));
      // The server checks the rest (same customer, solved or closed within the 7 days before): its reason shows here.
      const updated = await ws.api.linkRecontact(conversation.id, found.id);
      ws.notify('info', t('recontact.linked', { number: conversation.number, earlier: found.number }));
      onLinked(updated);
    } catch (err) {
      setError(t('recontact.failed', { error: message(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('recontact.title', { number: conversation.number })} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p className="muted">{t('recontact.explain')}</p>
        <div className="control">
          <label htmlFor="recontact-number">{t('recontact.number')}</label>
          <input
            id="recontact-number"
            inputMode="numeric"
            value={number}
            onChange={(e) => setNumber(e.target.value.replace(/[^0-9]/g, ''))}
            aria-describedby="recontact-error"
            aria-invalid={error ? true : undefined}
          />
        </div>
        <p id="recontact-error" className="form-error" role="alert">
          {error ?? ''}
        </p>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('recontact.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || number === ''}>
            {t('recontact.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
