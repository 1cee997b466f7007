import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import type { ConversationWithMessages, Handover, Message } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { Dialog } from '../../app/Dialog.tsx';
import { formatDateTime } from '../../lib/time.ts';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Transfer to an agent or a team with a handover note; the server's refusal (e.g. no note) shows inline. */
export function TransferDialog({ conversation, onClose, onDone }: { conversation: ConversationWithMessages; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [kind, setKind] = useState<'user' | 'team'>('user');
  const agents = ws.users.filter((u) => u.active && u.id !== conversation.assigneeId);
  const [userId, setUserId] = useState(agents[0]?.id ?? '');
  const [teamId, setTeamId] = useState(ws.teams[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ws.api.transfer(conversation.id, kind === 'user' ? { toUserId: userId, note } : { toTeamId: teamId, note });
      ws.notify('info', t('transfer.done', { number: conversation.number }));
      onDone();
    } catch (err) {
      const details = err instanceof ApiError ? (err.details as { field?: string; fields?: Array<{ field: string }> } | undefined) : undefined;
      setError({ field: details?.fields?.[0]?.field ?? details?.field ?? null, text: message(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('transfer.title', { number: conversation.number })} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} className="dialog-form" noValidate>
        <fieldset className="checks">
          <legend>{t('transfer.to')}</legend>
          <label className="control-inline">
            <input type="radio" name="transfer-kind" checked={kind === 'user'} onChange={() => setKind('user')} /> {t('transfer.toAgent')}
          </label>
          <label className="control-inline">
            <input type="radio" name="transfer-kind" checked={kind === 'team'} disabled={ws.teams.length === 0} onChange={() => setKind('team')} /> {t('transfer.toTeam')}
          </label>
        </fieldset>
        {kind === 'user' ? (
          <div className="control">
            <label htmlFor="transfer-user">{t('transfer.agent')}</label>
            <select id="transfer-user" value={userId} onChange={(e) => setUserId(e.target.value)}>
              {agents.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="control">
            <label htmlFor="transfer-team">{t('transfer.team')}</label>
            <select id="transfer-team" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              {ws.teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="control">
          <label htmlFor="transfer-note">{t('transfer.note')}</label>
          <textarea
            id="transfer-note"
            rows={5}
            value={note}
            aria-required="true"
            aria-invalid={error?.field === 'note'}
            aria-describedby="transfer-note-hint transfer-error"
            onChange={(e) => setNote(e.target.value)}
          />
          <p id="transfer-note-hint" className="muted small">
            {t('transfer.noteHint')}
          </p>
        </div>
        <p id="transfer-error" className="form-error" role="alert">
          {error ? t('transfer.failed', { error: error.text }) : ''}
        </p>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('transfer.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || (kind === 'user' ? !userId : !teamId)}>
            {t('transfer.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Merge this conversation into another one, found by its number, after a confirmation. */
export function MergeDialog({ conversation, onClose, onMerged }: { conversation: ConversationWithMessages; onClose: () => void; onMerged: (survivorId: string) => void }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [number, setNumber] = useState('');
  const [target, setTarget] = useState<{ id: string; number: number; subject: string; customerId: string } | null>(null);
  const [allowOther, setAllowOther] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const find = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const n = Number(number);
    if (!Number.isInteger(n) || n < 1) return setError(t('merge.badNumber'));
    if (n === conversation.number) return setError(t('merge.same'));
    setBusy(true);
    try {
      const page = await ws.api.conversations({ number: n, limit: 1 });
      const found = page.items[0];
      if (!found) setError(t('merge.notFound', { number: n }));
      else setTarget({ id: found.id, number: found.number, subject: found.subject, customerId: found.customerId });
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      const survivor = await ws.api.merge(conversation.id, { intoId: target.id, ...(allowOther ? { allowDifferentCustomer: true } : {}) });
      ws.notify('info', t('merge.done', { from: conversation.number, into: survivor.number }));
      onMerged(survivor.id);
    } catch (err) {
      setError(t('merge.failed', { error: message(err) }));
    } finally {
      setBusy(false);
    }
  };
  const otherCustomer = target !== null && target.customerId !== conversation.customerId;

  return (
    <Dialog title={t('merge.title', { number: conversation.number })} onClose={onClose}>
      {!target ? (
        <form onSubmit={(e) => void find(e)} noValidate>
          <div className="control">
            <label htmlFor="merge-number">{t('merge.number')}</label>
            <input id="merge-number" inputMode="numeric" value={number} onChange={(e) => setNumber(e.target.value.replace(/[^0-9]/g, ''))} aria-describedby="merge-error" />
          </div>
          <p id="merge-error" className="form-error" role="alert">
            {error ?? ''}
          </p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={onClose}>
              {t('merge.cancel')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy || number === ''}>
              {t('merge.find')}
            </button>
          </div>
        </form>
      ) : (
        <div>
          <p>{t('merge.confirm', { from: conversation.number, into: target.number, subject: target.subject })}</p>
          <p className="muted">{t('merge.explain', { from: conversation.number })}</p>
          {otherCustomer && (
            <label className="control-inline">
              <input type="checkbox" checked={allowOther} onChange={(e) => setAllowOther(e.target.checked)} /> {t('merge.otherCustomer')}
            </label>
          )}
          <p className="form-error" role="alert">
            {error ?? ''}
          </p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setTarget(null)}>
              {t('merge.back')}
            </button>
            <button type="button" className="btn btn-primary" data-autofocus disabled={busy || (otherCustomer && !allowOther)} onClick={() => void confirm()}>
              {t('merge.submit', { into: target.number })}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

/** Split a message and everything after it off into a new conversation, after a confirmation. */
export function SplitDialog({ conversation, from, onClose, onSplit }: { conversation: ConversationWithMessages; from: Message; onClose: () => void; onSplit: (newId: string) => void }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = conversation.messages.filter((m) => m.seq >= from.seq).map((m) => m.id);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await ws.api.split(conversation.id, { messageIds: ids });
      ws.notify('info', t('split.done', { number: created.number }));
      onSplit(created.id);
    } catch (err) {
      setError(t('split.failed', { error: message(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('split.title', { number: conversation.number })} onClose={onClose}>
      <p>{t('split.confirm', { n: ids.length })}</p>
      <p className="form-error" role="alert">
        {error ?? ''}
      </p>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('split.cancel')}
        </button>
        <button type="button" className="btn btn-primary" data-autofocus disabled={busy} onClick={() => void confirm()}>
          {t('split.submit')}
        </button>
      </div>
    </Dialog>
  );
}

/** The latest handover note, on top of the conversation: the receiver reads it first. */
export function HandoverBanner({ handover, messages }: { handover: Handover; messages: readonly Message[] }) {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  // Who wrote the note (who handed over); else the previous owner.
  const writer = messages.find((m) => m.id === handover.messageId)?.author.userId ?? handover.fromUserId;
  const from = writer ? (ws.usersById.get(writer)?.name ?? t('timeline.formerUser')) : t('timeline.system');
  const to = handover.toUserId ? ws.usersById.get(handover.toUserId)?.name : handover.toTeamId ? ws.teams.find((x) => x.id === handover.toTeamId)?.name : undefined;
  return (
    <section className="handover-banner" aria-labelledby="handover-title" data-testid="handover">
      <h3 id="handover-title">
        {t('transfer.bannerTitle', { from, to: to ?? t('conversation.unassigned') })}{' '}
        <time className="muted small" dateTime={handover.at}>
          {formatDateTime(handover.at, i18n.language)}
        </time>
      </h3>
      <p className="handover-note">{handover.note}</p>
    </section>
  );
}
