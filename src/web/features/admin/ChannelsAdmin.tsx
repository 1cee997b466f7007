import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOverview, EmailAddress } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { relativeTime } from '../../lib/time.ts';

/** The channels customers reach the account on, and the inbound email addresses (admins only, as every admin page). */
export function ChannelsAdmin() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [overview, setOverview] = useState<ChannelOverview | null>(null);
  const [addresses, setAddresses] = useState<EmailAddress[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; displayName: string; teamId: string } | null>(null);
  const [address, setAddress] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [teamId, setTeamId] = useState('');
  const [makeDefault, setMakeDefault] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [channels, list] = await Promise.all([ws.api.channels(), ws.api.emailAddresses()]);
      setOverview(channels);
      setAddresses(list.items);
      setLoadError(null);
    } catch (e) {
      setLoadError(e instanceof Error ? e.message : String(e));
    }
  }, [ws.api]);

  useEffect(() => void load(), [load]);

  /** Runs one change, reports it, and reads the page again (a default moves, counts change). */
  const change = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      ws.notify('info', done);
      await load();
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const value = address.trim();
    const ok = await change(
      () => ws.api.createEmailAddress({ address: value, ...(displayName.trim() ? { displayName: displayName.trim() } : {}), ...(teamId ? { teamId } : {}), ...(makeDefault ? { isDefault: true } : {}) }),
      t('admin.channels.created', { address: value.toLowerCase() }),
    );
    if (ok) {
      setAddress('');
      setDisplayName('');
      setTeamId('');
      setMakeDefault(false);
    }
  };

  const teamName = (id: string | null) => (id ? (ws.teams.find((x) => x.id === id)?.name ?? '?') : t('admin.channels.noTeam'));

  return (
    <>
      <h1 id="admin-title">{t('admin.sections.channels')}</h1>
      <p className="muted">{t('admin.channels.intro')}</p>
      {loadError && (
        <p className="form-error" role="alert">
          {t('admin.channels.loadFailed', { error: loadError })}
        </p>
      )}
      {overview && (
        <>
          <table className="data-table" data-testid="channel-overview">
            <thead>
              <tr>
                <th scope="col">{t('admin.channels.channel')}</th>
                <th scope="col">{t('admin.channels.status')}</th>
                <th scope="col">{t('admin.channels.last30')}</th>
                <th scope="col">{t('admin.channels.lastAt')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.items.map((c) => (
                <tr key={c.channel}>
                  <td>{t(`channel.${c.channel}`)}</td>
                  <td>
                    <span className={`badge channel-status-${c.status}`} title={t(`admin.channels.statusHints.${c.status}`)}>
                      {t(`admin.channels.statuses.${c.status}`)}
                    </span>
                  </td>
                  <td>{c.conversations30d}</td>
                  <td>{c.lastConversationAt ? relativeTime(t, c.lastConversationAt) : t('admin.channels.never')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            {[
              t('admin.channels.smtpIngress', { state: t(overview.email.smtpIngress ? 'admin.channels.on' : 'admin.channels.off') }),
              t('admin.channels.imap', { n: overview.email.imapMailboxes }),
              t('admin.channels.outbound', { state: t(overview.email.outboundRelay ? 'admin.channels.on' : 'admin.channels.off') }),
            ].join(' · ')}
          </p>
        </>
      )}

      <h2>{t('admin.channels.addressesTitle')}</h2>
      {addresses.length === 0 ? (
        <p className="muted">{t('admin.channels.none')}</p>
      ) : (
        <table className="data-table" data-testid="email-addresses">
          <thead>
            <tr>
              <th scope="col">{t('admin.channels.address')}</th>
              <th scope="col">{t('admin.channels.displayName')}</th>
              <th scope="col">{t('admin.channels.team')}</th>
              <th scope="col">{t('admin.channels.default')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.channels.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {addresses.map((a) =>
              editing?.id === a.id ? (
                <tr key={a.id}>
                  <td>{a.address}</td>
                  <td>
                    <input
                      aria-label={t('admin.channels.displayName')}
                      value={editing.displayName}
                      maxLength={200}
                      onChange={(e) => setEditing({ ...editing, displayName: e.target.value })}
                    />
                  </td>
                  <td>
                    <select aria-label={t('admin.channels.team')} value={editing.teamId} onChange={(e) => setEditing({ ...editing, teamId: e.target.value })}>
                      <option value="">{t('admin.channels.noTeam')}</option>
                      {ws.teams.map((team) => (
                        <option key={team.id} value={team.id}>
                          {team.name}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{a.isDefault ? t('admin.channels.default') : ''}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="btn btn-primary btn-small"
                        disabled={busy}
                        onClick={async () => {
                          const ok = await change(
                            () => ws.api.updateEmailAddress(a.id, { displayName: editing.displayName.trim() || null, teamId: editing.teamId || null }),
                            t('admin.channels.updated', { address: a.address }),
                          );
                          if (ok) setEditing(null);
                        }}
                      >
                        {t('admin.channels.save')}
                      </button>
                      <button type="button" className="btn btn-ghost btn-small" onClick={() => setEditing(null)}>
                        {t('admin.channels.cancel')}
                      </button>
                    </div>
                  </td>
                </tr>
              ) : (
                <tr key={a.id}>
                  <td>{a.address}</td>
                  <td>{a.displayName ?? '—'}</td>
                  <td>{teamName(a.teamId)}</td>
                  <td>{a.isDefault ? <span className="badge">{t('admin.channels.default')}</span> : ''}</td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="btn btn-ghost btn-small" onClick={() => setEditing({ id: a.id, displayName: a.displayName ?? '', teamId: a.teamId ?? '' })}>
                        {t('admin.channels.edit')}
                      </button>
                      {!a.isDefault && (
                        <>
                          <button
                            type="button"
                            className="btn btn-ghost btn-small"
                            disabled={busy}
                            onClick={() => void change(() => ws.api.updateEmailAddress(a.id, { isDefault: true }), t('admin.channels.defaultNow', { address: a.address }))}
                          >
                            {t('admin.channels.makeDefault')}
                          </button>
                          <button
                            type="button"
                            className="btn btn-ghost btn-small"
                            disabled={busy}
                            onClick={() => {
                              if (window.confirm(t('admin.channels.removeConfirm', { address: a.address }))) {
                                void change(() => ws.api.deleteEmailAddress(a.id), t('admin.channels.removed', { address: a.address }));
                              }
                            }}
                          >
                            {t('admin.channels.remove')}
                          </button>
                        </>
                      )}
                    </div>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}

      <form className="admin-form" onSubmit={add}>
        <h2>{t('admin.channels.add')}</h2>
        <div className="form-grid">
          <label htmlFor="address-value">{t('admin.channels.address')}</label>
          <input id="address-value" type="email" value={address} onChange={(e) => setAddress(e.target.value)} required maxLength={320} />
          <label htmlFor="address-name">{t('admin.channels.displayName')}</label>
          <input id="address-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={200} placeholder={t('admin.channels.displayNameHint')} />
          <label htmlFor="address-team">{t('admin.channels.team')}</label>
          <select id="address-team" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="">{t('admin.channels.noTeam')}</option>
            {ws.teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={makeDefault} onChange={(e) => setMakeDefault(e.target.checked)} />
          {t('admin.channels.makeDefaultLabel')}
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy || !address.trim()}>
          {t('admin.channels.create')}
        </button>
      </form>
    </>
  );
}
